#include "core/integrator.hpp"

#include <algorithm>
#include <array>
#include <boost/numeric/odeint.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/trial_progress.hpp"

namespace nmsim::core {
namespace {

namespace odeint = boost::numeric::odeint;
using State = std::vector<double>;

// The right-hand side as odeint sees it: current state plus delayed inputs computed from the
// signal history. The delayed inputs are a function of time alone, so the last two
// evaluations are memoised (exact-time match): RK4 asks for each of its stage times twice.
class Rhs {
 public:
  Rhs(const DelaySystem& sys, const DelayHistory& signals, IntegrationStats& stats)
      : sys_(sys), signals_(signals), delayed_(sys.delays().size(), sys.signal_size()), stats_(stats) {
    for (auto& c : cache_) c.d.resize(sys.delayed_input_size());
  }

  // Evaluations at or beyond the current segment's end use the left limit of the inputs: a
  // step that ends on a breakpoint belongs entirely to the phase before it (otherwise its last
  // stage would see the next phase's inputs and the step would lose its order).
  void operator()(const State& x, State& dxdt, double t) const {
    const double te = t >= segment_end_ ? std::nextafter(segment_end_, -INFINITY) : t;
    sys_.derivatives(te, x, inputs_at(te), dxdt);
    ++stats_.rhs_evaluations;
  }
  void set_segment_end(double t) { segment_end_ = t; }

 private:
  struct Entry {
    double t = NAN;
    std::vector<double> d;
  };

  std::span<const double> inputs_at(double t) const {
    for (auto& c : cache_)
      if (c.t == t) return c.d;
    Entry& slot = cache_[next_];
    next_ ^= 1u;
    const auto& delays = sys_.delays();
    for (std::size_t k = 0; k < delays.size(); ++k) signals_.interpolate(t - delays[k], delayed_.slot(k));
    sys_.delayed_inputs(t, delayed_, slot.d);
    slot.t = t;
    return slot.d;
  }

  const DelaySystem& sys_;
  const DelayHistory& signals_;
  mutable DelayedSignals delayed_;
  IntegrationStats& stats_;
  mutable std::array<Entry, 2> cache_;
  mutable unsigned next_ = 0;
  double segment_end_ = INFINITY;
};

// Both histories, appended together after each accepted step.
class Histories {
 public:
  Histories(const DelaySystem& sys, double max_delay)
      : sys_(sys), states(sys.state_size(), max_delay), signals(sys.signal_size(), max_delay),
        y_(sys.signal_size()), dy_(sys.signal_size()) {}

  void push(double t, const State& x, const State& dxdt) {
    sys_.signals(x, dxdt, y_, dy_);
    states.push(t, x, dxdt);
    signals.push(t, y_, dy_);
  }
  // At a breakpoint the trajectory is continuous but its derivative jumps: store the point
  // twice, with the left derivative (for interpolation before it) and then the right one.
  void push_breakpoint(double t, const State& x, const State& left, const State& right) {
    push(t, x, left);
    push(t, x, right);
  }
  void prune(double t) {
    states.prune(t);
    signals.prune(t);
  }

 private:
  const DelaySystem& sys_;

 public:
  DelayHistory states, signals;

 private:
  std::vector<double> y_, dy_;
};

void check_state(const State& x, double t, double bound) {
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i])) throw NumericalError(t, "state component " + std::to_string(i) + " is not finite");
    if (std::abs(x[i]) > bound)
      throw NumericalError(t, "state component " + std::to_string(i) + " ran away (x = " + std::to_string(x[i]) +
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
  Histories hist(system, max_delay);
  const Trajectory trajectory{hist.states, hist.signals};
  Rhs rhs(system, hist.signals, stats);

  State x(x0.begin(), x0.end()), dxdt(n);
  check_state(x, t0, options.state_bound);
  // Before t0 the signals are the constant g(x0). To evaluate x'(t0) a throw-away history holding
  // only x0 (its derivative is irrelevant: reads before t0 are constant) serves the delayed reads;
  // then the real history starts with (t0, x0, x'(t0)).
  const State zero(n, 0.0);
  Histories seed(system, max_delay);
  seed.push(t0, x, zero);
  Rhs seed_rhs(system, seed.signals, stats);
  seed_rhs(x, dxdt, t0);
  hist.push(t0, x, dxdt);
  observer.on_start(trajectory, t0);

  odeint::runge_kutta4<State> rk4;
  auto dopri = odeint::make_controlled(options.abs_tol, options.rel_tol, odeint::runge_kutta_dopri5<State>());

  double seg_start = t0;
  double dt_adaptive = std::min(options.step_s, step_cap);
  const std::vector<double> ends = segment_ends(system, t0, t_end);
  State left(n);
  // After a segment that ends on a breakpoint, x'(t_b⁻) is in `dxdt`: store the jump node and
  // continue from the right derivative.
  const auto cross_breakpoint = [&](std::size_t seg, double tb) {
    left = dxdt;
    rhs.set_segment_end(ends[seg + 1]);
    rhs(x, dxdt, tb);
    hist.push_breakpoint(tb, x, left, dxdt);
  };
  for (std::size_t seg = 0; seg < ends.size(); ++seg) {
    const double seg_end = ends[seg];
    const bool breakpoint = seg + 1 < ends.size();
    rhs.set_segment_end(seg_end);
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
        if (i + 1 == steps && breakpoint)
          cross_breakpoint(seg, t_next);
        else
          hist.push(t_next, x, dxdt);
        if (++stats.accepted_steps % 512 == 0) report_trial_progress(t_next);
        observer.on_step(trajectory, t, t_next);
        hist.prune(t_next);
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
        if (t == seg_end && breakpoint)
          cross_breakpoint(seg, t);  // dxdt (FSAL) is the left limit here
        else
          hist.push(t, x, dxdt);
        if (++stats.accepted_steps % 512 == 0) report_trial_progress(t);
        observer.on_step(trajectory, t_prev, t);
        hist.prune(t);
      }
    }
    seg_start = seg_end;
  }
  return stats;
}

}  // namespace nmsim::core
