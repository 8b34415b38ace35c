#pragma once
// `nmsim inspect FILE.h5`: a human-readable summary of a dataset file (docs/format.md).
// Reads the index, provenance and each written trial's duration, label matrix and event
// labels; never the signals, so it stays quick on files with many thousands of trials.
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

namespace nmsim::cli {

struct DatasetSummary {
  struct Group {  // one class or split
    std::string name;
    std::uint64_t trials = 0;    // planned trials (index rows)
    std::uint64_t subjects = 0;  // distinct subject ids
  };
  struct Varied {  // one "value:<path>" index column, over the rows that have a value
    std::string path;
    double min = 0.0, mean = 0.0, max = 0.0;
    std::uint64_t distinct = 0;
  };

  std::filesystem::path path;
  int format_version = 0;
  std::string generator;
  bool has_provenance = false;
  std::uint64_t seed = 0;
  std::string scenario_name;  // the resolved scenario's `name:`, if it has one
  std::string scenario_path;
  std::string command_line;
  std::string shard;  // "K/N" for one shard of a dataset, empty for a whole dataset
  std::string checksum;  // the verified whole-file checksum (hex), empty if the file has none

  bool has_index = false;
  std::uint64_t planned = 0;  // index rows (without an index: the written trials)
  std::uint64_t written = 0;  // groups in /trials
  std::uint64_t failed = 0;   // index rows with status "failed"
  std::uint64_t ok_not_written = 0;  // index says "ok" but the trial is missing (a damaged file)
  std::vector<std::pair<std::uint64_t, std::string>> failures;  // the first few (trial, reason)
  std::uint64_t first_trial = 0, last_trial = 0;                // range of written indices

  std::vector<Group> classes;  // by name; empty if the index has no phenotypes
  std::vector<Group> splits;
  std::uint64_t subjects = 0;

  double total_duration_s = 0.0;  // over written trials
  std::vector<std::pair<std::string, std::uint64_t>> events;  // label -> count, by label
  // Occupancy of a bitmask over the written trials that have it: labels/, and the recording
  // chain's artefacts/ (docs/labels.md).
  struct MaskOccupancy {
    std::vector<std::pair<std::string, std::uint64_t>> bits;  // bit name -> set cells, bit order
    std::uint64_t cells = 0;  // samples × channels
  };
  MaskOccupancy labels, artefacts;
  std::vector<Varied> varied;
};

// Throws nmsim::InputError if `path` is missing, not an nmsim file or damaged.
DatasetSummary summarize_dataset(const std::filesystem::path& path);
void print_dataset_summary(const DatasetSummary& summary, std::ostream& out);
// Prints the summary to stdout; returns the exit code (0).
int inspect_command(const std::string& path);

}  // namespace nmsim::cli
