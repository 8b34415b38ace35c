#pragma once
// Shared helpers for the dystonia and myoclonus validation tests: bundled scenarios with overrides, and
// measurements taken from the generated signals independently of the labeller.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "clonus_fixture.hpp"
#include "core/trial_record.hpp"
#include "engine/trial_runner.hpp"
#include "scenario/scenario.hpp"

namespace nmsim::testing {

inline scenario::Scenario bundled(const std::string& name, const std::vector<std::string>& sets = {}) {
  std::vector<config::Override> o;
  for (const auto& s : sets) o.push_back(config::parse_override(s));
  return scenario::load_scenario(std::string(NMSIM_SOURCE_DIR "/scenarios/") + name + ".yaml", o);
}

inline std::size_t channel_index(const std::vector<std::string>& channels, const std::string& name) {
  const auto it = std::find(channels.begin(), channels.end(), name);
  if (it == channels.end()) throw std::runtime_error("no channel " + name);
  return static_cast<std::size_t>(it - channels.begin());
}

// Rectified EMG smoothed by a centred moving average of `window_s` (a detector's envelope).
inline std::vector<double> emg_envelope(const TimeSeries& emg, std::size_t channel, double window_s) {
  const std::size_t n = emg.n_samples(), w = std::max<std::size_t>(1, static_cast<std::size_t>(window_s * emg.rate_hz));
  std::vector<double> cum(n + 1, 0.0), out(n);
  for (std::size_t k = 0; k < n; ++k) cum[k + 1] = cum[k] + std::abs(static_cast<double>(emg.at(k, channel)));
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t a = k >= w / 2 ? k - w / 2 : 0, b = std::min(n, k + w / 2 + 1);
    out[k] = (cum[b] - cum[a]) / static_cast<double>(b - a);
  }
  return out;
}

// Falconer & Winter co-contraction index of two envelopes over [t0, t1).
inline double envelope_cci(const std::vector<double>& a, const std::vector<double>& b, double rate, double t0, double t1) {
  double common = 0.0, total = 0.0;
  for (auto k = static_cast<std::size_t>(t0 * rate); k < static_cast<std::size_t>(t1 * rate); ++k) {
    common += std::min(a[k], b[k]);
    total += a[k] + b[k];
  }
  return 2.0 * common / total;
}

inline double mean_over(const TimeSeries& s, std::size_t channel, double t0, double t1) {
  double sum = 0.0;
  const auto k0 = static_cast<std::size_t>(t0 * s.rate_hz), k1 = static_cast<std::size_t>(t1 * s.rate_hz);
  for (std::size_t k = k0; k < k1; ++k) sum += s.at(k, channel);
  return sum / static_cast<double>(k1 - k0);
}

// Bursts of an envelope: runs above `fraction` of its 99.5th percentile, gaps shorter than
// `merge_gap_s` bridged, runs shorter than `min_s` dropped. Sample index ranges [first, second).
inline std::vector<std::pair<std::size_t, std::size_t>> detect_bursts(const std::vector<double>& env, double rate,
                                                                      double fraction, double merge_gap_s, double min_s) {
  std::vector<double> sorted = env;
  const std::size_t q = sorted.size() * 995 / 1000;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(q), sorted.end());
  const double threshold = fraction * sorted[q];
  const auto gap = static_cast<std::size_t>(merge_gap_s * rate), shortest = static_cast<std::size_t>(min_s * rate);
  std::vector<std::pair<std::size_t, std::size_t>> bursts;
  for (std::size_t k = 0; k < env.size();) {
    if (env[k] <= threshold) {
      ++k;
      continue;
    }
    std::size_t j = k;
    while (j < env.size() && env[j] > threshold) ++j;
    if (!bursts.empty() && k - bursts.back().second < gap)
      bursts.back().second = j;
    else
      bursts.emplace_back(k, j);
    k = j;
  }
  std::erase_if(bursts, [&](const auto& b) { return b.second - b.first < shortest; });
  return bursts;
}

inline double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? NAN : v[v.size() / 2];
}

// Rows of an event label (optionally on one channel).
inline std::vector<std::size_t> events_of(const EventTable& ev, const std::string& label, const std::string& channel = "") {
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < ev.size(); ++i)
    if (ev.label()[i] == label && (channel.empty() || ev.channel()[i] == channel)) rows.push_back(i);
  return rows;
}

}  // namespace nmsim::testing
