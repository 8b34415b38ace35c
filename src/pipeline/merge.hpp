#pragma once
// Combines the shard files of one dataset (`nmsim run --shard K/N`) into one file with the
// same trials and the same index as a single-process run of the whole dataset.
#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/label_summary.hpp"

namespace nmsim::pipeline {

struct MergeSummary {
  std::uint64_t shards = 0, trials = 0, failed = 0;
  double simulated_s = 0.0;                         // of the written trials
  LabelSummary labels;                              // over the written trials
};

// InputError (naming the file) unless the inputs are exactly shards 1…N of one dataset: same
// scenario, model, seed and nmsim version, each K once. Written atomically.
// With `link`, trials are HDF5 external links into the shard files (which must then stay in the
// output's folder) instead of copies; the index and provenance are always real. The output must be
// a name io::check_output_target accepts (`force`: also a file that is not an nmsim dataset).
MergeSummary merge_shards(const std::vector<std::filesystem::path>& shards, const std::filesystem::path& output,
                          const std::string& command_line, bool link = false, bool force = false);

}  // namespace nmsim::pipeline
