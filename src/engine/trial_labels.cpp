#include "engine/trial_labels.hpp"

#include "engine/label_bits.hpp"
#include "engine/phenomenon_labellers.hpp"

namespace nmsim::engine {
namespace {

// Protocol stimuli as instantaneous events (whatever the phenotype: a detector sees the taps
// of a healthy trial too); returns their rows, in protocol_stimuli() order.
std::vector<std::int64_t> label_stimuli(const std::vector<physiology::Stimulus>& stimuli, TrialRecord& rec) {
  std::vector<std::int64_t> rows;
  for (const auto& stim : stimuli)
    rows.push_back(static_cast<std::int64_t>(rec.events.add(stim.time_s, stim.time_s, "stimulus_" + stim.type, "")));
  return rows;
}

}  // namespace

void label_trial(const scenario::Scenario& s, const physiology::NeuromuscularModel& model,
                 const physiology::TrialInputs& inputs, const SampledTrajectory& tr, const PoolRecruitment& recruitment,
                 TrialRecord& rec, TrialStats& stats) {
  const std::vector<std::string>& muscles = model.muscle_names();
  rec.labels.rate_hz = s.signals.emg.rate_hz;
  rec.labels.channels = muscles;
  rec.labels.bit_names = label_bit_names();
  rec.labels.data.assign(tr.excitation.front().size() * muscles.size(), 0);
  LabelContext context{s, model, inputs, tr, recruitment, muscles, protocol_stimuli(s.protocol, model.protocol()), {}};
  context.stimulus_rows = label_stimuli(context.stimuli, rec);
  for (const auto& labeller : phenomenon_labellers()) labeller.label(context, rec, stats);
  // Salience once every bit is marked, so that a baseline can leave out a phenomenon's other events.
  for (const auto& labeller : phenomenon_labellers())
    if (labeller.rate) labeller.rate(context, rec);
  rec.events.sort_by_time();
}

}  // namespace nmsim::engine
