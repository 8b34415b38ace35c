#include "core/distribution.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace nmsim::core {

double normal_upper_tail(double x) { return 0.5 * std::erfc(x / std::numbers::sqrt2); }

double normal_quantile(double p) {
  if (p <= 0.0) return -std::numeric_limits<double>::infinity();
  if (p >= 1.0) return std::numeric_limits<double>::infinity();
  // Acklam's rational approximation (relative error < 1.2e-9) ...
  static constexpr std::array<double, 6> a{-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                           1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr std::array<double, 5> b{-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                           6.680131188771972e+01,  -1.328068155288572e+01};
  static constexpr std::array<double, 6> c{-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                           -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr std::array<double, 4> d{7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                           3.754408661907416e+00};
  constexpr double p_low = 0.02425;
  auto tail = [&](double q) {
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  };
  double x = 0.0;
  if (p < p_low) {
    x = tail(std::sqrt(-2.0 * std::log(p)));
  } else if (p <= 1.0 - p_low) {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
  } else {
    x = -tail(std::sqrt(-2.0 * std::log1p(-p)));
  }
  // ... refined by one Halley step on Φ(x) = p, which brings it to near machine precision.
  const double e = 0.5 * std::erfc(-x / std::numbers::sqrt2) - p;
  const double u = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * x * x);
  if (std::isfinite(u)) x -= u / (1.0 + 0.5 * x * u);
  return x;
}

Distribution Distribution::constant(double value) {
  Distribution d;
  d.center = value;
  return d;
}

void Distribution::finish_truncation() {
  const bool log = kind == Kind::lognormal;
  const auto to_z = [&](double x) { return ((log ? std::log(x) : x) - center) / scale; };
  z_lo = std::isfinite(lo) ? to_z(lo) : -kInf;
  z_hi = std::isfinite(hi) ? to_z(hi) : kInf;
}

double Distribution::draw(double u) const {
  switch (kind) {
    case Kind::fixed:
      return center;
    case Kind::uniform:
      return std::clamp(lo + (hi - lo) * u, lo, hi);
    case Kind::normal:
      return std::clamp(center + scale * truncated_z(u), lo, hi);
    case Kind::lognormal:
      return std::clamp(std::exp(center + scale * truncated_z(u)), lo, hi);
    case Kind::choice: {
      const double target = u * cumulative.back();
      std::size_t i = 0;
      while (i + 1 < values.size() && !(cumulative[i] > target)) ++i;
      while (i > 0 && cumulative[i] == cumulative[i - 1]) --i;  // rounding must not pick a zero weight
      return values[i];
    }
  }
  return 0.0;
}

double Distribution::median() const { return kind == Kind::fixed ? center : draw(0.5); }

// Inverse-CDF sampling of N(0,1) restricted to [z_lo, z_hi]. Works in whichever tail holds the
// interval, so narrow intervals far from the mean keep their precision.
double Distribution::truncated_z(double u) const {
  double z = 0.0;
  if (z_lo >= 0.0) {
    const double qa = normal_upper_tail(z_lo), qb = normal_upper_tail(z_hi);
    z = -normal_quantile(qa - u * (qa - qb));
  } else {
    const double pa = normal_upper_tail(-z_lo);
    const double pb = z_hi <= 0.0 ? normal_upper_tail(-z_hi) : 1.0 - normal_upper_tail(z_hi);
    z = normal_quantile(pa + u * (pb - pa));
  }
  return std::clamp(z, z_lo, z_hi);
}

double Distribution::mass() const {
  if (z_lo >= 0.0) return normal_upper_tail(z_lo) - normal_upper_tail(z_hi);
  if (z_hi <= 0.0) return normal_upper_tail(-z_hi) - normal_upper_tail(-z_lo);
  return 1.0 - normal_upper_tail(z_hi) - normal_upper_tail(-z_lo);
}

}  // namespace nmsim::core
