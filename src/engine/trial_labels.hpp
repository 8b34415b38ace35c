#pragma once
// Ground-truth labels of one trial from its sampled model state: the per-sample bitmask and
// the event rows of every phenomenon the model produced (docs/labels.md).
#include <vector>

#include "core/trial_record.hpp"
#include "physiology/neuromuscular_model.hpp"
#include "engine/trajectory_recorder.hpp"
#include "engine/trial_runner.hpp"
#include "scenario/scenario.hpp"

namespace nmsim::engine {

// What each motor-unit pool received (EMG rate) and where its first unit is recruited: a pool
// below that threshold cannot fire, which is what a silent period is.
struct PoolRecruitment {
  double rate_hz = 0.0;
  std::vector<std::vector<double>> input;  // per muscle (with myoclonus generators only)
  std::vector<double> first_threshold;     // per muscle
  // Per muscle, the EMG the same electrode would record without the dystonic drive (the healthy
  // twin's excitation through the same motor units and noise); empty for a muscle that never
  // received any. What a dystonic event's salience is measured against.
  std::vector<std::vector<float>> healthy_twin_emg;
};

// Fills rec.labels (at the EMG rate) and rec.events; adds the label summary to `stats`.
// `inputs`: the trial's own inputs the model ran with (its myoclonic volleys are labelled).
void label_trial(const scenario::Scenario& s, const physiology::NeuromuscularModel& model,
                 const physiology::TrialInputs& inputs, const SampledTrajectory& tr, const PoolRecruitment& recruitment,
                 TrialRecord& rec, TrialStats& stats);

}  // namespace nmsim::engine
