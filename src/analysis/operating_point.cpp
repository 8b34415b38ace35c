#include "analysis/operating_point.hpp"

#include <cmath>
#include <span>
#include <vector>

#include "core/error.hpp"

namespace nmsim::analysis {
namespace {

// f(t, x, d) with d computed from the signals g(delayed_states[k]) on each delay line.
Eigen::VectorXd rhs(const core::DelaySystem& sys, double t, const Eigen::VectorXd& x,
                    const std::vector<Eigen::VectorXd>& delayed_states) {
  const std::size_t n = sys.state_size(), m = sys.signal_size();
  core::DelayedSignals y(sys.delays().size(), m);
  const std::vector<double> no_motion(n, 0.0);  // y' is not needed here
  std::vector<double> dy(m);
  for (std::size_t k = 0; k < delayed_states.size(); ++k)
    sys.signals(std::span<const double>(delayed_states[k].data(), n), no_motion, y.slot(k), dy);
  std::vector<double> inputs(sys.delayed_input_size());
  sys.delayed_inputs(t, y, inputs);
  Eigen::VectorXd f(static_cast<Eigen::Index>(n));
  sys.derivatives(t, std::span<const double>(x.data(), n), inputs, std::span<double>(f.data(), n));
  return f;
}

Eigen::VectorXd rhs_steady(const core::DelaySystem& sys, double t, const Eigen::VectorXd& x) {
  return rhs(sys, t, x, std::vector<Eigen::VectorXd>(sys.delays().size(), x));
}

double step_for(double v) { return 1e-6 * (1.0 + std::abs(v)); }

}  // namespace

LinearDde linearise(const core::DelaySystem& sys, double t, const Eigen::VectorXd& x) {
  const auto n = static_cast<Eigen::Index>(sys.state_size());
  const std::size_t k_count = sys.delays().size();
  const std::vector<Eigen::VectorXd> steady(k_count, x);
  LinearDde dde;
  dde.A0 = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double h = step_for(x[i]);
    Eigen::VectorXd xp = x, xm = x;
    xp[i] += h;
    xm[i] -= h;
    dde.A0.col(i) = (rhs(sys, t, xp, steady) - rhs(sys, t, xm, steady)) / (2 * h);
  }
  for (std::size_t k = 0; k < k_count; ++k) {
    DelayTerm term{sys.delays()[k], Eigen::MatrixXd::Zero(n, n)};
    for (Eigen::Index i = 0; i < n; ++i) {
      const double h = step_for(x[i]);
      auto yp = steady, ym = steady;
      yp[k][i] += h;
      ym[k][i] -= h;
      term.A.col(i) = (rhs(sys, t, x, yp) - rhs(sys, t, x, ym)) / (2 * h);
    }
    dde.delayed.push_back(std::move(term));
  }
  return dde;
}

Equilibrium find_equilibrium(const core::DelaySystem& sys, double t, const Eigen::VectorXd& guess) {
  Equilibrium eq{guess, 0.0, 0};
  Eigen::VectorXd f = rhs_steady(sys, t, eq.x);
  for (int it = 0; it < 200; ++it) {
    eq.residual = f.lpNorm<Eigen::Infinity>();
    eq.iterations = it;
    if (eq.residual < 1e-10) return eq;
    const LinearDde lin = linearise(sys, t, eq.x);
    Eigen::MatrixXd J = lin.A0;
    for (const auto& term : lin.delayed) J += term.A;
    const Eigen::VectorXd dx = J.fullPivLu().solve(-f);
    // Backtracking keeps Newton from jumping across the strongly nonlinear range limits.
    double lambda = 1.0;
    bool improved = false;
    while (lambda > 1e-6) {
      const Eigen::VectorXd trial = eq.x + lambda * dx;
      const Eigen::VectorXd ft = rhs_steady(sys, t, trial);
      if (ft.allFinite() && ft.lpNorm<Eigen::Infinity>() < (1.0 - 1e-4 * lambda) * eq.residual) {
        eq.x = trial;
        f = ft;
        improved = true;
        break;
      }
      lambda *= 0.5;
    }
    if (!improved) break;
  }
  eq.residual = f.lpNorm<Eigen::Infinity>();
  if (eq.residual < 1e-8) return eq;
  throw NumericalError(t, "no equilibrium found (residual " + std::to_string(eq.residual) +
                              "); the inputs of this phase may not admit a resting posture");
}

}  // namespace nmsim::analysis
