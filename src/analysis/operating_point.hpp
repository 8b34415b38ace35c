#pragma once
// Equilibria and linearisation of any DelaySystem.
//
// An equilibrium x* of x' = f(t, x, x(t−τ_1), …) with inputs frozen at time t satisfies
// f(t, x*, x*, …, x*) = 0 (the delayed states equal the present one). Linearising there gives
//   δx' = A0 δx(t) + Σ_k A_k δx(t − τ_k),   A0 = ∂f/∂x,  A_k = ∂f/∂x(t − τ_k)
// by central finite differences on the model's own right-hand side, so the analysis always
// matches the simulated equations.
#include <Eigen/Dense>

#include "analysis/dde_spectrum.hpp"
#include "core/delay_system.hpp"

namespace nmsim::analysis {

struct Equilibrium {
  Eigen::VectorXd x;
  double residual = 0.0;  // ‖f(x*)‖∞
  int iterations = 0;
};

// Damped Newton iteration from `guess`; throws NumericalError if it does not converge.
Equilibrium find_equilibrium(const core::DelaySystem& system, double t, const Eigen::VectorXd& guess);

LinearDde linearise(const core::DelaySystem& system, double t, const Eigen::VectorXd& x);

}  // namespace nmsim::analysis
