#include "detectors/windows.hpp"

#include <algorithm>
#include <cmath>

namespace nmsim::detectors {

WindowGrid::WindowGrid(std::size_t samples, double rate, double t0, double length_s, double step_s)
    : length(static_cast<std::size_t>(std::lround(length_s * rate))),
      step(std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(step_s * rate)))),
      rate_hz(rate),
      starting_time_s(t0) {
  count = length > 0 && samples >= length ? (samples - length) / step + 1 : 0;
}

double WindowGrid::tile_start(std::size_t w) const {
  if (w == 0) return starting_time_s;
  return starting_time_s + (static_cast<double>(first(w)) + (static_cast<double>(length) - static_cast<double>(step)) / 2.0) / rate_hz;
}

double WindowGrid::tile_stop(std::size_t w) const {
  if (w + 1 == count) return starting_time_s + static_cast<double>(first(w) + length) / rate_hz;
  return tile_start(w + 1);
}

void add_window_runs(scoring::DetectionTable& out, std::uint64_t trial, const std::string& channel,
                     const std::string& label, const WindowGrid& grid, const std::vector<double>& score,
                     double threshold) {
  for (std::size_t w = 0; w < score.size();) {
    if (!(score[w] >= threshold)) {
      ++w;
      continue;
    }
    std::size_t e = w;
    double best = score[w];
    while (e < score.size() && score[e] >= threshold) best = std::max(best, score[e++]);
    out.add(trial, channel, label, grid.tile_start(w), grid.tile_stop(e - 1), best);
    w = e;
  }
}

}  // namespace nmsim::detectors
