#pragma once
// Generates every trial of a scenario into one HDF5 file, atomically: the output name
// appears only when all trials succeeded and the file is complete.
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

#include "core/trial_record.hpp"
#include "pipeline/trial_runner.hpp"
#include "scenario/scenario.hpp"

namespace nmsim::pipeline {

struct RunSummary {
  std::filesystem::path output;
  std::uint64_t trials = 0;
  double simulated_s = 0.0;
  double wall_s = 0.0;
  std::size_t clonus_episodes = 0;
  std::size_t clonus_beats = 0;
  double clonus_frequency_hz = 0.0;  // of the longest episode in the last trial with one
};

// `on_trial` is called after each trial is written (for progress output); may be empty.
RunSummary generate_dataset(const scenario::Scenario& scenario, const std::filesystem::path& output,
                            const Provenance& provenance,
                            const std::function<void(std::uint64_t done, const TrialStats&)>& on_trial = {});

Provenance make_provenance(const scenario::Scenario& scenario, const std::string& command_line);

}  // namespace nmsim::pipeline
