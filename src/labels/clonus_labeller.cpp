#include "labels/clonus_labeller.hpp"

#include <cstddef>

namespace nmsim::labels {
namespace {

// Time where the signal crosses `level` between samples i and i+1 (linear interpolation).
double crossing(std::span<const double> x, std::size_t i, double level, double rate_hz, double t0) {
  const double a = x[i], b = x[i + 1];
  const double frac = (b == a) ? 0.0 : (level - a) / (b - a);
  return t0 + (static_cast<double>(i) + frac) / rate_hz;
}

}  // namespace

std::vector<Beat> detect_beats(std::span<const double> x, double rate_hz, double t0, double min_prominence) {
  // Peak/trough alternation with hysteresis: a peak is confirmed once the signal has fallen
  // min_prominence below it, a trough once it has risen min_prominence above it.
  struct Extremum { std::size_t index; bool peak; };
  std::vector<Extremum> ext;
  if (x.size() < 3) return {};
  std::size_t imax = 0, imin = 0;
  bool seeking_peak = true;
  for (std::size_t i = 1; i < x.size(); ++i) {
    if (x[i] > x[imax]) imax = i;
    if (x[i] < x[imin]) imin = i;
    if (seeking_peak && x[i] < x[imax] - min_prominence) {
      ext.push_back({imax, true});
      seeking_peak = false;
      imin = i;
    } else if (!seeking_peak && x[i] > x[imin] + min_prominence) {
      ext.push_back({imin, false});
      seeking_peak = true;
      imax = i;
    }
  }
  // A peak needs a rise from somewhere: the series start counts as the trough before the first peak.
  std::vector<Beat> beats;
  for (std::size_t e = 0; e < ext.size(); ++e) {
    if (!ext[e].peak) continue;
    const std::size_t p = ext[e].index;
    const std::size_t left = (e > 0) ? ext[e - 1].index : 0;
    const std::size_t right = (e + 1 < ext.size()) ? ext[e + 1].index : x.size() - 1;
    if (x[p] - x[left] < min_prominence) continue;
    const double rise_level = 0.5 * (x[p] + x[left]);
    const double fall_level = 0.5 * (x[p] + x[right]);
    std::size_t i = p;
    while (i > left && x[i - 1] >= rise_level) --i;
    const double start = (i > left) ? crossing(x, i - 1, rise_level, rate_hz, t0) : t0 + static_cast<double>(i) / rate_hz;
    std::size_t j = p;
    while (j < right && x[j + 1] >= fall_level) ++j;
    const double stop = (j < right) ? crossing(x, j, fall_level, rate_hz, t0) : t0 + static_cast<double>(j) / rate_hz;
    beats.push_back({start, t0 + static_cast<double>(p) / rate_hz, stop, x[p]});
  }
  return beats;
}

int scats_duration_class(double duration_s) {
  if (duration_s < 3.0) return 1;
  if (duration_s <= 10.0) return 2;
  return 3;
}

std::vector<ClonusEpisode> group_episodes(const std::vector<Beat>& beats, const ClonusLabelParams& params) {
  std::vector<ClonusEpisode> episodes;
  const double min_interval = 1.0 / params.max_frequency_hz;
  const double max_interval = 1.0 / params.min_frequency_hz;
  std::size_t run_start = 0;
  auto close_run = [&](std::size_t end) {  // beats [run_start, end)
    const std::size_t n = end - run_start;
    if (n < static_cast<std::size_t>(params.min_beats)) return;
    ClonusEpisode ep;
    ep.beats.assign(beats.begin() + static_cast<std::ptrdiff_t>(run_start), beats.begin() + static_cast<std::ptrdiff_t>(end));
    ep.start_s = ep.beats.front().start_s;
    ep.stop_s = ep.beats.back().stop_s;
    ep.frequency_hz = static_cast<double>(n - 1) / (ep.beats.back().peak_s - ep.beats.front().peak_s);
    ep.duration_class = scats_duration_class(ep.stop_s - ep.start_s);
    ep.sustained = n >= static_cast<std::size_t>(params.sustained_beats);
    episodes.push_back(std::move(ep));
  };
  for (std::size_t i = 1; i <= beats.size(); ++i) {
    const bool continues = i < beats.size() && beats[i].peak_s - beats[i - 1].peak_s >= min_interval &&
                           beats[i].peak_s - beats[i - 1].peak_s <= max_interval;
    if (!continues) {
      close_run(i);
      run_start = i;
    }
  }
  return episodes;
}

}  // namespace nmsim::labels
