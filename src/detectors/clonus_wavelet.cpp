#include "detectors/clonus_wavelet.hpp"

#include <algorithm>
#include <cmath>

#include "detectors/dsp.hpp"

namespace nmsim::detectors {

Parameters clonus_wavelet_parameters() {
  return {
      {"band_low_hz", 74.8},        // Mummidisetty et al. 2012
      {"band_high_hz", 193.9},      // Mummidisetty et al. 2012
      {"scales", 8},                // wavelet scales across the band (ours)
      {"smooth_s", 0.025},          // envelope moving average (ours): about one burst
      {"threshold_factor", 5.0},    // threshold >= factor x the envelope's 10th percentile (noise; ours)
      {"threshold_fraction", 0.2},  // threshold >= fraction x the envelope's 99th percentile (ours)
      {"min_interval_s", 1.0 / 12}, // one peak per contraction: peaks closer merge (labels' 12 Hz)
      {"max_interval_s", 1.0 / 2.5},  // longer gaps end an episode (labels' 2.5 Hz)
      {"energy_window_s", 0.05},    // Mummidisetty et al. 2012: ±50 ms around the peak
      {"onset_energy", 0.05},       // Mummidisetty et al. 2012: 5 % of the energy
      {"offset_energy", 0.95},      // Mummidisetty et al. 2012: 95 %
      {"min_beats", 3},             // as the labels' min_beats (docs/labels.md)
      {"min_contraction_s", 0.02},  // shorter EMG (a single motor-unit potential) is no contraction (ours)
  };
}

scoring::DetectionTable detect_clonus_wavelet(const TrialInput& t, const Parameters& p) {
  scoring::DetectionTable out;
  const TimeSeries& emg = *t.emg;
  const double rate = emg.rate_hz;
  const auto samples_of = [&](double s) { return static_cast<std::size_t>(std::lround(s * rate)); };
  for (std::size_t c = 0; c < emg.n_channels(); ++c) {
    const std::vector<double> x = channel(emg, c);
    if (x.size() < 16) continue;
    const auto env = moving_average(morlet_envelope(x, rate, p["band_low_hz"], p["band_high_hz"],
                                                    static_cast<int>(p["scales"])),
                                    std::max<std::size_t>(1, samples_of(p["smooth_s"])));
    const double threshold =
        std::max(p["threshold_factor"] * percentile(env, 0.10), p["threshold_fraction"] * percentile(env, 0.99));
    // One peak per contraction: a contraction is a stretch of envelope above threshold, its
    // peak the largest value there; contractions whose peaks are closer than min_interval
    // join (the larger peak stays). Tonic activity is therefore one long contraction.
    std::vector<std::size_t> peaks;
    for (std::size_t i = 0; i < env.size();) {
      if (!(env[i] > threshold)) {
        ++i;
        continue;
      }
      std::size_t top = i;
      while (i < env.size() && env[i] > threshold) {
        if (env[i] > env[top]) top = i;
        ++i;
      }
      if (!peaks.empty() && static_cast<double>(top - peaks.back()) / rate < p["min_interval_s"]) {
        if (env[top] > env[peaks.back()]) peaks.back() = top;
      } else {
        peaks.push_back(top);
      }
    }
    // Contraction extent from the energy within ±window of the peak.
    const std::size_t half = samples_of(p["energy_window_s"]);
    const auto extent = [&](std::size_t peak, double& a, double& b) {
      const std::size_t lo = peak > half ? peak - half : 0, hi = std::min(x.size(), peak + half + 1);
      double total = 0.0;
      for (std::size_t i = lo; i < hi; ++i) total += x[i] * x[i];
      double s = 0.0;
      std::size_t on = lo, off = hi - 1;
      bool have_on = false;
      for (std::size_t i = lo; i < hi; ++i) {
        s += x[i] * x[i];
        if (!have_on && s >= p["onset_energy"] * total) { on = i; have_on = true; }
        if (s >= p["offset_energy"] * total) { off = i; break; }
      }
      a = emg.starting_time_s + static_cast<double>(on) / rate;
      b = emg.starting_time_s + static_cast<double>(off + 1) / rate;
    };
    std::vector<std::size_t> kept;
    for (std::size_t pk : peaks) {
      double a = 0, b = 0;
      extent(pk, a, b);
      if (b - a >= p["min_contraction_s"]) kept.push_back(pk);
    }
    peaks = std::move(kept);
    const auto min_beats = static_cast<std::size_t>(p["min_beats"]);
    std::size_t first = 0;
    for (std::size_t k = 1; k <= peaks.size(); ++k) {
      const bool breaks = k == peaks.size() || static_cast<double>(peaks[k] - peaks[k - 1]) / rate > p["max_interval_s"];
      if (!breaks) continue;
      const std::size_t n = k - first;
      if (n >= min_beats) {
        std::vector<double> heights;
        double ep_a = 0, ep_b = 0;
        for (std::size_t m = first; m < k; ++m) {
          double a = 0, b = 0;
          extent(peaks[m], a, b);
          if (m == first) ep_a = a;
          ep_b = b;
          const std::size_t row = out.add(t.trial, emg.channels[c], "clonus_beat", a, b, env[peaks[m]] / threshold);
          out.set_value(row, "peak_time", emg.starting_time_s + static_cast<double>(peaks[m]) / rate);
          heights.push_back(env[peaks[m]]);
        }
        const double span = static_cast<double>(peaks[k - 1] - peaks[first]) / rate;
        const std::size_t row =
            out.add(t.trial, emg.channels[c], "clonus_episode", ep_a, ep_b, percentile(heights, 0.5) / threshold);
        out.set_value(row, "frequency", static_cast<double>(n - 1) / span);
        out.set_value(row, "beat_count", static_cast<double>(n));
      }
      first = k;
    }
  }
  return out;
}

}  // namespace nmsim::detectors
