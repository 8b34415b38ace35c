#include "engine/clonus_twin.hpp"

#include "analysis/stability.hpp"
#include "engine/trajectory_recorder.hpp"

namespace nmsim::engine {

std::vector<std::vector<double>> reflex_drive_without_generators(const LabelContext& c) {
  const scenario::Scenario& s = c.scenario;
  physiology::TrialInputs inputs;
  inputs.thalamic_noise = c.inputs.thalamic_noise;
  const physiology::TrialSystem system(c.model, inputs);
  TrajectoryRecorder recorder(system, s.duration_s(), s.signals.emg.rate_hz, s.signals.kinematics.rate_hz);
  const Eigen::VectorXd rest = analysis::resting_state(c.model.params(), s.protocol);
  const std::vector<double> x0(rest.data(), rest.data() + rest.size());
  core::integrate(system, x0, 0.0, s.duration_s(), s.solver, recorder);
  return recorder.take().at("internals/reflex_drive");
}

}  // namespace nmsim::engine
