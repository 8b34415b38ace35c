#pragma once
// Ground-truth labels of one trial from its sampled model state: the per-sample bitmask and
// the event rows of every phenomenon the model produced (docs/labels.md).
#include "core/trial_record.hpp"
#include "physiology/neuromuscular_model.hpp"
#include "pipeline/trajectory_recorder.hpp"
#include "pipeline/trial_runner.hpp"
#include "scenario/scenario.hpp"

namespace nmsim::pipeline {

// Fills rec.labels (at the EMG rate) and rec.events; adds the label summary to `stats`.
void label_trial(const scenario::Scenario& s, const physiology::NeuromuscularModel& model, const SampledTrajectory& tr,
                 TrialRecord& rec, TrialStats& stats);

}  // namespace nmsim::pipeline
