#include "labels/myoclonus_labeller.hpp"

#include <algorithm>
#include <cmath>

namespace nmsim::labels {

Burst volley_burst(std::span<const double> part, double rate_hz, double start_s, double duration_s,
                   const MyoclonusLabelParams& p) {
  Burst b;
  const auto clamp_index = [&](double t) {
    return std::min(part.size(), static_cast<std::size_t>(std::max(0.0, std::ceil(t * rate_hz - 1e-9))));
  };
  const std::size_t i0 = clamp_index(start_s), i1 = clamp_index(start_s + duration_s + p.lag_s);
  for (std::size_t k = i0; k < i1; ++k) {
    if (std::abs(part[k]) <= p.threshold) continue;
    const double t = static_cast<double>(k) / rate_hz;
    if (!b.found) b.start_s = t;
    b.found = true;
    b.stop_s = t;
    if (std::abs(part[k]) > std::abs(b.peak)) b.peak = part[k];
  }
  return b;
}

Burst silent_period(std::span<const double> pool_input, double rate_hz, double first_threshold, double start_s,
                    double duration_s, std::span<const double> part, double part_rate_hz, const MyoclonusLabelParams& p) {
  Burst b;
  const auto index = [&](double t) {
    return std::min(pool_input.size(), static_cast<std::size_t>(std::max(0.0, std::ceil(t * rate_hz - 1e-9))));
  };
  const std::size_t i0 = index(start_s), i1 = index(start_s + duration_s + p.lag_s);
  if (i0 == 0 || i0 >= pool_input.size() || pool_input[i0 - 1] < first_threshold) return b;  // nothing to silence
  std::size_t best_a = 0, best_b = 0;
  for (std::size_t k = i0; k < i1;) {
    if (pool_input[k] >= first_threshold) {
      ++k;
      continue;
    }
    std::size_t j = k;
    while (j < i1 && pool_input[j] < first_threshold) ++j;
    if (j - k > best_b - best_a) {
      best_a = k;
      best_b = j;
    }
    k = j;
  }
  if (best_b == best_a || static_cast<double>(best_b - best_a) < p.min_silent_s * rate_hz - 1e-9) return b;
  b.found = true;
  b.start_s = static_cast<double>(best_a) / rate_hz;
  b.stop_s = static_cast<double>(best_b) / rate_hz;
  for (auto k = static_cast<std::size_t>(b.start_s * part_rate_hz); k < part.size() && static_cast<double>(k) <= b.stop_s * part_rate_hz; ++k)
    b.peak = std::min(b.peak, part[k]);
  return b;
}

}  // namespace nmsim::labels
