#include "labels/clonus_labeller.hpp"

#include <algorithm>
#include <cmath>

namespace nmsim::labels {
namespace {

// Time where the signal crosses `level` between samples i and i+1 (linear interpolation).
double crossing(std::span<const double> x, std::size_t i, double level, double rate_hz, double t0) {
  const double a = x[i], b = x[i + 1];
  const double frac = (b == a) ? 0.0 : (level - a) / (b - a);
  return t0 + (static_cast<double>(i) + frac) / rate_hz;
}

// Index of the lowest sample in [lo, hi] (the first one on ties).
std::size_t argmin(std::span<const double> x, std::size_t lo, std::size_t hi) {
  std::size_t best = lo;
  for (std::size_t i = lo + 1; i <= hi; ++i)
    if (x[i] < x[best]) best = i;
  return best;
}

// Confirmed peaks of x with hysteresis h: a peak once the signal has fallen h below the
// running maximum, a trough once it has risen h above the running minimum. Returns the peaks'
// indices; `troughs` gets the confirmed troughs' indices (each between two peaks).
std::vector<std::size_t> hysteresis_peaks(std::span<const double> x, double h, std::vector<std::size_t>& troughs) {
  std::vector<std::size_t> peaks;
  std::size_t imax = 0, imin = 0;
  bool seeking_peak = true;
  for (std::size_t i = 1; i < x.size(); ++i) {
    if (x[i] > x[imax]) imax = i;
    if (x[i] < x[imin]) imin = i;
    if (seeking_peak && x[i] < x[imax] - h) {
      peaks.push_back(imax);
      seeking_peak = false;
      imin = i;
    } else if (!seeking_peak && x[i] > x[imin] + h) {
      troughs.push_back(imin);
      seeking_peak = true;
      imax = i;
    }
  }
  return peaks;
}

}  // namespace

std::vector<Beat> detect_beats(std::span<const double> x, double rate_hz, double t0, double min_prominence,
                               double max_period_s) {
  if (x.size() < 3) return {};
  std::vector<std::size_t> troughs;
  const std::vector<std::size_t> peaks = hysteresis_peaks(x, min_prominence, troughs);
  // A peak may look for its troughs this far (and never past the neighbouring peaks).
  const auto window = static_cast<std::size_t>(std::max(1.0, std::floor(max_period_s * rate_hz)));
  std::vector<Beat> beats;
  for (std::size_t k = 0; k < peaks.size(); ++k) {
    const std::size_t p = peaks[k];
    const std::size_t lo = std::max(k > 0 ? peaks[k - 1] : 0, p > window ? p - window : 0);
    const std::size_t hi = std::min(k + 1 < peaks.size() ? peaks[k + 1] : x.size() - 1, p + window);
    const std::size_t left = argmin(x, lo, p), right = argmin(x, p, std::min(hi, x.size() - 1));
    if (x[p] - x[left] < min_prominence || x[p] - x[right] < min_prominence) continue;
    const double rise_level = 0.5 * (x[p] + x[left]);
    const double fall_level = 0.5 * (x[p] + x[right]);
    std::size_t i = p;
    while (i > left && x[i - 1] >= rise_level) --i;
    std::size_t j = p;
    while (j < right && x[j + 1] >= fall_level) ++j;
    Beat b;
    b.start_s = i > left ? crossing(x, i - 1, rise_level, rate_hz, t0) : t0 + static_cast<double>(i) / rate_hz;
    b.peak_s = t0 + static_cast<double>(p) / rate_hz;
    b.stop_s = j < right ? crossing(x, j, fall_level, rate_hz, t0) : t0 + static_cast<double>(j) / rate_hz;
    b.peak_drive = x[p];
    b.trough_before_s = t0 + static_cast<double>(left) / rate_hz;
    b.trough_after_s = t0 + static_cast<double>(right) / rate_hz;
    b.cycle = k;
    beats.push_back(b);
  }
  return beats;
}

std::vector<Run> rhythmic_runs(const std::vector<Beat>& beats, double min_interval_s, double max_interval_s,
                               std::size_t min_count) {
  std::vector<Run> runs;
  std::size_t first = 0;
  for (std::size_t i = 1; i <= beats.size(); ++i) {
    const bool continues = i < beats.size() && beats[i].cycle == beats[i - 1].cycle + 1 &&
                           beats[i].peak_s - beats[i - 1].peak_s >= min_interval_s &&
                           beats[i].peak_s - beats[i - 1].peak_s <= max_interval_s;
    if (continues) continue;
    if (i - first >= std::max<std::size_t>(min_count, 1)) runs.push_back({first, i});
    first = i;
  }
  return runs;
}

int scats_duration_class(double duration_s) {
  if (duration_s < 3.0) return 1;
  if (duration_s <= 10.0) return 2;
  return 3;
}

std::vector<ClonusEpisode> group_episodes(const std::vector<Beat>& beats, const ClonusLabelParams& params) {
  std::vector<ClonusEpisode> episodes;
  const auto min_count = static_cast<std::size_t>(std::max(params.min_beats, 1));
  for (const Run& r : rhythmic_runs(beats, 1.0 / params.max_frequency_hz, 1.0 / params.min_frequency_hz, min_count)) {
    ClonusEpisode ep;
    ep.beats.assign(beats.begin() + static_cast<std::ptrdiff_t>(r.first), beats.begin() + static_cast<std::ptrdiff_t>(r.end));
    const std::size_t n = ep.beats.size();
    ep.start_s = ep.beats.front().start_s;
    ep.stop_s = ep.beats.back().stop_s;
    ep.frequency_hz = n > 1 ? static_cast<double>(n - 1) / (ep.beats.back().peak_s - ep.beats.front().peak_s) : 0.0;
    ep.duration_class = scats_duration_class(ep.stop_s - ep.start_s);
    ep.sustained = n >= static_cast<std::size_t>(params.sustained_beats);
    episodes.push_back(std::move(ep));
  }
  return episodes;
}

void rate_salience(std::vector<ClonusEpisode>& episodes, const ChannelPower& emg, const ClonusLabelParams& params) {
  for (ClonusEpisode& ep : episodes) {
    std::vector<double> saliences;
    int visible = 0;
    for (Beat& b : ep.beats) {
      // The quietest eighth of the cycle on either side: centred on each trough, never inside the beat.
      const double w = (b.trough_after_s - b.trough_before_s) / 8.0;
      const Window rest[] = {{b.trough_before_s - w, std::min(b.trough_before_s + w, b.start_s)},
                             {std::max(b.trough_after_s - w, b.stop_s), b.trough_after_s + w}};
      b.salience_db = power_ratio_db(emg.mean_square({b.start_s, b.stop_s}), emg.mean_square_excluding(rest));
      b.visible = b.salience_db >= params.visible_db;  // false for NaN
      visible += b.visible ? 1 : 0;
      saliences.push_back(std::isnan(b.salience_db) ? -INFINITY : b.salience_db);
    }
    std::sort(saliences.begin(), saliences.end());
    const std::size_t n = saliences.size();
    ep.salience_db = n % 2 ? saliences[n / 2] : 0.5 * (saliences[n / 2 - 1] + saliences[n / 2]);
    ep.visible = visible >= params.min_beats;
  }
}

std::vector<Beat> beats_within(const std::vector<Beat>& beats, const std::vector<ClonusEpisode>& twin) {
  std::vector<Beat> out;
  for (const Beat& b : beats)
    for (const ClonusEpisode& e : twin)
      if (b.peak_s >= e.start_s && b.peak_s <= e.stop_s) {
        out.push_back(b);
        break;
      }
  return out;
}

}  // namespace nmsim::labels
