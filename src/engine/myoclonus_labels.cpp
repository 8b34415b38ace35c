// The myoclonus labeller (docs/labels.md, "Myoclonus"): each jerk of the trial's schedule with
// the bursts (or silent periods) its volleys made in each muscle, rated against the EMG before.
#include <algorithm>
#include <cmath>
#include <map>

#include "engine/label_bits.hpp"
#include "engine/phenomenon_labellers.hpp"
#include "labels/label_raster.hpp"
#include "labels/myoclonus_labeller.hpp"

namespace nmsim::engine {

// Jerks as parents of their per-muscle bursts, and children of the stimulus that triggered them.
void label_myoclonus(const LabelContext& c, TrialRecord& rec, TrialStats& st) {
  const scenario::Scenario& s = c.scenario;
  if (s.myoclonus.empty()) return;
  static const unsigned myoclonus_bit = label_bit("myoclonus"), negative_bit = label_bit("myoclonus_negative");
  const physiology::MyoclonusSchedule& schedule = c.inputs.myoclonus;
  const std::vector<std::string>& muscles = c.muscles;
  const SampledTrajectory& tr = c.trajectory;
  const auto& myoclonic_drive = tr.at("internals/myoclonic_drive");
  const PoolRecruitment& recruitment = c.recruitment;
  const std::vector<physiology::Stimulus>& stimuli = c.stimuli;
  const std::vector<std::int64_t>& stimulus_row = c.stimulus_rows;
  const auto& jerks = schedule.jerks();
  std::vector<std::vector<const physiology::Volley*>> by_jerk(jerks.size());
  for (const auto& v : schedule.volleys()) by_jerk[v.jerk].push_back(&v);
  for (std::size_t j = 0; j < jerks.size(); ++j) {
    const auto& jerk = jerks[j];
    const bool negative = jerk.origin == physiology::MyoclonusOrigin::Negative;
    std::vector<std::pair<const physiology::Volley*, labels::Burst>> bursts;
    for (const auto* v : by_jerk[j]) {
      // A silent period is where the pool cannot recruit even its first unit; a burst is
      // where the volley changed the pool's drive.
      const auto b = negative ? labels::silent_period(recruitment.input[v->muscle], recruitment.rate_hz,
                                                      recruitment.first_threshold[v->muscle], v->start_s, v->duration_s,
                                                      myoclonic_drive[v->muscle], tr.kin_rate_hz, s.myoclonus_labels)
                              : labels::volley_burst(myoclonic_drive[v->muscle], tr.kin_rate_hz, v->start_s,
                                                     v->duration_s, s.myoclonus_labels);
      if (b.found) bursts.emplace_back(v, b);
    }
    if (bursts.empty()) continue;  // the volleys met silent pools: nothing happened to label
    double start = INFINITY, stop = -INFINITY;
    for (const auto& [v, b] : bursts) {
      start = std::min(start, b.start_s);
      stop = std::max(stop, b.stop_s);
    }
    const std::int64_t parent = jerk.stimulus >= 0 ? stimulus_row[static_cast<std::size_t>(jerk.stimulus)] : EventTable::kMissingInt;
    const std::size_t row = rec.events.add(start, stop, std::string("myoclonus_") + physiology::origin_name(jerk.origin), "", parent);
    rec.events.set_int(row, "positive", negative ? 0 : 1);
    rec.events.set_real(row, "volley_amplitude", jerk.amplitude);
    rec.events.set_real(row, "volley_duration", jerk.duration_s);
    if (jerk.stimulus >= 0) rec.events.set_real(row, "latency", start - stimuli[static_cast<std::size_t>(jerk.stimulus)].time_s);
    for (const auto& [v, b] : bursts) {
      const std::size_t burst = rec.events.add(b.start_s, b.stop_s, negative ? "myoclonic_silent_period" : "myoclonic_burst",
                                               muscles[v->muscle], static_cast<std::int64_t>(row));
      rec.events.set_real(burst, "peak_drive", b.peak);
      labels::mark_interval(rec.labels, v->muscle, b.start_s, b.stop_s, myoclonus_bit);
      if (negative) labels::mark_interval(rec.labels, v->muscle, b.start_s, b.stop_s, negative_bit);
    }
    ++count(st, "myoclonic_jerks");  // jerks that moved at least one muscle
  }
}

// Each burst or silent period against the EMG before it, leaving out the other myoclonic
// events; a jerk is as salient as its most salient burst, and visible if any of them is.
void rate_myoclonus(const LabelContext& c, TrialRecord& rec) {
  const auto& p = c.scenario.myoclonus_labels;
  static const LabelMask myoclonus = bit_mask(label_bit("myoclonus"));
  EventTable& ev = rec.events;
  std::map<std::size_t, labels::ChannelPower> power;  // per channel, without myoclonic samples
  std::map<std::int64_t, std::pair<double, bool>> jerks;  // parent row -> (max salience, any visible)
  for (std::size_t r = 0; r < ev.size(); ++r) {
    const std::string& label = ev.label()[r];
    const bool burst = label == "myoclonic_burst";
    if (!burst && label != "myoclonic_silent_period") continue;
    const labels::Window w{ev.start_time()[r], ev.stop_time()[r]};
    const std::size_t ch = label_channel(rec, ev.channel()[r]);
    auto it = power.find(ch);
    if (it == power.end()) it = power.emplace(ch, channel_power(rec, ch, myoclonus)).first;
    const double salience = burst ? labels::burst_salience_db(it->second, w, p.baseline_s)
                                  : labels::silence_salience_db(it->second, w, p.baseline_s);
    const bool visible = salience >= p.visible_db;
    ev.set_real(r, "salience_db", salience);
    ev.set_int(r, "visible", visible ? 1 : 0);
    if (const std::int64_t parent = ev.parent()[r]; parent >= 0) {
      auto [j, fresh] = jerks.try_emplace(parent, salience, visible);
      if (!fresh) j->second = {std::max(j->second.first, salience), j->second.second || visible};
    }
  }
  for (const auto& [row, sv] : jerks) {
    ev.set_real(static_cast<std::size_t>(row), "salience_db", sv.first);
    ev.set_int(static_cast<std::size_t>(row), "visible", sv.second ? 1 : 0);
  }
}

}  // namespace nmsim::engine
