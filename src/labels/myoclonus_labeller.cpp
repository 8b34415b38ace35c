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

}  // namespace nmsim::labels
