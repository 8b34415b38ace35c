#include "engine/difficulty.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "engine/label_context.hpp"

namespace nmsim::engine {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool lookalike_episode(const std::string& label) {
  return label == "voluntary_rhythm" || (starts_with(label, "tremor_") && label != "tremor_muscle");
}

// The real column `column` of the longest event whose label passes `pick`; NaN without one.
template <class Pick>
double of_longest(const EventTable& ev, Pick pick, const char* column) {
  const auto& values = ev.real_columns().find(column);
  if (values == ev.real_columns().end()) return NAN;
  double longest = -1.0, value = NAN;
  for (std::size_t i = 0; i < ev.size(); ++i)
    if (pick(ev.label()[i]) && ev.stop_time()[i] - ev.start_time()[i] > longest) {
      longest = ev.stop_time()[i] - ev.start_time()[i];
      value = values->second[i];
    }
  return value;
}

}  // namespace

double phenotype_mixture(const TrialRecord& rec) {
  const LabelSeries& L = rec.labels;
  LabelMask present = 0;
  for (const LabelMask m : L.data) present |= m;
  int families = 0;
  for (const char* family : {"clonus", "dystonia", "myoclonus", "tremor", "voluntary_rhythm"})
    if (std::find(L.bit_names.begin(), L.bit_names.end(), family) != L.bit_names.end() && (present & L.mask_of(family)) != 0)
      ++families;
  return families;
}

double lookalike_frequency(const TrialRecord& rec) { return of_longest(rec.events, lookalike_episode, "frequency"); }

double clonus_band_distance(const TrialRecord& rec) {
  const double f = lookalike_frequency(rec);
  if (std::isnan(f)) return NAN;
  return f < kClonusBandLow_hz ? kClonusBandLow_hz - f : f > kClonusBandHigh_hz ? f - kClonusBandHigh_hz : 0.0;
}

double clonus_salience(const TrialRecord& rec) {
  return of_longest(rec.events, [](const std::string& label) { return label == "clonus_episode"; }, "salience_db");
}

double recording_snr_db(const TrialRecord& rec) {
  const TimeSeries* clean = find_series(rec, "emg_clean");
  const TimeSeries* recorded = find_series(rec, "emg");
  if (clean == nullptr || recorded == nullptr || clean->data.size() != recorded->data.size()) return NAN;
  double signal = 0.0, added = 0.0;
  for (std::size_t k = 0; k < clean->data.size(); ++k) {
    const double c = clean->data[k], d = recorded->data[k] - clean->data[k];
    signal += c * c;
    added += d * d;
  }
  return added > 0.0 ? 10.0 * std::log10(signal / added) : INFINITY;
}

}  // namespace nmsim::engine
