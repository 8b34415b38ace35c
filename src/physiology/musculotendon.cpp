#include "physiology/musculotendon.hpp"

#include <algorithm>
#include <cmath>

namespace nmsim::physiology {

Musculotendon::Musculotendon(const MuscleParams& p, const HillCurves& c) : p_(p), c_(c) {
  const double h = p.optimal_fibre_length_m * std::sin(p.pennation_at_optimal_rad);
  width_sq_ = h * h;
  pe_denominator_ = std::exp(c.pe_shape) - 1.0;
  fv_c_ = (c.fv_flen - 1.0) * c.fv_af / (1.0 + c.fv_af);
  v_scale_ = p.max_velocity_lopt_per_s * p.optimal_fibre_length_m;
}

FibreState Musculotendon::fibre(double theta, double omega) const {
  const double l_mt = p_.mt_length_at_neutral_m + p_.moment_arm_m * theta;
  // The fibre cannot be shorter than its pennated width; clamp the along-tendon projection at
  // a tiny positive value so the geometry stays defined far outside the physiological range.
  const double along = std::max(l_mt - p_.tendon_slack_length_m, 1e-6);
  const double l_f = std::sqrt(along * along + width_sq_);
  const double cos_a = along / l_f;
  const double v_f = cos_a * p_.moment_arm_m * omega;
  return {l_f / p_.optimal_fibre_length_m, v_f / v_scale_, l_f, v_f, cos_a};
}

void Musculotendon::valid_angle_range(double& lo, double& hi) const {
  // Pennation α ≤ α_max  ⇔  along = l_MT − l_ts ≥ h·cot(α_max), and along is linear in θ.
  const double along_min = std::sqrt(width_sq_) / std::tan(kMaxValidPennation);
  const double along_0 = p_.mt_length_at_neutral_m - p_.tendon_slack_length_m;
  const double theta_edge = (along_min - along_0) / p_.moment_arm_m;
  lo = -INFINITY;
  hi = INFINITY;
  if (p_.moment_arm_m > 0.0)
    lo = theta_edge;  // shortened by negative θ
  else
    hi = theta_edge;
}

double Musculotendon::fibre_acceleration(const FibreState& f, double omega, double alpha) const {
  const double r = p_.moment_arm_m;
  const double lf3 = f.length_m * f.length_m * f.length_m;
  return r * (r * omega * omega * width_sq_ / lf3 + f.cos_pennation * alpha);
}

double Musculotendon::force_length(double l) const {
  const double d = l - 1.0;
  return std::exp(-d * d / c_.fl_width);
}

double Musculotendon::passive_force_length(double l) const {
  if (l <= 1.0) return 0.0;
  return (std::exp(c_.pe_shape * (l - 1.0) / c_.pe_strain_at_f0) - 1.0) / pe_denominator_;
}

double Musculotendon::force_velocity(double v) const {
  if (v <= 0.0) {
    if (v <= -1.0) return 0.0;
    return (1.0 + v) / (1.0 - v / c_.fv_af);
  }
  return 1.0 + (c_.fv_flen - 1.0) * v / (v + fv_c_);
}

double Musculotendon::fibre_force(double activation, const FibreState& f) const {
  return p_.max_isometric_force_N *
         (activation * force_length(f.length_norm) * force_velocity(f.velocity_norm) +
          passive_force_length(f.length_norm));
}

double Musculotendon::activation_rate(double excitation, double activation) const {
  const double a = std::clamp(activation, 0.0, 1.0);
  const double blend = 0.5 * std::tanh(c_.activation_smoothing * (excitation - a));
  const double rate_up = 1.0 / (p_.tau_act_s * (0.5 + 1.5 * a));
  const double rate_down = (0.5 + 1.5 * a) / p_.tau_deact_s;
  return (excitation - activation) * ((0.5 + blend) * rate_up + (0.5 - blend) * rate_down);
}

}  // namespace nmsim::physiology
