#pragma once
// Muscle-spindle primary (Ia) afferent ensemble rate, after Prochazka & Gorassini (1998):
//
//   r_Ia = max(0, r0 + k_l · Δl + k_v · pow_s(v))            [imp/s]
//   pow_s(v) = sign(v) · ((|v| + v_c)^p − v_c^p)
//
// Δl is the fibre stretch from its length at the joint's neutral angle (mm), v the fibre
// velocity (mm/s, lengthening positive), p ≈ 0.5–0.6. The pure power law |v|^p has an
// infinite slope at v = 0; the offset v_c stands for the primary ending's high but finite
// small-signal sensitivity (its "linear range", Matthews & Stein 1969) and makes the
// loop linearisable. For |v| ≫ v_c the law is Prochazka's.
namespace nmsim::physiology {

struct SpindleParams {
  double baseline_rate_hz = 0.0;         // r0 (imp/s)
  double length_gain_hz_per_mm = 0.0;    // k_l
  double velocity_gain = 0.0;            // k_v, imp/s per (mm/s)^p
  double velocity_exponent = 0.6;        // p
  double linear_range_mm_s = 1.0;        // v_c
  double reference_fibre_length_m = 0.0; // fibre length at θ = 0 (derived from the muscle geometry)
};

class Spindle {
 public:
  explicit Spindle(const SpindleParams& p);
  const SpindleParams& params() const { return p_; }
  // Ia rate for a fibre length (m) and velocity (m/s).
  double rate(double fibre_length_m, double fibre_velocity_m_s) const;
  // The rate and its time derivative, given also the fibre acceleration (m/s²): what the
  // delay line stores (0 derivative while the rate is rectified at zero).
  void rate_and_derivative(double fibre_length_m, double fibre_velocity_m_s, double fibre_acceleration_m_s2,
                           double& rate, double& rate_dot) const;
  // d rate / d velocity at v = 0 (imp/s per mm/s): the small-signal velocity sensitivity.
  double small_signal_velocity_gain() const;

 private:
  SpindleParams p_;
  double vc_pow_;  // v_c^p
};

}  // namespace nmsim::physiology
