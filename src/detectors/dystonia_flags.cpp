#include "detectors/dystonia_flags.hpp"

#include <algorithm>
#include <cmath>

#include "detectors/dsp.hpp"
#include "detectors/windows.hpp"

namespace nmsim::detectors {

Parameters dystonia_parameters(DystoniaRule rule) {
  Parameters p{
      {"window_s", 0.5},        // analysis window (ours)
      {"step_s", 0.25},         // window step (ours)
      {"envelope_hz", 10.0},    // linear-envelope low-pass (a common choice; ours)
      {"active_factor", 3.0},   // active: window RMS >= factor x the rest phase's RMS (ours)
  };
  if (rule == DystoniaRule::co_contraction) p.define("cci_threshold", 0.5);  // ours
  else p.define("mdf_cutoff_hz", 70.0);  // Go et al. 2014
  return p;
}

DystoniaWindows dystonia_windows(const TrialInput& t, double window_s, double step_s, double envelope_hz) {
  const TimeSeries& emg = *t.emg;
  const WindowGrid g(emg.n_samples(), emg.rate_hz, emg.starting_time_s, window_s, step_s);
  const std::size_t nc = emg.n_channels();
  DystoniaWindows out;
  out.cci.assign(g.count, NAN);
  out.rms.assign(nc, std::vector<double>(g.count, 0.0));
  out.median_freq.assign(nc, std::vector<double>(g.count, NAN));
  std::vector<std::vector<double>> env(nc);
  for (std::size_t c = 0; c < nc; ++c) {
    const auto x = channel(emg, c);
    // In volts: without a maximal voluntary contraction to normalise by, a per-channel
    // normalisation would make a barely active antagonist look as active as the agonist.
    env[c] = filtfilt2(rectified(x), emg.rate_hz, envelope_hz, FilterKind::lowpass);
    for (double& v : env[c]) v = std::max(0.0, v);
    for (std::size_t w = 0; w < g.count; ++w) {
      double ss = 0;
      for (std::size_t i = g.first(w); i < g.first(w) + g.length; ++i) ss += x[i] * x[i];
      out.rms[c][w] = std::sqrt(ss / static_cast<double>(g.length));
      out.median_freq[c][w] = power_spectrum(x, g.first(w), g.length, emg.rate_hz).median_frequency(10.0, 500.0);
    }
  }
  const auto side = [&](int sign, std::size_t i) {
    double s = 0;
    for (std::size_t c = 0; c < nc; ++c)
      if (c < t.moment_sign.size() && t.moment_sign[c] == sign) s += env[c][i];
    return s;
  };
  const bool both = std::count(t.moment_sign.begin(), t.moment_sign.end(), 1) > 0 &&
                    std::count(t.moment_sign.begin(), t.moment_sign.end(), -1) > 0;
  if (both)
    for (std::size_t w = 0; w < g.count; ++w) {
      double num = 0, den = 0;
      for (std::size_t i = g.first(w); i < g.first(w) + g.length; ++i) {
        const double a = side(1, i), b = side(-1, i);
        num += std::min(a, b);
        den += a + b;
      }
      out.cci[w] = den > 0 ? 2.0 * num / den : NAN;
    }
  return out;
}

scoring::DetectionTable detect_dystonia(const TrialInput& t, const Parameters& p, DystoniaRule rule) {
  scoring::DetectionTable out;
  const TimeSeries& emg = *t.emg;
  const WindowGrid g(emg.n_samples(), emg.rate_hz, emg.starting_time_s, p["window_s"], p["step_s"]);
  if (g.count == 0) return out;
  const DystoniaWindows d = dystonia_windows(t, p["window_s"], p["step_s"], p["envelope_hz"]);
  const std::size_t nc = emg.n_channels();
  std::vector<std::vector<char>> active(nc, std::vector<char>(g.count, 0));
  // The resting level: RMS over the first rest phase (the first 0.5 s without one).
  const auto rest_n = std::min(emg.n_samples(), static_cast<std::size_t>(std::lround(
                                                     (t.rest_stop_s > 0 ? t.rest_stop_s : 0.5) * emg.rate_hz)));
  for (std::size_t c = 0; c < nc; ++c) {
    double ss = 0;
    for (std::size_t i = 0; i < rest_n; ++i) ss += static_cast<double>(emg.at(i, c)) * emg.at(i, c);
    const double floor = p["active_factor"] * std::sqrt(ss / static_cast<double>(std::max<std::size_t>(1, rest_n)));
    for (std::size_t w = 0; w < g.count; ++w) active[c][w] = d.rms[c][w] >= floor;
  }
  for (std::size_t c = 0; c < nc; ++c) {
    std::vector<double> score(g.count, NAN);
    for (std::size_t w = 0; w < g.count; ++w) {
      if (!active[c][w]) continue;
      if (rule == DystoniaRule::median_frequency) {
        const double f = d.median_freq[c][w];
        if (f < p["mdf_cutoff_hz"]) score[w] = 1.0 + (p["mdf_cutoff_hz"] - f) / p["mdf_cutoff_hz"];
      } else {
        bool other_side_active = false;
        for (std::size_t o = 0; o < nc; ++o)
          other_side_active = other_side_active || (o < t.moment_sign.size() && c < t.moment_sign.size() &&
                                                    t.moment_sign[o] == -t.moment_sign[c] && t.moment_sign[c] != 0 &&
                                                    active[o][w]);
        if (other_side_active && d.cci[w] >= p["cci_threshold"]) score[w] = d.cci[w];
      }
    }
    add_window_runs(out, t.trial, emg.channels[c], "dystonia", g, score, -1e300);
  }
  return out;
}

}  // namespace nmsim::detectors
