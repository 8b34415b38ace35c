#include "signals/electrode_artefacts.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/random.hpp"

namespace nmsim::signals {

std::vector<Occurrence> draw_occurrences(const TransientParams& p, bool pop, double duration_s, std::uint64_t seed,
                                         std::uint64_t trial, std::uint32_t stream) {
  NMSIM_CHECK(p.duration_s > 0.0, "a transient artefact needs a duration");
  std::vector<Occurrence> out;
  if (!p.enabled()) return out;
  RandomStream rs(seed, trial, RngPurpose::Recording, stream);
  const double rate_hz = p.rate_per_min / 60.0;
  double t = rs.exponential(rate_hz);
  while (t < duration_s) {
    Occurrence o;
    o.start_s = t;
    if (pop) {
      o.amplitude_v = (rs.uniform() < 0.5 ? -1.0 : 1.0) * p.amplitude_v;
      o.stop_s = std::min(duration_s, t + 3.0 * p.duration_s);
    } else {
      o.stop_s = std::min(duration_s, t + rs.exponential(1.0 / p.duration_s));
    }
    out.push_back(o);
    // The next one starts after this one ends: a channel has one lead and one contact.
    t = o.stop_s + rs.exponential(rate_hz);
  }
  return out;
}

std::vector<double> pop_waveform(const std::vector<Occurrence>& pops, double tau_s, std::size_t n, double rate_hz) {
  std::vector<double> v(n, 0.0);
  for (const Occurrence& o : pops) {
    // The step and its recovery, for as long as it exceeds 1e-6 of the step (≈ 14 τ).
    const std::size_t first = sample_at(o.start_s, rate_hz);
    const auto last = std::min(n, first + static_cast<std::size_t>(std::ceil(14.0 * tau_s * rate_hz)));
    for (std::size_t k = first; k < last; ++k)
      v[k] += o.amplitude_v * std::exp(-(static_cast<double>(k) / rate_hz - o.start_s) / tau_s);
  }
  return v;
}

}  // namespace nmsim::signals
