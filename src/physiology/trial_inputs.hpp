#pragma once
// What differs between the trials of one scenario inside the model's equations: the thalamic
// fluctuations of the supraspinal loop, the myoclonic volleys and the tremor oscillators. A NeuromuscularModel is built
// from the scenario and never changes; a trial pairs it with its TrialInputs in a TrialSystem,
// which is what the integrator runs. Empty inputs (none()) are the mean the stability analysis
// linearises: no fluctuation, no volley, no tremor.
#include <cstdint>
#include <span>
#include <vector>

#include "core/delay_system.hpp"
#include "core/smooth_noise.hpp"
#include "physiology/myoclonus.hpp"
#include "physiology/tremor.hpp"

namespace nmsim::physiology {

class NeuromuscularModel;

// A cortical drive given in advance, per muscle, sampled at rate_hz from t = 0 (linear between
// samples, held beyond the ends). The clonus rule's twin feeds the pools the slow part of the
// patient's own cortical drive through it (engine/clonus_twin.hpp).
struct PrescribedDrive {
  double rate_hz = 0.0;
  std::vector<std::vector<double>> per_muscle;
  bool empty() const { return per_muscle.empty(); }
  double at(double t, std::size_t muscle) const;
};

struct TrialInputs {
  std::vector<core::SmoothNoise> thalamic_noise;  // per supraspinal channel; empty: none
  MyoclonusSchedule myoclonus;                    // empty: no volleys
  TremorSchedule tremor;                          // empty: no tremor generators
  PrescribedDrive cortical;                       // non-empty: replaces the loop's cortical drive at the pools

  static const TrialInputs& none();
};

// The model under one trial's inputs, as a delay system (both must outlive it).
class TrialSystem final : public core::DelaySystem {
 public:
  TrialSystem(const NeuromuscularModel& model, const TrialInputs& inputs) : model_(model), inputs_(inputs) {}
  const NeuromuscularModel& model() const { return model_; }
  const TrialInputs& inputs() const { return inputs_; }

  std::size_t state_size() const override;
  const std::vector<double>& delays() const override;
  std::size_t signal_size() const override;
  void signals(std::span<const double> x, std::span<const double> dxdt, std::span<double> rates,
               std::span<double> rates_dot) const override;
  std::size_t delayed_input_size() const override;
  void delayed_inputs(double t, const core::DelayedSignals& delayed, std::span<double> d) const override;
  void derivatives(double t, std::span<const double> x, std::span<const double> d, std::span<double> dxdt) const override;
  std::vector<double> breakpoints() const override;

 private:
  const NeuromuscularModel& model_;
  const TrialInputs& inputs_;
};

}  // namespace nmsim::physiology
