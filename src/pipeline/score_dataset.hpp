#pragma once
// `nmsim score`: reads a dataset's truth through the documented schema (docs/format.md) and
// a detection file, and scores them trial by trial (scoring/scorer.hpp).
#include <filesystem>
#include <string>

#include "pipeline/trial_selection.hpp"
#include "scoring/json.hpp"
#include "scoring/scorer.hpp"

namespace nmsim::pipeline {

struct ScoreOptions {
  std::filesystem::path dataset, detections;
  std::string detections_name;   // how the report names the detections (default: their path)
  scoring::ScoringConfig config;
  std::string split;              // score only this split's trials ("" = all)
  std::vector<TrialCondition> where;  // and only trials whose /index row meets all of these
  double sample_threshold = 0.5;  // per-sample scores at or above it become detections
};

// Throws nmsim::InputError for a bad dataset, detection file or option; the report otherwise.
scoring::Json score_dataset(const ScoreOptions& options);

}  // namespace nmsim::pipeline
