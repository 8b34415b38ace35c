#pragma once
// Hill-type musculotendon unit with a rigid tendon (Zajac 1989; curves of Thelen 2003;
// activation dynamics of De Groote et al. 2016).
//
// Geometry: the musculotendon length is linear in the joint angle with constant moment
// arm r (r = dl_MT/dθ, so r > 0 for a muscle stretched by positive θ):
//   l_MT(θ) = l_MT(0) + r θ
// With a rigid tendon and constant-thickness pennation (l_f sin α = l_opt sin α_opt):
//   l_f = sqrt((l_MT − l_ts)² + (l_opt sin α_opt)²),   v_f = cos α · v_MT,   cos α = (l_MT − l_ts)/l_f
// Fibre force (normalised l̃ = l_f/l_opt, ṽ = v_f/(v_max l_opt), lengthening positive):
//   F_f = F0 [a f_L(l̃) f_V(ṽ) + f_PE(l̃)]
//   f_L  = exp(−(l̃ − 1)²/γ)
//   f_PE = (exp(k_PE (l̃ − 1)/ε0) − 1)/(exp(k_PE) − 1)   for l̃ > 1, else 0
//   f_V  = (1 + ṽ)/(1 − ṽ/A_f) shortening (ṽ ≤ 0, clipped at ṽ = −1);
//          1 + (F_len − 1) ṽ/(ṽ + c) lengthening, with c = (F_len − 1)A_f/(1 + A_f) so the
//          slope is continuous at ṽ = 0.
// Joint torque: τ = −r F_f cos α (the tendon pulls toward shortening).
//
// Activation: a' = (u − a) · [ (0.5 + 0.5 tanh(b(u − a))) / (τ_act (0.5 + 1.5a))
//                            + (0.5 − 0.5 tanh(b(u − a))) (0.5 + 1.5a) / τ_deact ]
// a smooth blend of the activation and deactivation rates (De Groote et al. 2016), so the
// model can be linearised where u = a.
#include <string>

namespace nmsim::physiology {

struct HillCurves {            // shared shape parameters (Thelen 2003 defaults)
  double fl_width = 0.45;        // γ
  double pe_shape = 5.0;         // k_PE
  double pe_strain_at_f0 = 0.6;  // ε0
  double fv_af = 0.25;           // A_f
  double fv_flen = 1.8;          // F_len: maximal eccentric force / F0
  double activation_smoothing = 10.0;  // b of the De Groote blend
};

struct MuscleParams {
  std::string name;
  double max_isometric_force_N = 0.0;     // F0
  double optimal_fibre_length_m = 0.0;    // l_opt
  double tendon_slack_length_m = 0.0;     // l_ts
  double pennation_at_optimal_rad = 0.0;  // α_opt
  double max_velocity_lopt_per_s = 10.0;  // v_max, in optimal fibre lengths per second
  double moment_arm_m = 0.0;              // r = dl_MT/dθ (signed)
  double mt_length_at_neutral_m = 0.0;    // l_MT(0)
  double tau_act_s = 0.015;
  double tau_deact_s = 0.050;
};

struct FibreState {
  double length_norm;      // l̃
  double velocity_norm;    // ṽ (lengthening positive)
  double length_m;         // l_f
  double velocity_m_s;     // v_f
  double cos_pennation;
};

class Musculotendon {
 public:
  Musculotendon(const MuscleParams& p, const HillCurves& c);
  const MuscleParams& params() const { return p_; }

  FibreState fibre(double theta, double omega) const;
  // Fibre acceleration (m/s²) for joint acceleration alpha: the time derivative of
  // v_f = cos α · r θ', with d(cos α)/dt = r θ' h²/l_f³ (h = l_opt sin α_opt).
  double fibre_acceleration(const FibreState& f, double omega, double alpha) const;
  double fibre_force(double activation, const FibreState& f) const;
  double joint_torque(double activation, const FibreState& f) const {
    return -p_.moment_arm_m * fibre_force(activation, f) * f.cos_pennation;
  }
  double activation_rate(double excitation, double activation) const;

  // The rigid-tendon, constant-thickness geometry stops meaning anything as the fibre turns
  // toward 90° pennation. Joint angles keeping pennation at or below kMaxValidPennation:
  // [lo, hi] (one side may be unbounded).
  static constexpr double kMaxValidPennation = 75.0 * 3.14159265358979323846 / 180.0;
  void valid_angle_range(double& lo, double& hi) const;

  double force_length(double l) const;
  double passive_force_length(double l) const;
  double force_velocity(double v) const;

 private:
  MuscleParams p_;
  HillCurves c_;
  double width_sq_;      // l_opt sin α_opt, squared
  double pe_denominator_;
  double fv_c_;          // lengthening-branch constant for a C¹ force–velocity curve
  double v_scale_;       // v_max · l_opt (m/s)
};

}  // namespace nmsim::physiology
