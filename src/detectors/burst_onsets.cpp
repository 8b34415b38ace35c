#include "detectors/burst_onsets.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "detectors/dsp.hpp"

namespace nmsim::detectors {

namespace {

Parameters with_burst_defaults(std::initializer_list<std::pair<const std::string, double>> extra) {
  Parameters p{
      {"lowpass_hz", 50.0},        // Hodges & Bui 1996 compared 50 and 500 Hz low-pass; 50 Hz here
      {"h_sd", 3.0},               // Hodges & Bui 1996: mean + 3 SD among their settings
      {"window_s", 0.010},         // T: window mean above threshold (Hodges & Bui used 10-50 ms)
      {"baseline", 1.0},           // 0 = first rest phase (published), 1 = local running baseline (ours)
      {"local_window_s", 0.5},     // ± span of the local baseline (ours)
      {"min_duration_s", 0.010},   // shorter crossings are noise (ours)
      {"merge_gap_s", 0.010},      // bursts closer than this join (ours)
      {"extent_fraction", 0.5},    // a burst's extent: full width at half its peak envelope (ours)
  };
  for (const auto& [k, v] : extra) p.define(k, v);
  return p;
}

}  // namespace

Parameters burst_onset_parameters() { return with_burst_defaults({}); }

Parameters myoclonus_classifier_parameters() {
  return with_burst_defaults({
      {"cutoff_s", 0.045},      // van der Veen et al. 2024: 45 ms
      {"min_bursts", 10},       // van der Veen et al. 2024: at least 10 bursts
      {"jerk_window_s", 0.020}, // bursts within 20 ms across channels form one jerk (ours)
  });
}

scoring::DetectionTable detect_bursts(const TrialInput& t, const Parameters& p) {
  scoring::DetectionTable out;
  const TimeSeries& emg = *t.emg;
  const double rate = emg.rate_hz;
  const std::size_t ns = emg.n_samples();
  if (ns < 16) return out;
  const auto samples_of = [&](double s) { return std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(s * rate))); };
  const double rest_stop = t.rest_stop_s > 0 ? t.rest_stop_s : 0.5;
  const std::size_t rest_n = std::min(ns, samples_of(rest_stop - emg.starting_time_s));
  for (std::size_t c = 0; c < emg.n_channels(); ++c) {
    const auto env = moving_average(filtfilt2(rectified(channel(emg, c)), rate, p["lowpass_hz"], FilterKind::lowpass),
                                    samples_of(p["window_s"]));
    std::vector<double> threshold(ns);
    if (p["baseline"] == 0.0) {
      const double mean = std::accumulate(env.begin(), env.begin() + static_cast<std::ptrdiff_t>(rest_n), 0.0) / static_cast<double>(rest_n);
      double var = 0.0;
      for (std::size_t i = 0; i < rest_n; ++i) var += (env[i] - mean) * (env[i] - mean);
      std::fill(threshold.begin(), threshold.end(), mean + p["h_sd"] * std::sqrt(var / static_cast<double>(rest_n)));
    } else {
      // Running median and MAD, evaluated every 10 ms and held in between.
      const std::size_t half = samples_of(p["local_window_s"]), hop = samples_of(0.01);
      for (std::size_t i = 0; i < ns; i += hop) {
        const std::size_t a = i > half ? i - half : 0, b = std::min(ns, i + half);
        std::vector<double> seg(env.begin() + static_cast<std::ptrdiff_t>(a), env.begin() + static_cast<std::ptrdiff_t>(b));
        const double med = percentile(seg, 0.5);
        for (double& v : seg) v = std::abs(v - med);
        const double thr = med + p["h_sd"] * 1.4826 * percentile(seg, 0.5);
        std::fill(threshold.begin() + static_cast<std::ptrdiff_t>(i), threshold.begin() + static_cast<std::ptrdiff_t>(std::min(ns, i + hop)), thr);
      }
    }
    struct Burst { std::size_t a, b; double peak; };
    std::vector<Burst> bursts;
    for (std::size_t i = 0; i < ns;) {
      if (!(env[i] > threshold[i])) { ++i; continue; }
      const std::size_t a = i;
      double peak = 0.0;
      while (i < ns && env[i] > threshold[i]) { peak = std::max(peak, env[i] / threshold[i]); ++i; }
      if (!bursts.empty() && a - bursts.back().b < samples_of(p["merge_gap_s"])) {
        bursts.back().b = i;
        bursts.back().peak = std::max(bursts.back().peak, peak);
      } else {
        bursts.push_back({a, i, peak});
      }
    }
    for (auto b : bursts) {
      // The threshold crossing says where a burst is; its extent is measured relative to its
      // own peak, so that a strong burst is not widened by the envelope's smoothing skirts.
      double top = 0.0;
      for (std::size_t i = b.a; i < b.b; ++i) top = std::max(top, env[i]);
      const double level = p["extent_fraction"] * top;
      while (b.a + 1 < b.b && env[b.a] < level) ++b.a;
      while (b.b > b.a + 1 && env[b.b - 1] < level) --b.b;
      if (b.b - b.a < samples_of(p["min_duration_s"])) continue;
      const double start = emg.starting_time_s + static_cast<double>(b.a) / rate;
      const double stop = emg.starting_time_s + static_cast<double>(b.b) / rate;
      const std::size_t row = out.add(t.trial, emg.channels[c], "myoclonic_burst", start, stop, b.peak);
      out.set_value(row, "duration", stop - start);
    }
  }
  return out;
}

scoring::DetectionTable detect_myoclonus_class(const TrialInput& t, const Parameters& p) {
  scoring::DetectionTable out = detect_bursts(t, p);
  const std::size_t n = out.size();
  if (n < static_cast<std::size_t>(p["min_bursts"])) return out;
  double mean = 0.0;
  for (std::size_t r = 0; r < n; ++r) mean += out.stop[r] - out.start[r];
  mean /= static_cast<double>(n);
  const bool cortical = mean < p["cutoff_s"];
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return out.start[a] < out.start[b]; });
  const std::string label = cortical ? "myoclonus_cortical" : "myoclonus_noncortical";
  const double score = (p["cutoff_s"] - mean) / p["cutoff_s"];
  for (std::size_t k = 0; k < n;) {
    const double t0 = out.start[order[k]];
    double stop = out.stop[order[k]];
    std::size_t e = k + 1;
    while (e < n && out.start[order[e]] - t0 <= p["jerk_window_s"]) stop = std::max(stop, out.stop[order[e++]]);
    const std::size_t row = out.add(t.trial, scoring::kAnyChannel, label, t0, stop, score);
    out.set_value(row, "mean_burst_duration", mean);
    k = e;
  }
  return out;
}

}  // namespace nmsim::detectors
