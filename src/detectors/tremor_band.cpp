#include "detectors/tremor_band.hpp"

#include <algorithm>
#include <cmath>

#include "detectors/dsp.hpp"
#include "detectors/windows.hpp"

namespace nmsim::detectors {

Parameters tremor_band_parameters() {
  return {
      {"window_s", 3.0},            // PMC6806079: 3 s windows
      {"step_s", 1.0},              // window step (ours)
      {"band_low_hz", 3.0},         // tremor band, PMC6806079
      {"band_high_hz", 12.0},
      {"peak_halfwidth_hz", 1.0},   // power "around the peak" (ours)
      {"min_relative_power", 0.3},  // of the 1-30 Hz power (ours; rectified noise reaches about 0.2)
      {"min_rms_factor", 0.0},      // optional: window RMS >= this x the trial's 10th-percentile window RMS (ours; 0 = off)
  };
}

scoring::DetectionTable detect_tremor_band(const TrialInput& t, const Parameters& p) {
  scoring::DetectionTable out;
  const TimeSeries& emg = *t.emg;
  const double rate = emg.rate_hz;
  const WindowGrid g(emg.n_samples(), rate, emg.starting_time_s, p["window_s"], p["step_s"]);
  const std::size_t n = g.length;
  if (g.count == 0 || n < 16) return out;
  for (std::size_t c = 0; c < emg.n_channels(); ++c) {
    const std::vector<double> x = channel(emg, c);
    const std::vector<double> r = rectified(x);
    struct Window { double start, stop, freq, rel, rms; };
    std::vector<Window> w;
    for (std::size_t k = 0; k < g.count; ++k) {
      const std::size_t a = g.first(k);
      const Spectrum s = power_spectrum(r, a, n, rate);
      const double f = s.peak_frequency(p["band_low_hz"], p["band_high_hz"]);
      const double total = s.band_power(1.0, 30.0);
      const double around = s.band_power(f - p["peak_halfwidth_hz"], f + p["peak_halfwidth_hz"]);
      double ss = 0.0;
      for (std::size_t i = a; i < a + n; ++i) ss += x[i] * x[i];
      w.push_back({g.tile_start(k), g.tile_stop(k), f, total > 0 ? around / total : 0.0, std::sqrt(ss / static_cast<double>(n))});
    }
    std::vector<double> rms;
    for (const auto& v : w) rms.push_back(v.rms);
    const double floor = p["min_rms_factor"] * percentile(rms, 0.10);
    for (std::size_t k = 0; k < w.size();) {
      const auto flagged = [&](std::size_t i) { return w[i].rel >= p["min_relative_power"] && w[i].rms >= floor; };
      if (!flagged(k)) { ++k; continue; }
      std::size_t e = k;
      double fsum = 0, best = 0;
      while (e < w.size() && flagged(e)) { fsum += w[e].freq; best = std::max(best, w[e].rel); ++e; }
      const double f = fsum / static_cast<double>(e - k);
      const std::size_t row = out.add(t.trial, emg.channels[c], "tremor", w[k].start, w[e - 1].stop, best);
      out.set_value(row, "frequency", f);
      out.set_value(row, "relative_power", best);
      out.set_value(row, "in_physiological_band", f >= 8 && f <= 12 ? 1 : 0);
      out.set_value(row, "in_essential_band", f >= 4 && f <= 12 ? 1 : 0);
      out.set_value(row, "in_parkinsonian_band", f >= 3 && f <= 8 ? 1 : 0);
      k = e;
    }
  }
  return out;
}

}  // namespace nmsim::detectors
