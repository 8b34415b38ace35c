#include "engine/trajectory_recorder.hpp"

#include <cmath>

namespace nmsim::engine {

std::size_t grid_size(double duration_s, double rate_hz) {
  return static_cast<std::size_t>(std::ceil(duration_s * rate_hz - 1e-9));
}

TrajectoryRecorder::TrajectoryRecorder(const physiology::TrialSystem& system, double duration_s, double emg_rate_hz,
                                       double kin_rate_hz, bool myoclonus)
    : model_(system.model()),
      inputs_(system.inputs()),
      n_emg_(grid_size(duration_s, emg_rate_hz)),
      n_kin_(grid_size(duration_s, kin_rate_hz)),
      x_(model_.state_size()),
      dx_(model_.state_size()),
      scratch_(model_.delays().size(), model_.signal_size()) {
  const std::size_t m = model_.layout().n_muscles;
  out_.emg_rate_hz = emg_rate_hz;
  out_.kin_rate_hz = kin_rate_hz;
  out_.n_muscles = m;
  out_.excitation.assign(m, std::vector<double>(n_emg_));
  for (auto* v : {&out_.theta, &out_.omega, &out_.alpha, &out_.accel_axial, &out_.accel_normal, &out_.muscle_torque,
                  &out_.external_torque})
    v->resize(n_kin_);
  out_.phase.resize(n_kin_);
  for (auto* v : {&out_.activation, &out_.spindle_rate, &out_.descending, &out_.afferent, &out_.reflex_drive})
    v->assign(m, std::vector<double>(n_kin_));
  if (myoclonus) out_.myoclonic_drive.assign(m, std::vector<double>(n_kin_));
  if (const auto* loop = model_.supraspinal()) {
    out_.dystonic_drive.assign(m, std::vector<double>(n_kin_));
    out_.supraspinal.assign(physiology::SupraspinalLoop::kUnits * loop->channels(), std::vector<double>(n_kin_));
  }
}

void TrajectoryRecorder::sample_emg(const core::Trajectory& tr, std::size_t k) {
  tr.states.interpolate(static_cast<double>(k) / out_.emg_rate_hz, x_);  // values only: no derivative needed
  for (std::size_t i = 0; i < out_.n_muscles; ++i) out_.excitation[i][k] = x_[model_.layout().excitation(i)];
}

void TrajectoryRecorder::sample_kin(const core::Trajectory& tr, std::size_t k) {
  const double t = static_cast<double>(k) / out_.kin_rate_hz;
  tr.states.interpolate_full(t, x_, dx_);
  model_.observe(t, x_, dx_, tr.signals, scratch_, obs_, inputs_);
  out_.theta[k] = obs_.theta;
  out_.omega[k] = obs_.omega;
  out_.alpha[k] = obs_.alpha;
  out_.accel_axial[k] = obs_.accel[0];
  out_.accel_normal[k] = obs_.accel[1];
  out_.muscle_torque[k] = obs_.muscle_torque;
  out_.external_torque[k] = obs_.external_torque;
  out_.phase[k] = obs_.phase;
  for (std::size_t i = 0; i < out_.n_muscles; ++i) {
    out_.activation[i][k] = obs_.activation[i];
    out_.spindle_rate[i][k] = obs_.spindle_rate[i];
    out_.descending[i][k] = obs_.drive[i].descending;
    out_.afferent[i][k] = obs_.drive[i].afferent;
    out_.reflex_drive[i][k] = obs_.drive[i].reflex_part;
  }
  for (std::size_t i = 0; i < out_.dystonic_drive.size(); ++i) out_.dystonic_drive[i][k] = obs_.drive[i].dystonic_part;
  for (std::size_t i = 0; i < out_.myoclonic_drive.size(); ++i) out_.myoclonic_drive[i][k] = obs_.drive[i].myoclonic_part;
  for (std::size_t j = 0; j < out_.supraspinal.size(); ++j) out_.supraspinal[j][k] = obs_.supraspinal[j];
}

void TrajectoryRecorder::emit_until(const core::Trajectory& h, double t_now) {
  // A grid time equal to t_now (within rounding) belongs to this step.
  const double slack = 1e-12 * (1.0 + t_now);
  while (next_emg_ < n_emg_ && static_cast<double>(next_emg_) / out_.emg_rate_hz <= t_now + slack)
    sample_emg(h, next_emg_++);
  while (next_kin_ < n_kin_ && static_cast<double>(next_kin_) / out_.kin_rate_hz <= t_now + slack)
    sample_kin(h, next_kin_++);
}

void TrajectoryRecorder::on_start(const core::Trajectory& tr, double t0) { emit_until(tr, t0); }

void TrajectoryRecorder::on_step(const core::Trajectory& tr, double, double t_now) { emit_until(tr, t_now); }

}  // namespace nmsim::engine
