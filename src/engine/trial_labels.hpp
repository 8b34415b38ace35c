#pragma once
// Ground-truth labels of one trial from its sampled model state: the per-sample bitmask and
// the event rows of every phenomenon the model produced (docs/labels.md).

#include "core/trial_record.hpp"
#include "engine/label_context.hpp"

namespace nmsim::engine {

// Fills rec.labels (at the EMG rate) and rec.events with the protocol's stimuli and every
// registered phenomenon's labels (engine/phenomenon_labellers.hpp); sets their counts in `stats`.
// `inputs`: the trial's own inputs the model ran with (its myoclonic volleys are labelled).
void label_trial(const scenario::Scenario& s, const physiology::NeuromuscularModel& model,
                 const physiology::TrialInputs& inputs, const SampledTrajectory& tr, const PoolRecruitment& recruitment,
                 TrialRecord& rec, TrialStats& stats);

}  // namespace nmsim::engine
