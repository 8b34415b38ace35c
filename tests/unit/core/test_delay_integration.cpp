// The delay machinery against closed-form answers: Hermite history interpolation and the
// scalar delay equation x' = −k x(t − τ), whose solution for constant history x = 1 follows
// from the method of steps: x = 1 − k t on [0, τ], then 1 − k t + k²(t − τ)²/2 on [τ, 2τ],
// then − k³(t − 2τ)³/6 more on [2τ, 3τ].
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/delay_history.hpp"
#include "core/error.hpp"
#include "core/integrator.hpp"

namespace nmsim::core {
namespace {

class ScalarDde final : public DelaySystem {
 public:
  ScalarDde(double k, double tau) : k_(k), delays_{tau} {}
  std::size_t state_size() const override { return 1; }
  const std::vector<double>& delays() const override { return delays_; }
  std::size_t signal_size() const override { return 1; }
  void signals(std::span<const double> x, std::span<const double> dx, std::span<double> y,
               std::span<double> dy) const override {
    y[0] = x[0];
    dy[0] = dx[0];
  }
  std::size_t delayed_input_size() const override { return 1; }
  void delayed_inputs(double, const DelayedSignals& d, std::span<double> u) const override { u[0] = d(0)[0]; }
  void derivatives(double, std::span<const double>, std::span<const double> u, std::span<double> dx) const override {
    dx[0] = -k_ * u[0];
  }

 private:
  double k_;
  std::vector<double> delays_;
};

struct Capture final : StepObserver {
  std::vector<double> t, x;
  void on_start(const Trajectory& tr, double t0) override { record(tr.states, t0); }
  void on_step(const Trajectory& tr, double, double t1) override { record(tr.states, t1); }
  void record(const DelayHistory& h, double time) {
    t.push_back(time);
    x.push_back(h.latest_state()[0]);
  }
};

double method_of_steps(double k, double tau, double t) {
  double x = 1.0 - k * t;
  if (t > tau) x += k * k * (t - tau) * (t - tau) / 2.0;
  if (t > 2 * tau) x -= k * k * k * std::pow(t - 2 * tau, 3) / 6.0;
  return x;
}

TEST(DelayIntegration, MatchesTheMethodOfSteps) {
  for (auto stepper : {StepperKind::Rk4, StepperKind::Dopri5}) {
    const double k = 8.0, tau = 0.04;
    ScalarDde sys(k, tau);
    Capture cap;
    IntegratorOptions o;
    o.stepper = stepper;
    o.step_s = 0.001;
    o.max_step_s = 0.001;
    o.rel_tol = 1e-10;
    o.abs_tol = 1e-12;
    const std::vector<double> x0{1.0};
    integrate(sys, x0, 0.0, 3 * tau, o, cap);
    double worst = 0.0;
    for (std::size_t i = 0; i < cap.t.size(); ++i)
      worst = std::max(worst, std::abs(cap.x[i] - method_of_steps(k, tau, cap.t[i])));
    EXPECT_LT(worst, 1e-9) << (stepper == StepperKind::Rk4 ? "rk4" : "dopri5");
    EXPECT_NEAR(cap.t.back(), 3 * tau, 1e-15);
  }
}

// x' = u(t) with u jumping 0 → 1 at a breakpoint t_b that is not on the step grid, plus a
// delayed copy of x so the delay line sees the kink: x = max(0, t − t_b) exactly, and the
// delayed read just before the jump must see the flat left side.
class StepInput final : public DelaySystem {
 public:
  explicit StepInput(double tb) : tb_(tb) {}
  std::size_t state_size() const override { return 2; }
  const std::vector<double>& delays() const override { return delays_; }
  std::size_t signal_size() const override { return 1; }
  void signals(std::span<const double> x, std::span<const double> dx, std::span<double> y,
               std::span<double> dy) const override {
    y[0] = x[0];
    dy[0] = dx[0];
  }
  std::size_t delayed_input_size() const override { return 1; }
  void delayed_inputs(double, const DelayedSignals& d, std::span<double> u) const override { u[0] = d(0)[0]; }
  void derivatives(double t, std::span<const double>, std::span<const double> u, std::span<double> dx) const override {
    dx[0] = t >= tb_ ? 1.0 : 0.0;
    dx[1] = u[0];  // x1 = ∫ x0(s − τ) ds
  }
  std::vector<double> breakpoints() const override { return {tb_}; }

 private:
  double tb_;
  std::vector<double> delays_{0.01};
};

TEST(DelayIntegration, RegressionStepEndingOnABreakpointUsesTheLeftLimit) {
  // Before the fix the step landing on t_b evaluated its last stage with the new input and the
  // history stored the right derivative at t_b, so x was off by O(h) after the jump.
  const double tb = 0.0123;
  StepInput sys(tb);
  Capture cap;
  IntegratorOptions o;
  o.step_s = 0.002;
  const std::vector<double> x0{0.0, 0.0};
  integrate(sys, x0, 0.0, 0.06, o, cap);
  for (std::size_t i = 0; i < cap.t.size(); ++i) EXPECT_NEAR(cap.x[i], std::max(0.0, cap.t[i] - tb), 1e-13) << cap.t[i];
}

TEST(DelayIntegration, ReportsRunawayInsteadOfWritingGarbage) {
  // Far beyond kτ = π/2 the solution grows without bound: the integrator must throw.
  ScalarDde sys(400.0, 0.04);
  Capture cap;
  const std::vector<double> x0{1.0};
  EXPECT_THROW(integrate(sys, x0, 0.0, 10.0, IntegratorOptions{}, cap), NumericalError);
}

TEST(DelayHistory, HermiteIsExactForCubics) {
  DelayHistory h(1, 1.0);
  auto f = [](double t) { return 2 * t * t * t - t * t + 3 * t - 1; };
  auto df = [](double t) { return 6 * t * t - 2 * t + 3; };
  for (double t : {0.0, 0.3, 0.5, 0.9}) {
    const double x[1] = {f(t)}, d[1] = {df(t)};
    h.push(t, x, d);
  }
  for (double t : {0.1, 0.42, 0.77, 0.9}) {
    double out[1];
    h.interpolate(t, out);
    EXPECT_NEAR(out[0], f(t), 1e-12);
  }
  double before[1];
  h.interpolate(-0.5, before);  // constant pre-history
  EXPECT_DOUBLE_EQ(before[0], f(0.0));
  double ahead[1];
  EXPECT_THROW(h.interpolate(1.5, ahead), InternalError);  // never read ahead
}

}  // namespace
}  // namespace nmsim::core
