#pragma once
// The experimental protocol: a sequence of phases, each holding the external inputs
// constant (or ramping a hand target). Inputs are a pure function of time, so the model's
// right-hand side stays deterministic and phase boundaries are known integration breakpoints.
//
// External torque on the segment during a phase:
//   τ_ext = τ_load + K_h (θ_ref(t) − θ) + B_h (θ_ref'(t) − θ')
// θ_ref ramps from the previous phase's target to this phase's target at the given speed
// (the examiner's hand moving the foot); K_h = 0 leaves only the constant load (a held push).
#include <string>
#include <utility>
#include <vector>

namespace nmsim::physiology {

struct Phase {
  std::string name;
  std::string task;                     // free tag, e.g. "rest", "clonus_test", "writing"
  double duration_s = 0.0;
  double load_torque_Nm = 0.0;
  double hand_stiffness_Nm_per_rad = 0.0;
  double hand_damping_Nms_per_rad = 0.0;
  double target_angle_rad = 0.0;
  double target_speed_rad_s = 0.0;      // 0 = jump to the target at the phase start
  std::vector<double> descending_drive;  // per muscle (empty = none)
  std::vector<double> command;           // voluntary command per supraspinal channel, 0–1 (empty = none)
  std::vector<std::pair<double, std::string>> stimuli;  // (time from the phase start, type): taps, sounds …
  bool rhythmic = false;                 // asks for a rhythmic voluntary movement (its `rhythm:`, a tremor generator of kind voluntary)
};

struct ExternalInput {
  double torque_load = 0.0;
  double hand_stiffness = 0.0;
  double hand_damping = 0.0;
  double target_angle = 0.0;
  double target_velocity = 0.0;
  const std::vector<double>* descending = nullptr;
  int phase = 0;

  double torque(double theta, double omega) const {
    return torque_load + hand_stiffness * (target_angle - theta) + hand_damping * (target_velocity - omega);
  }
};

class Protocol {
 public:
  Protocol() = default;
  Protocol(std::vector<Phase> phases, double initial_target_rad);

  ExternalInput at(double t) const;
  double duration() const { return starts_.empty() ? 0.0 : starts_.back(); }
  const std::vector<Phase>& phases() const { return phases_; }
  double phase_start(std::size_t i) const { return starts_[i]; }
  double phase_stop(std::size_t i) const { return starts_[i + 1]; }
  std::size_t phase_index(double t) const;
  // Times where inputs jump (phase boundaries and ramp ends), sorted, excluding 0 and the end.
  std::vector<double> breakpoints() const;
  void set_initial_target(double angle_rad);

 private:
  void rebuild();
  std::vector<Phase> phases_;
  std::vector<double> starts_;         // phases_.size() + 1 entries; last = total duration
  std::vector<double> ramp_from_;      // target at the start of each phase
  double initial_target_ = 0.0;
};

}  // namespace nmsim::physiology
