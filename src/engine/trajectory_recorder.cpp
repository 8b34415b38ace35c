#include "engine/trajectory_recorder.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace nmsim::engine {

std::size_t grid_size(double duration_s, double rate_hz) {
  return static_cast<std::size_t>(std::ceil(duration_s * rate_hz - 1e-9));
}

const RecordedSeries* SampledTrajectory::find(std::string_view path) const {
  for (const auto& s : series)
    if (s.observable->path == path) return &s;
  return nullptr;
}

const std::vector<std::vector<double>>& SampledTrajectory::at(std::string_view path) const {
  if (const RecordedSeries* s = find(path)) return s->values;
  throw std::logic_error("the trial does not record '" + std::string(path) + "' (engine/observables.cpp)");
}

TrajectoryRecorder::TrajectoryRecorder(const physiology::TrialSystem& system, double duration_s, double emg_rate_hz,
                                       double kin_rate_hz, TrialGenerators generators)
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
  out_.phase.resize(n_kin_);
  for (const Observable& o : observables()) {
    if (o.rate != SampledAt::KinematicsRate || !recorded(o, model_, generators)) continue;
    const std::size_t n = values_per_sample(o, model_);
    out_.series.push_back({&o, o.channel_names(model_), std::vector<std::vector<double>>(n, std::vector<double>(n_kin_))});
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
  out_.phase[k] = obs_.phase;
  for (auto& s : out_.series) s.observable->sample(obs_, k, s.values);
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
