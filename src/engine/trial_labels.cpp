#include "engine/trial_labels.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>

#include "engine/label_bits.hpp"
#include "labels/clonus_labeller.hpp"
#include "labels/dystonia_labeller.hpp"
#include "labels/label_raster.hpp"
#include "labels/myoclonus_labeller.hpp"
#include "labels/salience.hpp"

namespace nmsim::engine {
namespace {

const TimeSeries& emg_of(const TrialRecord& rec) {
  for (const auto& ts : rec.series)
    if (ts.path == "emg") return ts;
  throw std::logic_error("a trial record without an EMG series");
}

// The built-in label bits' positions, looked up once in the registry (engine/label_bits.cpp).
struct Bits {
  unsigned clonus = label_bit("clonus"), dystonia = label_bit("dystonia"), myoclonus = label_bit("myoclonus");
  unsigned posture = label_bit("dystonia_posture"), spasm = label_bit("dystonia_spasm");
  unsigned tremor = label_bit("dystonia_tremor"), overflow = label_bit("dystonia_overflow");
  unsigned negative = label_bit("myoclonus_negative");
};
const Bits& bits() {
  static const Bits b;
  return b;
}

// The count `name` of the registry, which run_trial set to its empty value before labelling.
double& count(TrialStats& st, const char* name) {
  for (auto& c : st.counts)
    if (c.name == name) return c.value;
  throw std::logic_error(std::string("count '") + name + "' is not registered (engine/count_registry.cpp)");
}

labels::ChannelPower channel_power(const TrialRecord& rec, std::size_t channel, LabelMask exclude = 0) {
  const TimeSeries& emg = emg_of(rec);
  return labels::ChannelPower(emg.data, emg.n_channels(), channel, emg.rate_hz, &rec.labels, exclude);
}

// Per muscle: beats and episodes of its reflex drive, their salience in its EMG channel.
// The trial's counts are those of its lead muscle (the one with the most beats), so that
// synergists beating together are not counted twice; the grade is the highest of any muscle.
void label_clonus(const scenario::Scenario& s, const std::vector<std::string>& muscles, const SampledTrajectory& tr,
                  TrialRecord& rec, TrialStats& st) {
  const auto& p = s.clonus_labels;
  std::size_t lead_beats = 0;
  int grade = 0;  // highest SCATS duration class of any muscle (0: no clonus)
  for (std::size_t i = 0; i < muscles.size(); ++i) {
    const auto beats = labels::detect_beats(tr.reflex_drive[i], tr.kin_rate_hz, 0.0, p.min_prominence, 1.0 / p.min_frequency_hz);
    auto episodes = labels::group_episodes(beats, p);
    labels::rate_salience(episodes, channel_power(rec, i), p);
    std::size_t n_beats = 0;
    double longest = -1.0, frequency = 0.0;
    for (const auto& ep : episodes) {
      labels::mark_interval(rec.labels, i, ep.start_s, ep.stop_s, bits().clonus);
      n_beats += ep.beats.size();
      grade = std::max(grade, ep.duration_class);
      if (ep.stop_s - ep.start_s > longest) {
        longest = ep.stop_s - ep.start_s;
        frequency = ep.frequency_hz;
      }
    }
    if (n_beats > lead_beats) {
      lead_beats = n_beats;
      count(st, "clonus_beats") = static_cast<double>(n_beats);
      count(st, "clonus_episodes") = static_cast<double>(episodes.size());
      count(st, "clonus_frequency") = frequency;  // stays NaN without an episode
    }
    labels::add_clonus_events(rec.events, episodes, muscles[i]);
  }
  count(st, "clonus_grade") = grade;
}

unsigned subtype_bit(labels::DystoniaSubtype t) {
  switch (t) {
    case labels::DystoniaSubtype::Posture: return bits().posture;
    case labels::DystoniaSubtype::Spasm: return bits().spasm;
    case labels::DystoniaSubtype::Tremor: return bits().tremor;
    case labels::DystoniaSubtype::Overflow: return bits().overflow;
  }
  return bits().dystonia;
}

// Per kinematics sample: is muscle i outside the task (a channel is commanded, not its own)?
std::vector<char> outside_task(const physiology::SupraspinalLoop& loop, std::size_t muscle, const std::vector<int>& phase) {
  int own = -1;
  const auto& channels = loop.params().channels;
  for (std::size_t c = 0; c < channels.size(); ++c)
    for (const std::size_t k : channels[c].muscles)
      if (k == muscle) own = static_cast<int>(c);
  std::vector<char> out(phase.size(), 0);
  for (std::size_t k = 0; k < phase.size(); ++k) {
    const auto ph = static_cast<std::size_t>(phase[k]);
    bool any = false;
    for (std::size_t c = 0; c < channels.size(); ++c) any = any || loop.command(ph, c) > 0.0;
    out[k] = any && (own < 0 || loop.command(ph, static_cast<std::size_t>(own)) <= 0.0);
  }
  return out;
}

// Sum of the activations of the muscles on one side of the joint (sign of the moment arm).
std::vector<double> side_activation(const physiology::NeuromuscularModel& model, const SampledTrajectory& tr, bool positive) {
  std::vector<double> sum(tr.theta.size(), 0.0);
  for (std::size_t i = 0; i < model.muscles().size(); ++i)
    if ((model.params().muscles[i].mechanics.moment_arm_m > 0) == positive)
      for (std::size_t k = 0; k < sum.size(); ++k) sum[k] += tr.activation[i][k];
  return sum;
}

void label_dystonia(const scenario::Scenario& s, const physiology::NeuromuscularModel& model,
                    const std::vector<std::string>& muscles, const SampledTrajectory& tr, TrialRecord& rec,
                    TrialStats& st) {
  const auto* loop = model.supraspinal();
  if (!loop) return;
  const double rate = tr.kin_rate_hz;
  const std::vector<double> positive = side_activation(model, tr, true), negative = side_activation(model, tr, false);
  for (std::size_t i = 0; i < muscles.size(); ++i) {
    const auto events = labels::classify_dystonia(tr.dystonic_drive[i], outside_task(*loop, i, tr.phase), rate, s.dystonia_labels);
    for (const auto& e : events) {
      labels::mark_interval(rec.labels, i, e.span.start_s, e.span.stop_s, bits().dystonia);
      labels::mark_interval(rec.labels, i, e.span.start_s, e.span.stop_s, subtype_bit(e.subtype));
      const std::size_t row = rec.events.add(e.span.start_s, e.span.stop_s, labels::dystonia_event_label(e.subtype), muscles[i]);
      const auto i0 = static_cast<std::size_t>(std::round(e.span.start_s * rate));
      const auto i1 = std::min(tr.theta.size(), static_cast<std::size_t>(std::round(e.span.stop_s * rate)) + 1);
      double angle = 0.0;
      for (std::size_t k = i0; k < i1; ++k) angle += tr.theta[k];
      rec.events.set_real(row, "peak_drive", e.peak_drive);
      rec.events.set_real(row, "mean_drive", e.mean_drive);
      rec.events.set_real(row, "co_contraction_index", labels::co_contraction_index(positive, negative, i0, i1));
      rec.events.set_real(row, "mean_angle", i1 > i0 ? angle / static_cast<double>(i1 - i0) : NAN);
      if (e.subtype == labels::DystoniaSubtype::Tremor) {
        rec.events.set_real(row, "frequency", e.frequency_hz);
        rec.events.set_int(row, "cycle_count", e.cycles);
        rec.events.set_real(row, "cycle_cv", e.cycle_cv);
      }
      ++count(st, "dystonia_events");  // posture, spasm, tremor and overflow, all muscles
    }
  }
}

// Protocol stimuli as instantaneous events (whatever the phenotype: a detector sees the taps
// of a healthy trial too); returns their rows, in protocol_stimuli() order.
std::vector<std::int64_t> label_stimuli(const std::vector<physiology::Stimulus>& stimuli, TrialRecord& rec) {
  std::vector<std::int64_t> rows;
  for (const auto& stim : stimuli)
    rows.push_back(static_cast<std::int64_t>(rec.events.add(stim.time_s, stim.time_s, "stimulus_" + stim.type, "")));
  return rows;
}

// Jerks as parents of their per-muscle bursts, and children of the stimulus that triggered them.
void label_myoclonus(const scenario::Scenario& s, const physiology::MyoclonusSchedule& schedule,
                     const std::vector<std::string>& muscles, const SampledTrajectory& tr,
                     const PoolRecruitment& recruitment, const std::vector<physiology::Stimulus>& stimuli,
                     const std::vector<std::int64_t>& stimulus_row, TrialRecord& rec, TrialStats& st) {
  if (s.myoclonus.empty()) return;
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
                                                      tr.myoclonic_drive[v->muscle], tr.kin_rate_hz, s.myoclonus_labels)
                              : labels::volley_burst(tr.myoclonic_drive[v->muscle], tr.kin_rate_hz, v->start_s,
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
      labels::mark_interval(rec.labels, v->muscle, b.start_s, b.stop_s, bits().myoclonus);
      if (negative) labels::mark_interval(rec.labels, v->muscle, b.start_s, b.stop_s, bits().negative);
    }
    ++count(st, "myoclonic_jerks");  // jerks that moved at least one muscle
  }
}

