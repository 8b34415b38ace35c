#include "physiology/spindle.hpp"

#include <algorithm>
#include <cmath>

namespace nmsim::physiology {

Spindle::Spindle(const SpindleParams& p) : p_(p), vc_pow_(std::pow(p.linear_range_mm_s, p.velocity_exponent)) {}

double Spindle::rate(double fibre_length_m, double fibre_velocity_m_s) const {
  const double stretch_mm = 1e3 * (fibre_length_m - p_.reference_fibre_length_m);
  const double v = 1e3 * fibre_velocity_m_s;
  const double mag = std::pow(std::abs(v) + p_.linear_range_mm_s, p_.velocity_exponent) - vc_pow_;
  const double velocity_term = p_.velocity_gain * (v < 0.0 ? -mag : mag);
  return std::max(0.0, p_.baseline_rate_hz + p_.length_gain_hz_per_mm * stretch_mm + velocity_term);
}

double Spindle::small_signal_velocity_gain() const {
  return p_.velocity_gain * p_.velocity_exponent * std::pow(p_.linear_range_mm_s, p_.velocity_exponent - 1.0);
}

}  // namespace nmsim::physiology
