#pragma once
// Integration of a DelaySystem with Boost.Odeint steppers and our own delay history.
//
// Odeint has no notion of delays, so the loop here owns the history: delayed reads inside
// the right-hand side interpolate it, and it grows only after a step is accepted (rejected
// trial steps of the adaptive stepper never touch it). Steps never exceed the shortest
// delay, so every delayed read falls on already-computed trajectory; steps land exactly on
// input breakpoints (protocol phase changes).
#include <cstddef>
#include <span>

#include "core/delay_history.hpp"
#include "core/delay_system.hpp"

namespace nmsim::core {

enum class StepperKind { Rk4, Dopri5 };

struct IntegratorOptions {
  StepperKind stepper = StepperKind::Rk4;
  double step_s = 0.0005;      // RK4: fixed step; Dopri5: initial step
  double max_step_s = 0.001;   // Dopri5: cap (output interpolation quality)
  double abs_tol = 1e-8;       // Dopri5 error control
  double rel_tol = 1e-6;
  double min_step_s = 1e-9;    // Dopri5: a smaller accepted step means the problem is too stiff
  double state_bound = 1e6;    // |x_i| beyond this is a runaway, reported as a numerical failure
};

struct IntegrationStats {
  std::size_t accepted_steps = 0;
  std::size_t rejected_steps = 0;
  std::size_t rhs_evaluations = 0;
};

// What an observer can read after a step: the state trajectory (at least [t_prev, t_now])
// and the delay-line signals (back to t_now − longest delay).
struct Trajectory {
  const DelayHistory& states;
  const DelayHistory& signals;
};

// Receives every accepted step.
class StepObserver {
 public:
  virtual ~StepObserver() = default;
  virtual void on_start(const Trajectory& trajectory, double t0) = 0;
  virtual void on_step(const Trajectory& trajectory, double t_prev, double t_now) = 0;
};

// Integrates from t0 (with constant history x0, hence constant signals g(x0), before t0) to t_end. Throws NumericalError on
// non-finite or runaway states or a collapsing step size, and Interrupted when a stop was
// requested (core/interrupt.hpp); nothing is reported to the observer past the failure.
IntegrationStats integrate(const DelaySystem& system, std::span<const double> x0, double t0, double t_end,
                           const IntegratorOptions& options, StepObserver& observer);

}  // namespace nmsim::core
