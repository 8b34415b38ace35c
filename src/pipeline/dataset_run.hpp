#pragma once
// Generates every trial of a (dataset) scenario into one HDF5 file.
//
// Nothing is lost to an interruption: each finished trial is also stored as its own small file
// in a hidden parts folder next to the output (".OUT.h5.parts/", renamed into place, so a killed
// process leaves only complete parts); on success the folder is removed. `resume` reuses the
// parts of an interrupted run of the same request (each part carries a fingerprint of scenario,
// model, seed, shard and version, and its trial), so a resumed dataset is identical to an
// uninterrupted one.
//
// `threads` threads in all, the calling thread included, simulate trials in any order; whichever
// of them is free writes the finished trials to the output strictly in trial order, one at a
// time (pipeline/in_order.hpp). So the file is the same whatever the thread count, and one
// thread means no other thread. At most 2 × threads finished trials wait to be written and the
// index is written along with the trials: memory is bounded by the work in flight, not by the
// dataset size. The callbacks are called in trial order, one at a time, from the thread that
// writes the trial. A trial whose integration fails numerically is recorded in the index as
// failed, with the reason, and not written as data; if every trial fails (or with fail_fast, at
// the first failure) the run fails with that NumericalError and leaves no output file. Bad input
// in any trial, an interruption, a file-system failure or an internal error also abort the run
// and leave no output file; the finished trials' parts are kept for --resume in every case but
// "every trial failed". The parts folder is locked (io/run_lock.hpp) while a run uses it.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/trial_record.hpp"
#include "pipeline/label_summary.hpp"
#include "engine/dataset_trials.hpp"
#include "engine/trial_runner.hpp"
#include "scenario/dataset_plan.hpp"
#include "scenario/overrides.hpp"
#include "scenario/scenario.hpp"

namespace nmsim::pipeline {

// One slice of a dataset: trials i with i mod n == k − 1 (k is 1-based).
struct Shard {
  std::uint64_t k = 1, n = 1;
  std::string str() const { return std::to_string(k) + "/" + std::to_string(n); }
  bool contains(std::uint64_t trial) const { return trial % n == k - 1; }
  // Its trials of a dataset of `total`: size_of(total) of them, the j-th being trial(j).
  std::uint64_t size_of(std::uint64_t total) const { return total >= k ? (total - k) / n + 1 : 0; }
  std::uint64_t trial(std::uint64_t j) const { return k - 1 + j * n; }
};
// Parses "K/N" (1 ≤ K ≤ N); InputError otherwise.
Shard parse_shard(const std::string& text);

struct DatasetRequest {
  std::filesystem::path scenario_file;
  std::vector<std::filesystem::path> model_dirs;  // searched for `model: NAME` (scenario::ScenarioSource)
  std::vector<config::Override> overrides;  // --set values, applied to every trial
  std::optional<std::uint64_t> seed;        // --seed
  std::filesystem::path output;
  unsigned threads = 0;                     // in all, writing included; 0 = one per hardware thread
  bool fail_fast = false;                   // stop (and write nothing) at the first failed trial
  bool resume = false;                      // continue an interrupted run of the same request
  bool compress = false;                    // gzip + shuffle on signals and labels (docs/format.md)
  bool force = false;                       // replace an existing output that is not an nmsim dataset
  std::optional<Shard> shard;               // generate only this slice (its own output file)
  std::string command_line;
};

struct Progress {
  std::uint64_t done = 0, total = 0, failed = 0;
  double elapsed_s = 0.0;
  double simulated_s = 0.0;
};

struct RunSummary {
  std::filesystem::path output;
  std::uint64_t trials = 0;
  std::uint64_t failed = 0;
  std::uint64_t reused = 0;   // trials taken from an interrupted run's parts (--resume)
  unsigned threads = 1;       // used, in all
  double simulated_s = 0.0;
  double wall_s = 0.0;
  LabelSummary labels;        // over the written trials
};

// `on_note` receives one-line notes for the user (what --resume kept, stale files removed).
RunSummary generate_dataset(const DatasetRequest& request,
                            const std::function<void(const Progress&)>& on_progress = {},
                            const std::function<void(std::uint64_t trial, const std::string& reason)>& on_failure = {},
                            const std::function<void(const std::string&)>& on_note = {});

// The hidden folder holding finished trials while `output` is being generated.
std::filesystem::path parts_folder(const std::filesystem::path& output);
// Finished trials (parts) kept in that folder for --resume; 0 if there is no folder.
std::uint64_t finished_parts(const std::filesystem::path& output);

// The request's scenario and its trials (validates its `dataset:` block).
engine::DatasetTrials dataset_trials(const DatasetRequest& request);

Provenance make_provenance(const scenario::Scenario& scenario, const std::string& command_line);

}  // namespace nmsim::pipeline
