#include "physiology/trial_inputs.hpp"

#include <algorithm>

#include "physiology/neuromuscular_model.hpp"

namespace nmsim::physiology {

double PrescribedDrive::at(double t, std::size_t muscle) const {
  const std::vector<double>& v = per_muscle[muscle];
  if (v.empty()) return 0.0;
  const double x = std::clamp(t * rate_hz, 0.0, static_cast<double>(v.size() - 1));
  const std::size_t k = std::min(static_cast<std::size_t>(x), v.size() - 1);
  const std::size_t k1 = std::min(k + 1, v.size() - 1);
  const double f = x - static_cast<double>(k);
  return v[k] + f * (v[k1] - v[k]);
}

const TrialInputs& TrialInputs::none() {
  static const TrialInputs empty;
  return empty;
}

std::size_t TrialSystem::state_size() const { return model_.state_size(); }
const std::vector<double>& TrialSystem::delays() const { return model_.delays(); }
std::size_t TrialSystem::signal_size() const { return model_.signal_size(); }
void TrialSystem::signals(std::span<const double> x, std::span<const double> dxdt, std::span<double> rates,
                          std::span<double> rates_dot) const {
  model_.signals(x, dxdt, rates, rates_dot);
}
std::size_t TrialSystem::delayed_input_size() const { return model_.delayed_input_size(); }
void TrialSystem::delayed_inputs(double t, const core::DelayedSignals& delayed, std::span<double> d) const {
  model_.delayed_inputs(t, delayed, d);
}
void TrialSystem::derivatives(double t, std::span<const double> x, std::span<const double> d,
                              std::span<double> dxdt) const {
  model_.derivatives(t, x, d, dxdt, inputs_);
}
std::vector<double> TrialSystem::breakpoints() const { return model_.breakpoints(); }

}  // namespace nmsim::physiology
