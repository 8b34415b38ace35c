// The dystonia labeller (docs/labels.md, "Dystonia"): each muscle's involuntary intervals of
// dystonic drive, classified by subtype, rated against the healthy twin's EMG.
#include <algorithm>
#include <cmath>
#include <map>

#include "engine/label_bits.hpp"
#include "engine/phenomenon_labellers.hpp"
#include "labels/dystonia_labeller.hpp"
#include "labels/label_raster.hpp"

namespace nmsim::engine {
namespace {

// The dystonia bits' positions, looked up once in the registry (engine/label_bits.cpp).
struct Bits {
  unsigned dystonia = label_bit("dystonia"), posture = label_bit("dystonia_posture"), spasm = label_bit("dystonia_spasm");
  unsigned tremor = label_bit("dystonia_tremor"), overflow = label_bit("dystonia_overflow");
};
const Bits& bits() {
  static const Bits b;
  return b;
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
  const auto& activation = tr.at("internals/activation");
  std::vector<double> sum(tr.phase.size(), 0.0);
  for (std::size_t i = 0; i < model.muscles().size(); ++i)
    if ((model.params().muscles[i].mechanics.moment_arm_m > 0) == positive)
      for (std::size_t k = 0; k < sum.size(); ++k) sum[k] += activation[i][k];
  return sum;
}

}  // namespace

void label_dystonia(const LabelContext& c, TrialRecord& rec, TrialStats& st) {
  const scenario::Scenario& s = c.scenario;
  const physiology::NeuromuscularModel& model = c.model;
  const std::vector<std::string>& muscles = c.muscles;
  const SampledTrajectory& tr = c.trajectory;
  const auto* loop = model.supraspinal();
  if (!loop) return;
  const double rate = tr.kin_rate_hz;
  const auto& dystonic_drive = tr.at("internals/dystonic_drive");
  const std::vector<double>& theta = tr.at("kinematics/angle").front();
  const std::vector<double> positive = side_activation(model, tr, true), negative = side_activation(model, tr, false);
  for (std::size_t i = 0; i < muscles.size(); ++i) {
    const auto events = labels::classify_dystonia(dystonic_drive[i], outside_task(*loop, i, tr.phase), rate, s.dystonia_labels);
    for (const auto& e : events) {
      labels::mark_interval(rec.labels, i, e.span.start_s, e.span.stop_s, bits().dystonia);
      labels::mark_interval(rec.labels, i, e.span.start_s, e.span.stop_s, subtype_bit(e.subtype));
      const std::size_t row = rec.events.add(e.span.start_s, e.span.stop_s, labels::dystonia_event_label(e.subtype), muscles[i]);
      const auto i0 = static_cast<std::size_t>(std::round(e.span.start_s * rate));
      const auto i1 = std::min(theta.size(), static_cast<std::size_t>(std::round(e.span.stop_s * rate)) + 1);
      double angle = 0.0;
      for (std::size_t k = i0; k < i1; ++k) angle += theta[k];
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

// Each dystonic row against the same electrode without the dystonic drive (the healthy twin's
// EMG over the same span): what the dystonia added. A dystonic tremor by how strongly its rhythm
// shows in the EMG envelope.
void rate_dystonia(const LabelContext& c, TrialRecord& rec) {
  const auto& p = c.scenario.dystonia_labels;
  EventTable& ev = rec.events;
  std::map<std::size_t, labels::ChannelPower> power;  // per channel, every sample
  for (std::size_t r = 0; r < ev.size(); ++r) {
    const std::string& label = ev.label()[r];
    if (label.rfind("dystonia_", 0) != 0) continue;
    const labels::Window w{ev.start_time()[r], ev.stop_time()[r]};
    const std::size_t ch = label_channel(rec, ev.channel()[r]);
    double salience = NAN, floor = 0.0;
    if (label == "dystonia_tremor") {
      const TimeSeries& emg = emg_of(rec);
      salience = labels::rhythm_salience_db(emg.data, emg.n_channels(), ch, emg.rate_hz, w, ev.real_columns().at("frequency")[r]);
      floor = p.tremor_visible_db;
    } else {
      const auto& twin = c.recruitment.healthy_twin_emg[ch];
      auto it = power.find(ch);
      if (it == power.end()) it = power.emplace(ch, channel_power(rec, ch)).first;
      salience = twin.empty() ? -INFINITY
                              : labels::power_ratio_db(it->second.mean_square(w),
                                                       labels::ChannelPower(twin, 1, 0, rec.labels.rate_hz).mean_square(w));
      floor = p.visible_db;
    }
    ev.set_real(r, "salience_db", salience);
    ev.set_int(r, "visible", salience >= floor ? 1 : 0);
  }
}

}  // namespace nmsim::engine
