#include "physiology/joint.hpp"

#include <cmath>

namespace nmsim::physiology {

double Joint::passive_torque(double theta, double omega) const {
  const double linear = -p_.stiffness_Nm_per_rad * (theta - p_.rest_angle_rad) - p_.damping_Nms_per_rad * omega;
  // Double exponential of Riener & Edrich (1999): negligible mid-range, steep near the limits.
  const double s = p_.limit_sharpness_per_rad;
  const double limits = p_.limit_torque_Nm * (std::exp(s * (theta - p_.limit_max_rad)) -
                                              std::exp(-s * (theta - p_.limit_min_rad)));
  return linear - limits;
}

double Joint::gravity_torque(double theta) const {
  return -p_.segment_mass_kg * kGravity_m_s2 * p_.com_distance_m * std::cos(p_.segment_elevation_rad + theta);
}

void Joint::accelerometer(double theta, double omega, double alpha, double out[2]) const {
  const double psi = p_.segment_elevation_rad + theta;
  const double r = p_.sensor_distance_m;
  // Point on a rotating rigid segment: centripetal −rω² along the axis, tangential rα normal to it;
  // an accelerometer reads that minus gravity (g points down, so +g on the upward components).
  out[0] = -r * omega * omega + kGravity_m_s2 * std::sin(psi);
  out[1] = r * alpha + kGravity_m_s2 * std::cos(psi);
}

}  // namespace nmsim::physiology
