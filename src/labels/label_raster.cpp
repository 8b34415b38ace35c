#include "labels/label_raster.hpp"

#include <algorithm>
#include <cmath>

namespace nmsim::labels {

void mark_interval(LabelSeries& labels, std::size_t channel, double start_s, double stop_s, unsigned bit) {
  const std::size_t n = labels.n_samples();
  if (n == 0 || stop_s < start_s) return;
  const double first = std::ceil((start_s - labels.starting_time_s) * labels.rate_hz - 1e-9);
  const double last = std::floor((stop_s - labels.starting_time_s) * labels.rate_hz + 1e-9);
  if (last < 0.0 || first > static_cast<double>(n - 1)) return;
  const auto i0 = static_cast<std::size_t>(std::max(first, 0.0));
  const auto i1 = static_cast<std::size_t>(std::min(last, static_cast<double>(n - 1)));
  const LabelMask m = bit_mask(bit);
  for (std::size_t i = i0; i <= i1; ++i) labels.at(i, channel) |= m;
}

void add_clonus_events(EventTable& events, const std::vector<ClonusEpisode>& episodes, const std::string& channel) {
  for (const auto& ep : episodes) {
    const std::size_t row = events.add(ep.start_s, ep.stop_s, "clonus_episode", channel);
    events.set_int(row, "beat_count", static_cast<std::int64_t>(ep.beats.size()));
    events.set_real(row, "frequency", ep.frequency_hz);
    events.set_int(row, "duration_class", ep.duration_class);
    events.set_int(row, "sustained", ep.sustained ? 1 : 0);
    events.set_real(row, "salience_db", ep.salience_db);
    events.set_int(row, "visible", ep.visible ? 1 : 0);
    for (const auto& b : ep.beats) {
      const std::size_t beat = events.add(b.start_s, b.stop_s, "clonus_beat", channel, static_cast<std::int64_t>(row));
      events.set_real(beat, "peak_time", b.peak_s);
      events.set_real(beat, "peak_drive", b.peak_drive);
      events.set_real(beat, "salience_db", b.salience_db);
      events.set_int(beat, "visible", b.visible ? 1 : 0);
    }
  }
}

}  // namespace nmsim::labels
