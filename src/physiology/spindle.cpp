#include "physiology/spindle.hpp"

#include <algorithm>
#include <cmath>

namespace nmsim::physiology {

Spindle::Spindle(const SpindleParams& p) : p_(p), vc_pow_(std::pow(p.linear_range_mm_s, p.velocity_exponent)) {}

double Spindle::rate(double fibre_length_m, double fibre_velocity_m_s) const {
  double r, r_dot;  // one formula for both; the derivative is just not needed here
  rate_and_derivative(fibre_length_m, fibre_velocity_m_s, 0.0, r, r_dot);
  return r;
}

void Spindle::rate_and_derivative(double fibre_length_m, double fibre_velocity_m_s, double fibre_acceleration_m_s2,
                                  double& rate, double& rate_dot) const {
  const double stretch_mm = 1e3 * (fibre_length_m - p_.reference_fibre_length_m);
  const double v = 1e3 * fibre_velocity_m_s;
  const double base = std::abs(v) + p_.linear_range_mm_s;
  const double powered = std::pow(base, p_.velocity_exponent);
  const double mag = powered - vc_pow_;
  const double raw = p_.baseline_rate_hz + p_.length_gain_hz_per_mm * stretch_mm + p_.velocity_gain * (v < 0.0 ? -mag : mag);
  if (raw <= 0.0) {
    rate = 0.0;
    rate_dot = 0.0;
    return;
  }
  rate = raw;
  // d/dt of sign(v)((|v| + v_c)^p − v_c^p) is p (|v| + v_c)^(p−1) v' for either sign of v.
  const double slope = p_.velocity_exponent * powered / base;
  rate_dot = p_.length_gain_hz_per_mm * v + p_.velocity_gain * slope * 1e3 * fibre_acceleration_m_s2;
}

double Spindle::small_signal_velocity_gain() const {
  return p_.velocity_gain * p_.velocity_exponent * std::pow(p_.linear_range_mm_s, p_.velocity_exponent - 1.0);
}

}  // namespace nmsim::physiology
