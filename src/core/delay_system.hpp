#pragma once
// The contract between a model and the integrator: a delay-differential system
//
//   x'(t) = f(t, x(t), x(t − τ_1), …, x(t − τ_K))
//
// with a fixed, finite set of distinct delays. The model computes derivatives in a const
// function from what it is handed; the integrator owns the state and its history.
#include <cstddef>
#include <span>
#include <vector>

namespace nmsim::core {

// Delayed states handed to the right-hand side: delayed(k)[i] = x_i(t − τ_k). Only the
// components the system lists in delayed_components() are filled; others are NaN so that an
// undeclared read poisons the result instead of silently using stale data.
class DelayedStates {
 public:
  DelayedStates(std::size_t n_delays, std::size_t n_states) : n_(n_states), values_(n_delays * n_states) {}
  std::span<const double> operator()(std::size_t k) const { return {values_.data() + k * n_, n_}; }
  std::span<double> slot(std::size_t k) { return {values_.data() + k * n_, n_}; }
  std::size_t size() const { return n_ == 0 ? 0 : values_.size() / n_; }

 private:
  std::size_t n_;
  std::vector<double> values_;
};

class DelaySystem {
 public:
  virtual ~DelaySystem() = default;
  virtual std::size_t state_size() const = 0;
  virtual const std::vector<double>& delays() const = 0;                // distinct τ_k > 0 (s)
  virtual const std::vector<std::size_t>& delayed_components() const = 0; // state indices read with delay
  virtual void derivatives(double t, std::span<const double> x, const DelayedStates& delayed,
                           std::span<double> dxdt) const = 0;
  // Times at which inputs jump; the integrator lands a step exactly on each.
  virtual std::vector<double> breakpoints() const { return {}; }
};

}  // namespace nmsim::core
