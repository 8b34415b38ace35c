#pragma once
// Resumable-run parts: one finished trial (or its failure) as a small, checksummed binary file,
// written under a temporary name and renamed, so a killed process leaves only complete parts.
// Cheap to write and read back exactly (floats bit for bit); the HDF5 output is written from
// the same in-memory records. Not an exchange format: only nmsim reads it, only for --resume.
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <cstddef>
#include <string>

#include "core/trial_counts.hpp"
#include "core/trial_record.hpp"

namespace nmsim::io {

struct TrialPart {
  std::uint64_t trial = 0;
  bool failed = false;
  std::string failure;       // numerical failure message
  double duration_s = 0.0;
  Counts counts;  // the trial's named counts, as its labellers reported them
  // With values drawn relative to the critical gain (scenario::TrialPlan::Relative): that gain
  // and the reflex gain the trial ran with; NaN otherwise.
  double critical_gain = NAN, reflex_gain = NAN;
  std::optional<TrialRecord> record;  // present unless failed
};

// Every part carries the fingerprint of the run that wrote it (what determines the dataset's
// content: scenario, model, seed, shard, version) and its trial, both checked on reading, so a
// part from another run is never reused.
void write_trial_part(const std::filesystem::path& file, const TrialPart& part, std::uint64_t run_fingerprint);

struct PartRead {
  enum class Status { missing, ok, damaged };
  Status status = Status::missing;
  std::optional<TrialPart> part;  // when ok
  std::string problem;            // when damaged: why it cannot be used
};
// Reads a part of trial `trial` of the run `run_fingerprint`. Damaged (then the trial is
// redone): not a regular file (a folder, a device, any symbolic link; never followed, never read
// past its size), truncated, corrupt, of another run or another trial.
PartRead read_trial_part(const std::filesystem::path& file, std::uint64_t run_fingerprint, std::uint64_t trial);
// The same for a part's bytes in memory.
PartRead decode_trial_part(const char* data, std::size_t size, std::uint64_t run_fingerprint, std::uint64_t trial);

}  // namespace nmsim::io
