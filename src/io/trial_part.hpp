#pragma once
// Resumable-run parts: one finished trial (or its failure) as a small, checksummed binary file,
// written under a temporary name and renamed, so a killed process leaves only complete parts.
// Cheap to write and read back exactly (floats bit for bit); the HDF5 output is written from
// the same in-memory records. Not an exchange format: only nmsim reads it, only for --resume.
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/trial_record.hpp"

namespace nmsim::io {

struct TrialPart {
  std::uint64_t trial = 0;
  bool failed = false;
  std::string failure;       // numerical failure message
  double duration_s = 0.0;
  std::int64_t clonus_episodes = 0, clonus_beats = 0;
  double clonus_frequency_hz = 0.0;
  std::int64_t clonus_grade = 0;
  // With values drawn relative to the critical gain (scenario::TrialPlan::Relative): that gain
  // and the reflex gain the trial ran with; NaN otherwise.
  double critical_gain = NAN, reflex_gain = NAN;
  std::int64_t dystonia_events = 0, myoclonic_jerks = 0;
  std::optional<TrialRecord> record;  // present unless failed
};

void write_trial_part(const std::filesystem::path& file, const TrialPart& part);
// The part, or nothing if the file is missing, truncated or corrupt (then the trial is redone).
std::optional<TrialPart> read_trial_part(const std::filesystem::path& file);

}  // namespace nmsim::io
