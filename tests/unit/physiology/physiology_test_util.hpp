#pragma once
// Hand-built parameter sets for the physiology tests (values as in models/ankle.yaml, so the
// tests exercise the physiological operating range without depending on the YAML reader).
#include <cmath>
#include <functional>

#include "physiology/model_params.hpp"

namespace nmsim::physiology::test {

inline JointParams ankle_joint() {
  JointParams j;
  j.inertia_kg_m2 = 0.03;
  j.stiffness_Nm_per_rad = 5.0;
  j.damping_Nms_per_rad = 0.5;
  j.rest_angle_rad = 0.0;
  j.limit_max_rad = 0.436;
  j.limit_min_rad = -0.785;
  j.limit_torque_Nm = 2.0;
  j.limit_sharpness_per_rad = 12.0;
  j.segment_mass_kg = 1.09;
  j.com_distance_m = 0.07;
  j.segment_elevation_rad = 0.0;
  j.sensor_distance_m = 0.12;
  return j;
}

// Soleus-like pennate plantarflexor (r > 0: stretched by dorsiflexion).
inline MuscleParams soleus(double fibre_length_norm_at_neutral = 0.75) {
  MuscleParams m;
  m.name = "soleus";
  m.max_isometric_force_N = 3549.0;
  m.optimal_fibre_length_m = 0.044;
  m.tendon_slack_length_m = 0.277;
  m.pennation_at_optimal_rad = 0.494;
  m.max_velocity_lopt_per_s = 10.0;
  m.moment_arm_m = 0.05;
  m.tau_act_s = 0.015;
  m.tau_deact_s = 0.050;
  m.mt_length_at_neutral_m = mt_length_for_fibre(m, fibre_length_norm_at_neutral);
  return m;
}

// Tibialis-anterior-like dorsiflexor (r < 0).
inline MuscleParams tibialis(double fibre_length_norm_at_neutral = 1.0) {
  MuscleParams m;
  m.name = "tibialis_anterior";
  m.max_isometric_force_N = 905.0;
  m.optimal_fibre_length_m = 0.068;
  m.tendon_slack_length_m = 0.241;
  m.pennation_at_optimal_rad = 0.17;
  m.max_velocity_lopt_per_s = 10.0;
  m.moment_arm_m = -0.037;
  m.tau_act_s = 0.015;
  m.tau_deact_s = 0.050;
  m.mt_length_at_neutral_m = mt_length_for_fibre(m, fibre_length_norm_at_neutral);
  return m;
}

inline SpindleParams ankle_spindle() {
  SpindleParams s;
  s.baseline_rate_hz = 10.0;
  s.length_gain_hz_per_mm = 2.0;
  s.velocity_gain = 4.3;
  s.velocity_exponent = 0.6;
  s.linear_range_mm_s = 5.0;
  return s;
}

// Central difference of a scalar function.
inline double central_difference(const std::function<double(double)>& f, double x, double h) {
  return (f(x + h) - f(x - h)) / (2.0 * h);
}

}  // namespace nmsim::physiology::test
