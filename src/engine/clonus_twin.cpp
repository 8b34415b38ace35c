#include "engine/clonus_twin.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/stability.hpp"
#include "engine/trajectory_recorder.hpp"

namespace nmsim::engine {
namespace {

// Zero-phase Gaussian smoothing, truncated at ±4σ; near the ends, the weights inside are renormalised.
std::vector<double> gaussian_smooth(const std::vector<double>& x, double sigma_samples) {
  const auto half = static_cast<std::ptrdiff_t>(std::ceil(4.0 * sigma_samples));
  std::vector<double> w(static_cast<std::size_t>(2 * half + 1));
  for (std::ptrdiff_t j = -half; j <= half; ++j) {
    const double u = static_cast<double>(j) / sigma_samples;
    w[static_cast<std::size_t>(j + half)] = std::exp(-0.5 * u * u);
  }
  const auto n = static_cast<std::ptrdiff_t>(x.size());
  std::vector<double> y(x.size());
  for (std::ptrdiff_t k = 0; k < n; ++k) {
    double sum = 0.0, weight = 0.0;
    for (std::ptrdiff_t j = std::max(-half, -k); j <= std::min(half, n - 1 - k); ++j) {
      const double wj = w[static_cast<std::size_t>(j + half)];
      sum += wj * x[static_cast<std::size_t>(k + j)];
      weight += wj;
    }
    y[static_cast<std::size_t>(k)] = sum / weight;
  }
  return y;
}

}  // namespace

bool needs_clonus_twin(const LabelContext& c) {
  return !c.inputs.tremor.empty() || !c.inputs.myoclonus.empty() || c.model.supraspinal() != nullptr;
}

physiology::PrescribedDrive slow_cortical_drive(const LabelContext& c, double sigma_s) {
  const SampledTrajectory& tr = c.trajectory;
  const auto& descending = tr.at("internals/descending_drive");
  physiology::PrescribedDrive out;
  out.rate_hz = tr.kin_rate_hz;
  for (std::size_t i = 0; i < descending.size(); ++i) {
    std::vector<double> cortical(descending[i].size());
    for (std::size_t k = 0; k < cortical.size(); ++k) {
      const double t = static_cast<double>(k) / tr.kin_rate_hz;
      cortical[k] = descending[i][k] - c.model.segmental_descending(c.model.protocol().at(t), i);
    }
    out.per_muscle.push_back(gaussian_smooth(cortical, sigma_s * tr.kin_rate_hz));
  }
  return out;
}

std::vector<std::vector<double>> twin_reflex_drive(const LabelContext& c) {
  const scenario::Scenario& s = c.scenario;
  physiology::TrialInputs inputs;
  inputs.thalamic_noise = c.inputs.thalamic_noise;
  if (c.model.supraspinal() != nullptr) inputs.cortical = slow_cortical_drive(c);
  const physiology::TrialSystem system(c.model, inputs);
  TrajectoryRecorder recorder(system, s.duration_s(), s.signals.emg.rate_hz, s.signals.kinematics.rate_hz);
  const Eigen::VectorXd rest = analysis::resting_state(c.model.params(), s.protocol);
  const std::vector<double> x0(rest.data(), rest.data() + rest.size());
  core::integrate(system, x0, 0.0, s.duration_s(), s.solver, recorder);
  return recorder.take().at("internals/reflex_drive");
}

}  // namespace nmsim::engine
