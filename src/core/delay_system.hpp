#pragma once
// The contract between a model and the integrator: a delay-differential system whose delay
// lines carry signals computed from the state,
//
//   x'(t) = f(t, x(t), d(t)),   d(t) = D(t, y(t − τ_1), …, y(t − τ_K)),   y = g(x)
//
// with a fixed, finite set of distinct delays. In the neuromuscular model y is the Ia
// afferent rate of each muscle, the quantity that actually travels along the nerve. The
// integrator stores y and its time derivative y' = (∂g/∂x) x' at every accepted step and
// interpolates them (cubic Hermite) at delayed times, so g is evaluated once per step rather
// than once per pathway and stage. d(t) depends on time only (through the stored history), so
// it is evaluated once per distinct time and reused by the stages that share it.
#include <cstddef>
#include <span>
#include <vector>

namespace nmsim::core {

// Delayed signals handed to D: delayed(k)[j] = y_j(t − τ_k).
class DelayedSignals {
 public:
  DelayedSignals(std::size_t n_delays, std::size_t n_signals) : n_(n_signals), values_(n_delays * n_signals) {}
  std::span<const double> operator()(std::size_t k) const { return {values_.data() + k * n_, n_}; }
  std::span<double> slot(std::size_t k) { return {values_.data() + k * n_, n_}; }
  std::size_t delays() const { return n_ == 0 ? 0 : values_.size() / n_; }

 private:
  std::size_t n_;
  std::vector<double> values_;
};

class DelaySystem {
 public:
  virtual ~DelaySystem() = default;
  virtual std::size_t state_size() const = 0;
  virtual const std::vector<double>& delays() const = 0;  // distinct τ_k > 0 (s)

  // y = g(x) and y' = (∂g/∂x) x': the signals sent down the delay lines.
  virtual std::size_t signal_size() const = 0;
  virtual void signals(std::span<const double> x, std::span<const double> dxdt, std::span<double> y,
                       std::span<double> dy) const = 0;

  // d = D(t, delayed signals); must not depend on anything but its arguments.
  virtual std::size_t delayed_input_size() const = 0;
  virtual void delayed_inputs(double t, const DelayedSignals& delayed, std::span<double> d) const = 0;
  virtual void derivatives(double t, std::span<const double> x, std::span<const double> d,
                           std::span<double> dxdt) const = 0;
  // Times at which inputs jump; the integrator lands a step exactly on each.
  virtual std::vector<double> breakpoints() const { return {}; }
};

}  // namespace nmsim::core
