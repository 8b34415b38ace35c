#include "core/smooth_noise.hpp"

#include <algorithm>
#include <cmath>

namespace nmsim::core {

SmoothNoise::SmoothNoise(const SmoothNoiseParams& p, double duration_s, RandomStream stream) : spacing_(p.spacing_s) {
  if (p.sd <= 0.0) return;
  // Two nodes beyond each end so every interval has the neighbours its slopes need.
  const auto n = static_cast<std::size_t>(std::ceil(duration_s / spacing_)) + 4;
  const double a = std::exp(-spacing_ / p.correlation_s);
  const double kick = p.sd * std::sqrt(1.0 - a * a);  // exact OU transition over one grid step
  values_.resize(n);
  values_[0] = p.sd * stream.normal();  // start in the stationary distribution
  for (std::size_t k = 1; k < n; ++k) values_[k] = a * values_[k - 1] + kick * stream.normal();
}

double SmoothNoise::operator()(double t) const {
  if (values_.empty()) return 0.0;
  // Node k sits at time (k − 1) h: node 0 is one step before t = 0.
  const double u = std::max(0.0, t) / spacing_ + 1.0;
  const std::size_t last = values_.size() - 3;
  auto k = static_cast<std::size_t>(u);
  if (k >= last) return values_[last];
  const double s = u - static_cast<double>(k);
  const double p0 = values_[k], p1 = values_[k + 1];
  const double m0 = 0.5 * (p1 - values_[k - 1]);  // k ≥ 1 because t ≥ 0
  const double m1 = 0.5 * (values_[k + 2] - p0);
  const double s2 = s * s, s3 = s2 * s;
  return (2 * s3 - 3 * s2 + 1) * p0 + (s3 - 2 * s2 + s) * m0 + (-2 * s3 + 3 * s2) * p1 + (s3 - s2) * m1;
}

}  // namespace nmsim::core
