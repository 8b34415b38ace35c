#pragma once
// What a phenomenon's labeller reads (engine/phenomenon_labellers.hpp), and the helpers the
// labellers share: a trial's EMG, its counts, and the power of an EMG channel.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/trial_record.hpp"
#include "engine/trajectory_recorder.hpp"
#include "engine/trial_runner.hpp"
#include "labels/salience.hpp"
#include "physiology/neuromuscular_model.hpp"
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

// One trial, as every labeller sees it. The record's EMG is written; its labels have their grid,
// channels and bit names, and hold what the labellers before have marked.
struct LabelContext {
  const scenario::Scenario& scenario;
  const physiology::NeuromuscularModel& model;
  const physiology::TrialInputs& inputs;  // the trial's own inputs (its myoclonic volleys)
  const SampledTrajectory& trajectory;
  const PoolRecruitment& recruitment;
  const std::vector<std::string>& muscles;
  std::vector<physiology::Stimulus> stimuli;  // the protocol's stimuli, in time order
  std::vector<std::int64_t> stimulus_rows;    // their rows in the event table
};

// The record's series at `path`, or null.
const TimeSeries* find_series(const TrialRecord& rec, std::string_view path);
const TimeSeries& emg_of(const TrialRecord& rec);
// The count `name` of the registry, which run_trial set to its empty value before labelling.
double& count(TrialStats& st, const char* name);
// The power of one EMG channel, leaving out the samples with any of `exclude`'s label bits.
labels::ChannelPower channel_power(const TrialRecord& rec, std::size_t channel, LabelMask exclude = 0);
// The label channel of a muscle named in an event row.
std::size_t label_channel(const TrialRecord& rec, const std::string& muscle);

}  // namespace nmsim::engine
