#include "core/integrator.hpp"

#include <algorithm>
#include <boost/numeric/odeint.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/interrupt.hpp"

namespace nmsim::core {
namespace {

namespace odeint = boost::numeric::odeint;
using State = std::vector<double>;

// The right-hand side as odeint sees it: current state plus delayed reads from the history.
class Rhs {
 public:
  Rhs(const DelaySystem& sys, const DelayHistory& hist, DelayedStates& delayed, IntegrationStats& stats)
      : sys_(sys), hist_(hist), delayed_(delayed), stats_(stats) {}

  void operator()(const State& x, State& dxdt, double t) const {
    const auto& delays = sys_.delays();
    const auto& comps = sys_.delayed_components();
    for (std::size_t k = 0; k < delays.size(); ++k) hist_.interpolate(t - delays[k], comps, delayed_.slot(k));
    sys_.derivatives(t, x, delayed_, dxdt);
    ++stats_.rhs_evaluations;
  }

 private:
  const DelaySystem& sys_;
  const DelayHistory& hist_;
  DelayedStates& delayed_;
  IntegrationStats& stats_;
};

void check_state(const State& x, double t, double bound) {
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i])) throw NumericalError(t, "state component " + std::to_string(i) + " is not finite");
    if (std::abs(x[i]) > bound)
      throw NumericalError(t, "state component " + std::to_string(i) + " ran away (|x| = " + std::to_string(x[i]) +
                                  "); the step may be too large for this stiffness, try the dopri5 solver");
  }
}

// Segment ends: breakpoints strictly inside (t0, t_end), then t_end.
std::vector<double> segment_ends(const DelaySystem& sys, double t0, double t_end) {
  std::vector<double> ends;
  for (double b : sys.breakpoints())
    if (b > t0 && b < t_end) ends.push_back(b);
  std::sort(ends.begin(), ends.end());
  ends.push_back(t_end);
  return ends;
}

}  // namespace

IntegrationStats integrate(const DelaySystem& system, std::span<const double> x0, double t0, double t_end,
                           const IntegratorOptions& options, StepObserver& observer) {
  const std::size_t n = system.state_size();
  NMSIM_CHECK(x0.size() == n, "initial state has the wrong size");
  NMSIM_CHECK(t_end > t0, "integration interval is empty");
  const auto& delays = system.delays();
  double min_delay = INFINITY, max_delay = 0.0;
  for (double d : delays) {
    NMSIM_CHECK(d > 0.0, "delays must be positive");
    min_delay = std::min(min_delay, d);
    max_delay = std::max(max_delay, d);
  }
  // The step cap that keeps delayed reads on computed history (see header).
  const double step_cap = std::min(options.stepper == StepperKind::Rk4 ? options.step_s : options.max_step_s,
                                   delays.empty() ? INFINITY : min_delay);
  NMSIM_CHECK(step_cap > 0.0, "step must be positive");

  IntegrationStats stats;
  DelayHistory history(n, max_delay);
  DelayedStates delayed(delays.size(), n);
  for (std::size_t k = 0; k < delays.size(); ++k) std::fill(delayed.slot(k).begin(), delayed.slot(k).end(), NAN);
  Rhs rhs(system, history, delayed, stats);

  State x(x0.begin(), x0.end()), dxdt(n);
  check_state(x, t0, options.state_bound);
  // Before t0 the history is the constant x0 (DelayHistory's convention), so the derivative at
  // t0 can be evaluated once the initial point is stored; then it replaces the placeholder.
  history.push(t0, x, State(n, 0.0));
  rhs(x, dxdt, t0);
  history.set_latest_derivative(dxdt);
  observer.on_start(history, t0);

  odeint::runge_kutta4<State> rk4;
  auto dopri = odeint::make_controlled(options.abs_tol, options.rel_tol, odeint::runge_kutta_dopri5<State>());

  double seg_start = t0;
  double dt_adaptive = std::min(options.step_s, step_cap);
  for (double seg_end : segment_ends(system, t0, t_end)) {
    if (options.stepper == StepperKind::Rk4) {
      // Uniform steps within the segment, times computed as start + i·h (no accumulation).
      const double span = seg_end - seg_start;
      const auto steps = static_cast<std::size_t>(std::max(1.0, std::ceil(span / step_cap - 1e-9)));
      const double h = span / static_cast<double>(steps);
      for (std::size_t i = 0; i < steps; ++i) {
        const double t = seg_start + static_cast<double>(i) * h;
        const double t_next = (i + 1 == steps) ? seg_end : seg_start + static_cast<double>(i + 1) * h;
        rk4.do_step(std::cref(rhs), x, dxdt, t, t_next - t);
        check_state(x, t_next, options.state_bound);
        throw_if_stop_requested();
        rhs(x, dxdt, t_next);  // derivative at the new point: stored for Hermite reads and reused as k1
        history.push(t_next, x, dxdt);
        ++stats.accepted_steps;
        observer.on_step(history, t, t_next);
        history.prune(t_next);
      }
    } else {
      double t = seg_start;
      while (t < seg_end) {
        const double t_prev = t;
        dt_adaptive = std::min({dt_adaptive, step_cap, seg_end - t});
        odeint::controlled_step_result res;
        std::size_t tries = 0;
        do {
          res = dopri.try_step(std::cref(rhs), x, dxdt, t, dt_adaptive);
          if (res == odeint::fail) {
            ++stats.rejected_steps;
            if (dt_adaptive < options.min_step_s || ++tries > 500)
              throw NumericalError(t, "step size collapsed below " + std::to_string(options.min_step_s) +
                                          " s; the model is too stiff or discontinuous here");
          }
        } while (res == odeint::fail);
        if (seg_end - t < 1e-12 * (1.0 + std::abs(t))) t = seg_end;  // land exactly on the breakpoint
        check_state(x, t, options.state_bound);
        throw_if_stop_requested();
        history.push(t, x, dxdt);
        ++stats.accepted_steps;
        observer.on_step(history, t_prev, t);
        history.prune(t);
      }
    }
    seg_start = seg_end;
  }
  return stats;
}

}  // namespace nmsim::core
