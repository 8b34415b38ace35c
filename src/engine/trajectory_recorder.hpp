#pragma once
// Samples an integrated trajectory onto the output grids while it is being computed:
// motoneuron excitation at the EMG rate (it drives the motor-unit pools) and every
// kinematics-rate observable the trial records (engine/observables.hpp) at the kinematics rate.
// Samples come from the history's Hermite interpolant, so output rates are independent of the
// integrator's step.
#include <cstddef>
#include <string_view>
#include <vector>

#include "core/integrator.hpp"
#include "engine/observables.hpp"
#include "physiology/neuromuscular_model.hpp"

namespace nmsim::engine {

// One recorded kinematics-rate observable: values[v][k], value v at sample k (for the loop-unit
// pattern, v = unit * channels + channel).
struct RecordedSeries {
  const Observable* observable = nullptr;
  std::vector<std::string> channels;
  std::vector<std::vector<double>> values;
};

struct SampledTrajectory {
  double emg_rate_hz = 0, kin_rate_hz = 0;
  std::size_t n_muscles = 0;
  std::vector<std::vector<double>> excitation;  // EMG rate, per muscle: excitation[m][k]
  std::vector<int> phase;                       // kinematics rate: the protocol phase
  std::vector<RecordedSeries> series;           // in observables() order

  const RecordedSeries* find(std::string_view path) const;  // null if not recorded
  bool has(std::string_view path) const { return find(path) != nullptr; }
  // The recorded values of `path`; std::logic_error if the trial does not record it.
  const std::vector<std::vector<double>>& at(std::string_view path) const;
};

class TrajectoryRecorder final : public core::StepObserver {
 public:
  // `generators`: the trial's myoclonus and tremor generators (it records their drive).
  TrajectoryRecorder(const physiology::TrialSystem& system, double duration_s, double emg_rate_hz, double kin_rate_hz,
                     TrialGenerators generators = {});
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
