// The tremor labeller (docs/labels.md, "Tremor"): each episode of the trial's tremor
// generators with the muscles its drive moved, rated by the rhythm it left in their EMG. A
// rhythmic voluntary movement (kind voluntary) is labelled the same way under its own names:
// it is a look-alike of tremor and clonus, not a tremor.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>

#include "engine/label_bits.hpp"
#include "engine/phenomenon_labellers.hpp"
#include "labels/label_raster.hpp"
#include "labels/tremor_labeller.hpp"

namespace nmsim::engine {
namespace {

bool voluntary(physiology::TremorKind k) { return k == physiology::TremorKind::Voluntary; }

// The episode's label: tremor_<kind>, or voluntary_rhythm.
std::string episode_label(physiology::TremorKind k) {
  return voluntary(k) ? "voluntary_rhythm" : std::string("tremor_") + physiology::tremor_kind_name(k);
}

// Its per-muscle rows' label.
std::string muscle_label(physiology::TremorKind k) { return voluntary(k) ? "voluntary_rhythm_muscle" : "tremor_muscle"; }

}  // namespace

// Episodes as parents of their per-muscle rows.
void label_tremor(const LabelContext& c, TrialRecord& rec, TrialStats& st) {
  const scenario::Scenario& s = c.scenario;
  if (s.tremor.empty()) return;
  static const unsigned tremor_bit = label_bit("tremor"), rhythm_bit = label_bit("voluntary_rhythm");
  const physiology::TremorSchedule& schedule = c.inputs.tremor;
  const SampledTrajectory& tr = c.trajectory;
  const auto& part = tr.at("internals/tremor_drive");
  for (const physiology::TremorEpisode& ep : schedule.episodes()) {
    const physiology::TremorGenerator& g = s.tremor[ep.generator];
    std::vector<std::pair<std::size_t, labels::TremorTrain>> trains;
    for (const std::size_t k : g.muscles) {
      const labels::TremorTrain t = labels::tremor_train(part[k], tr.kin_rate_hz, ep.start_s, ep.stop_s, s.tremor_labels);
      if (t.found) trains.emplace_back(k, t);
    }
    if (trains.empty()) continue;  // the drive met pools it could not move: nothing happened to label
    const std::string label = episode_label(g.kind);
    // A tremor sets `tremor` and its kind's bit (named as its episode); a voluntary rhythm only its own.
    const bool rhythm = voluntary(g.kind);
    const unsigned family_bit = rhythm ? rhythm_bit : tremor_bit;
    const std::size_t row = rec.events.add(ep.start_s, ep.stop_s, label, "", EventTable::kMissingInt);
    rec.events.set_real(row, "frequency", ep.frequency_hz);
    rec.events.set_int(row, "alternating", g.alternating ? 1 : 0);
    rec.events.set_real(row, "tremor_amplitude", g.amplitude);
    rec.events.set_int(row, "generator", static_cast<std::int64_t>(ep.generator));
    for (const auto& [k, t] : trains) {
      const std::size_t r = rec.events.add(ep.start_s, ep.stop_s, muscle_label(g.kind), c.muscles[k], static_cast<std::int64_t>(row));
      rec.events.set_real(r, "peak_drive", t.peak);
      rec.events.set_real(r, "frequency", ep.frequency_hz);
      rec.events.set_int(r, "generator", static_cast<std::int64_t>(ep.generator));
      labels::mark_interval(rec.labels, k, ep.start_s, ep.stop_s, family_bit);
      if (!rhythm) labels::mark_interval(rec.labels, k, ep.start_s, ep.stop_s, label_bit(label));
    }
    ++count(st, rhythm ? "voluntary_rhythms" : "tremor_episodes");  // episodes that moved at least one muscle
  }
}

// Each muscle's row by the rhythm salience of its EMG (labels/salience.hpp) at the generator's
// own frequency, averaged over windows of salience_window_s (the frequency wanders, so one
// sinusoid fits a long episode badly); an episode is as salient as its most salient muscle.
void rate_tremor(const LabelContext& c, TrialRecord& rec) {
  const labels::TremorLabelParams& p = c.scenario.tremor_labels;
  const physiology::TremorSchedule& schedule = c.inputs.tremor;
  const TimeSeries& emg = emg_of(rec);
  const std::size_t channels = emg.channels.size();
  EventTable& ev = rec.events;
  std::map<std::int64_t, std::pair<double, bool>> episodes;  // parent row -> (max salience, any visible)
  for (std::size_t r = 0; r < ev.size(); ++r) {
    if (ev.label()[r] != "tremor_muscle" && ev.label()[r] != "voluntary_rhythm_muscle") continue;
    const auto gi = static_cast<std::size_t>(ev.int_columns().at("generator")[r]);
    const double start = ev.start_time()[r], stop = ev.stop_time()[r];
    const auto windows = std::max<std::size_t>(1, static_cast<std::size_t>((stop - start) / p.salience_window_s));
    const double width = (stop - start) / static_cast<double>(windows);
    double sum = 0.0;
    std::size_t rated = 0;
    for (std::size_t w = 0; w < windows; ++w) {
      const double a = start + static_cast<double>(w) * width, b = a + width;
      const double f = (schedule.phase(gi, b) - schedule.phase(gi, a)) / (2.0 * std::numbers::pi * width);
      const double db = labels::rhythm_salience_db(emg.data, channels, label_channel(rec, ev.channel()[r]), emg.rate_hz,
                                                   {a, b}, f);
      if (std::isfinite(db)) sum += db, ++rated;
    }
    const double salience = rated ? sum / static_cast<double>(rated) : std::numeric_limits<double>::quiet_NaN();
    const bool visible = salience >= p.visible_db;
    ev.set_real(r, "salience_db", salience);
    ev.set_int(r, "visible", visible ? 1 : 0);
    auto [e, fresh] = episodes.try_emplace(ev.parent()[r], salience, visible);
    if (!fresh) e->second = {std::fmax(e->second.first, salience), e->second.second || visible};
  }
  for (const auto& [row, sv] : episodes) {
    ev.set_real(static_cast<std::size_t>(row), "salience_db", sv.first);
    ev.set_int(static_cast<std::size_t>(row), "visible", sv.second ? 1 : 0);
  }
}

}  // namespace nmsim::engine
