#pragma once
// One rotational degree of freedom (the ankle in the default model) carrying a rigid
// distal segment (the foot).
//
// Sign convention: angle θ > 0 is the direction that lengthens muscles with a positive
// moment arm (dorsiflexion at the ankle); θ = 0 is the anatomical neutral position.
//
//   I θ'' = τ_muscles + τ_passive(θ, θ') + τ_gravity(θ) + τ_external(t, θ, θ')
//
//   τ_passive = −K (θ − θ_rest) − B θ'
//               − k_lim [exp(s (θ − θ_max)) − exp(−s (θ − θ_min))]   (stiffening near the range limits)
//   τ_gravity = −m g d cos(ψ0 + θ)      (segment centre of mass at distance d; ψ0 its elevation at θ = 0)
#include <string>

namespace nmsim::physiology {

struct JointParams {
  std::string name = "ankle";
  double inertia_kg_m2 = 0.0;          // segment moment of inertia about the joint axis
  double stiffness_Nm_per_rad = 0.0;   // K: linear passive stiffness of the joint capsule and ligaments
  double damping_Nms_per_rad = 0.0;    // B: passive viscous damping
  double rest_angle_rad = 0.0;         // θ_rest: where the linear passive torque vanishes
  double limit_max_rad = 0.0;          // θ_max: end of range in the positive direction
  double limit_min_rad = 0.0;          // θ_min: end of range in the negative direction
  double limit_torque_Nm = 0.0;        // k_lim: torque scale of the range-limit exponentials
  double limit_sharpness_per_rad = 0.0;  // s
  double segment_mass_kg = 0.0;        // m (0 disables gravity, e.g. axial neck rotation)
  double com_distance_m = 0.0;         // d
  double segment_elevation_rad = 0.0;  // ψ0: segment axis above horizontal at θ = 0
  double sensor_distance_m = 0.0;      // accelerometer position along the segment axis
};

inline constexpr double kGravity_m_s2 = 9.80665;

class Joint {
 public:
  explicit Joint(const JointParams& p) : p_(p) {}
  const JointParams& params() const { return p_; }

  double passive_torque(double theta, double omega) const;
  double gravity_torque(double theta) const;

  // Specific force (acceleration minus gravity, m/s²) at the accelerometer, in the segment
  // frame: [0] along the segment axis, [1] normal to it in the plane of motion.
  void accelerometer(double theta, double omega, double alpha, double out[2]) const;

 private:
  JointParams p_;
};

}  // namespace nmsim::physiology
