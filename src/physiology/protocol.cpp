#include "physiology/protocol.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace nmsim::physiology {

Protocol::Protocol(std::vector<Phase> phases, double initial_target_rad)
    : phases_(std::move(phases)), initial_target_(initial_target_rad) {
  NMSIM_CHECK(!phases_.empty(), "a protocol needs at least one phase");
  rebuild();
}

void Protocol::set_initial_target(double angle_rad) {
  initial_target_ = angle_rad;
  rebuild();
}

void Protocol::rebuild() {
  starts_.assign(1, 0.0);
  ramp_from_.clear();
  double target = initial_target_;
  double t = 0.0;
  for (const auto& ph : phases_) {
    ramp_from_.push_back(target);
    // Only a phase with a hand (stiffness or damping) moves the reference; others keep it.
    if (ph.hand_stiffness_Nm_per_rad > 0.0 || ph.hand_damping_Nms_per_rad > 0.0) target = ph.target_angle_rad;
    t += ph.duration_s;
    starts_.push_back(t);
  }
}

std::size_t Protocol::phase_index(double t) const {
  // Phase i covers [start_i, start_{i+1}); t at or past the end belongs to the last phase.
  const auto it = std::upper_bound(starts_.begin() + 1, starts_.end() - 1, t);
  return static_cast<std::size_t>(it - (starts_.begin() + 1));
}

ExternalInput Protocol::at(double t) const {
  const std::size_t i = phase_index(t);
  const Phase& ph = phases_[i];
  ExternalInput in;
  in.phase = static_cast<int>(i);
  in.torque_load = ph.load_torque_Nm;
  in.hand_stiffness = ph.hand_stiffness_Nm_per_rad;
  in.hand_damping = ph.hand_damping_Nms_per_rad;
  in.descending = &ph.descending_drive;
  const double from = ramp_from_[i];
  const double span = ph.target_angle_rad - from;
  if (ph.target_speed_rad_s <= 0.0 || span == 0.0) {
    in.target_angle = ph.target_angle_rad;
    in.target_velocity = 0.0;
  } else {
    const double ramp_time = std::abs(span) / ph.target_speed_rad_s;
    const double tau = t - starts_[i];
    if (tau < ramp_time) {
      in.target_velocity = std::copysign(ph.target_speed_rad_s, span);
      in.target_angle = from + in.target_velocity * tau;
    } else {
      in.target_angle = ph.target_angle_rad;
      in.target_velocity = 0.0;
    }
  }
  return in;
}

std::vector<double> Protocol::breakpoints() const {
  std::vector<double> out;
  for (std::size_t i = 0; i < phases_.size(); ++i) {
    if (i > 0) out.push_back(starts_[i]);
    const Phase& ph = phases_[i];
    const double span = ph.target_angle_rad - ramp_from_[i];
    if (ph.target_speed_rad_s > 0.0 && span != 0.0) {
      const double end = starts_[i] + std::abs(span) / ph.target_speed_rad_s;
      if (end < starts_[i + 1]) out.push_back(end);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace nmsim::physiology
