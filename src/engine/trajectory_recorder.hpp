#pragma once
// Samples an integrated trajectory onto the output grids while it is being computed:
// motoneuron excitation at the EMG rate (it drives the motor-unit pools) and every other
// observable at the kinematics rate. Samples come from the history's Hermite interpolant, so
// output rates are independent of the integrator's step.
#include <cstddef>
#include <vector>

#include "core/integrator.hpp"
#include "physiology/neuromuscular_model.hpp"

namespace nmsim::engine {

struct SampledTrajectory {
  double emg_rate_hz = 0, kin_rate_hz = 0;
  std::size_t n_muscles = 0;
  // EMG-rate, muscle-major: excitation[m][k]
  std::vector<std::vector<double>> excitation;
  // Kinematics rate
  std::vector<double> theta, omega, alpha, accel_axial, accel_normal, muscle_torque, external_torque;
  std::vector<int> phase;
  // Kinematics rate, muscle-major
  std::vector<std::vector<double>> activation, spindle_rate, descending, afferent, reflex_drive, dystonic_drive;
  std::vector<std::vector<double>> myoclonic_drive;  // with myoclonus generators only
  // Kinematics rate, supraspinal loop (empty without one): supraspinal[unit * channels + channel][k]
  std::vector<std::vector<double>> supraspinal;
};

class TrajectoryRecorder final : public core::StepObserver {
 public:
  // `myoclonus`: also record each pool's myoclonic part (scenarios with generators).
  TrajectoryRecorder(const physiology::TrialSystem& system, double duration_s, double emg_rate_hz, double kin_rate_hz,
                     bool myoclonus = false);
  void on_start(const core::Trajectory& trajectory, double t0) override;
  void on_step(const core::Trajectory& trajectory, double t_prev, double t_now) override;
  SampledTrajectory take() { return std::move(out_); }

 private:
  void sample_emg(const core::Trajectory& tr, std::size_t k);
  void sample_kin(const core::Trajectory& tr, std::size_t k);
  void emit_until(const core::Trajectory& tr, double t_now);

  const physiology::NeuromuscularModel& model_;
  const physiology::TrialInputs& inputs_;
  std::size_t n_emg_, n_kin_;
  std::size_t next_emg_ = 0, next_kin_ = 0;
  std::vector<double> x_, dx_;
  core::DelayedSignals scratch_;
  physiology::Observation obs_;
  SampledTrajectory out_;
};

// Number of samples of a grid k/rate, k = 0 … n−1, covering [0, duration).
std::size_t grid_size(double duration_s, double rate_hz);

}  // namespace nmsim::engine