// Salience and visibility of the dystonia and myoclonus rows (clonus rates its beats itself,
// against the troughs of each cycle): a myoclonic burst or silent period against the EMG before
// it, a dystonic event against the healthy twin's EMG over the same span; a jerk is as salient
// as its most salient burst. Runs once every bit is marked, so baselines can leave out the same
// phenomenon's other events.
void rate_event_salience(const scenario::Scenario& s, const PoolRecruitment& recruitment, TrialRecord& rec) {
  EventTable& ev = rec.events;
  std::map<std::pair<std::size_t, LabelMask>, labels::ChannelPower> power;
  const auto channel_of = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(rec.labels.channels.begin(), rec.labels.channels.end(), name) -
                                    rec.labels.channels.begin());
  };
  const auto power_of = [&](std::size_t c, LabelMask exclude) -> const labels::ChannelPower& {
    auto it = power.find({c, exclude});
    if (it == power.end()) it = power.emplace(std::pair{c, exclude}, channel_power(rec, c, exclude)).first;
    return it->second;
  };
  std::map<std::int64_t, std::pair<double, bool>> jerks;  // parent row -> (max salience, any visible)
  for (std::size_t r = 0; r < ev.size(); ++r) {
    const std::string& label = ev.label()[r];
    const labels::Window w{ev.start_time()[r], ev.stop_time()[r]};
    double salience = NAN, floor = 0.0;
    if (label == "myoclonic_burst" || label == "myoclonic_silent_period") {
      const auto& emg = power_of(channel_of(ev.channel()[r]), bit_mask(bits().myoclonus));
      salience = label == "myoclonic_burst" ? labels::burst_salience_db(emg, w, s.myoclonus_labels.baseline_s)
                                            : labels::silence_salience_db(emg, w, s.myoclonus_labels.baseline_s);
      floor = s.myoclonus_labels.visible_db;
    } else if (label == "dystonia_tremor") {
      // A rhythm riding on the contraction: how strongly it shows in the EMG envelope.
      const TimeSeries& emg = emg_of(rec);
      salience = labels::rhythm_salience_db(emg.data, emg.n_channels(), channel_of(ev.channel()[r]), emg.rate_hz, w,
                                            ev.real_columns().at("frequency")[r]);
      floor = s.dystonia_labels.tremor_visible_db;
    } else if (label.rfind("dystonia_", 0) == 0) {
      // Against the same electrode without the dystonic drive: what the dystonia added.
      const std::size_t c = channel_of(ev.channel()[r]);
      const auto& twin = recruitment.healthy_twin_emg[c];
      salience = twin.empty() ? -INFINITY
                              : labels::power_ratio_db(power_of(c, 0).mean_square(w),
                                                       labels::ChannelPower(twin, 1, 0, rec.labels.rate_hz).mean_square(w));
      floor = s.dystonia_labels.visible_db;
    } else {
      continue;
    }
    const bool visible = salience >= floor;
    ev.set_real(r, "salience_db", salience);
    ev.set_int(r, "visible", visible ? 1 : 0);
    if (const std::int64_t parent = ev.parent()[r]; label[0] == 'm' && parent >= 0) {
      auto [it, fresh] = jerks.try_emplace(parent, salience, visible);
      if (!fresh) it->second = {std::max(it->second.first, salience), it->second.second || visible};
    }
  }
  for (const auto& [row, sv] : jerks) {
    ev.set_real(static_cast<std::size_t>(row), "salience_db", sv.first);
    ev.set_int(static_cast<std::size_t>(row), "visible", sv.second ? 1 : 0);
  }
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
  label_clonus(s, muscles, tr, rec, stats);
  label_dystonia(s, model, muscles, tr, rec, stats);
  const auto stimuli = protocol_stimuli(s.protocol, model.protocol());
  const auto stimulus_rows = label_stimuli(stimuli, rec);
  label_myoclonus(s, inputs.myoclonus, muscles, tr, recruitment, stimuli, stimulus_rows, rec, stats);
  rate_event_salience(s, recruitment, rec);
  rec.events.sort_by_time();
}

}  // namespace nmsim::engine
