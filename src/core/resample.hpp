#pragma once
// Linear interpolation of a uniformly sampled series onto a faster grid from the same start
// (kinematics-rate values at the EMG rate); past the last sample the last value holds.
#include <algorithm>
#include <cstddef>
#include <vector>

namespace nmsim::core {

// Sample k of the result is x at time k / to_rate_hz.
inline std::vector<double> resample_linear(const std::vector<double>& x, double from_rate_hz, double to_rate_hz,
                                           std::size_t n) {
  std::vector<double> out(n);
  if (x.empty()) return out;
  const double ratio = from_rate_hz / to_rate_hz;
  for (std::size_t k = 0; k < n; ++k) {
    const double at = static_cast<double>(k) * ratio;
    const auto j = std::min(x.size() - 1, static_cast<std::size_t>(at));
    const double f = std::min(1.0, at - static_cast<double>(j));
    out[k] = j + 1 < x.size() ? x[j] + f * (x[j + 1] - x[j]) : x[j];
  }
  return out;
}

}  // namespace nmsim::core
