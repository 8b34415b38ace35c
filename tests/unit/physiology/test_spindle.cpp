#include "physiology/spindle.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "physiology_test_util.hpp"

namespace nmsim::physiology {
namespace {

constexpr double kL0 = 0.033;  // reference fibre length (m)

SpindleParams params() {
  SpindleParams s = test::ankle_spindle();  // r0 10, k_l 2, k_v 4.3, p 0.6, v_c 5
  s.reference_fibre_length_m = kL0;
  return s;
}

TEST(Spindle, BaselineAtZeroStretchAndVelocity) {
  const Spindle sp(params());
  EXPECT_DOUBLE_EQ(sp.rate(kL0, 0.0), 10.0);
}

TEST(Spindle, LengthTermIsLinearInMillimetres) {
  const Spindle sp(params());
  EXPECT_NEAR(sp.rate(kL0 + 1e-3, 0.0), 10.0 + 2.0, 1e-9);   // 1 mm stretch
  EXPECT_NEAR(sp.rate(kL0 - 2.5e-3, 0.0), 10.0 - 5.0, 1e-9);  // 2.5 mm shortening
}

TEST(Spindle, RectifiedAtZero) {
  const Spindle sp(params());
  EXPECT_EQ(sp.rate(kL0 - 10e-3, 0.0), 0.0);  // 10 − 2·10 < 0
  EXPECT_EQ(sp.rate(kL0, -0.5), 0.0);         // fast shortening silences the ending
  EXPECT_NEAR(sp.rate(kL0 - 5e-3, 0.0), 0.0, 1e-9);  // the kink: 10 − 2·5
  double r = -1, rdot = -1;
  sp.rate_and_derivative(kL0 - 10e-3, 0.001, 0.3, r, rdot);
  EXPECT_EQ(r, 0.0);
  EXPECT_EQ(rdot, 0.0);  // a rectified rate does not change with small motions
}

TEST(Spindle, VelocityTermIsOddSymmetric) {
  SpindleParams p = params();
  p.baseline_rate_hz = 500.0;  // keep away from rectification so both signs are visible
  const Spindle sp(p);
  for (double v_mm : {0.1, 1.0, 5.0, 37.0, 400.0}) {
    const double up = sp.rate(kL0, v_mm * 1e-3) - 500.0;
    const double down = sp.rate(kL0, -v_mm * 1e-3) - 500.0;
    EXPECT_GT(up, 0.0);
    EXPECT_NEAR(up, -down, 1e-10 * std::abs(up) + 1e-12) << v_mm;
  }
}

TEST(Spindle, LargeVelocityFollowsProchazkaPowerLaw) {
  // For v ≥ 0: (v + v_c)^p − v^p lies in [0, p v_c v^(p−1)] (concavity, mean value theorem), so
  //   model − k_v v^p ∈ [−k_v v_c^p, k_v (p v_c v^(p−1) − v_c^p)],
  // i.e. a constant offset −k_v v_c^p up to k_v p v_c v^(p−1) → 0, and a relative error ≤ (v_c/v)^p.
  const SpindleParams p = params();
  const Spindle sp(p);
  const double kv = p.velocity_gain, e = p.velocity_exponent, vc = p.linear_range_mm_s;
  for (double v : {10.0, 50.0, 200.0, 1000.0, 1e5}) {
    const double model = sp.rate(kL0, v * 1e-3) - p.baseline_rate_hz;
    const double law = kv * std::pow(v, e);
    const double diff = model - law;
    EXPECT_GE(diff, -kv * std::pow(vc, e) - 1e-9) << v;
    EXPECT_LE(diff, kv * (e * vc * std::pow(v, e - 1.0) - std::pow(vc, e)) + 1e-9) << v;
    EXPECT_NEAR(diff, -kv * std::pow(vc, e), kv * e * vc * std::pow(v, e - 1.0) + 1e-9) << v;
    EXPECT_LE(std::abs(diff) / law, std::pow(vc / v, e)) << v;
  }
}

TEST(Spindle, SmallSignalVelocityGainIsTheSlopeAtZero) {
  const SpindleParams p = params();
  const Spindle sp(p);
  const double gain = sp.small_signal_velocity_gain();
  // Closed form p k_v v_c^(p−1) (imp/s per mm/s).
  EXPECT_NEAR(gain, p.velocity_exponent * p.velocity_gain * std::pow(p.linear_range_mm_s, p.velocity_exponent - 1.0),
              1e-12);
  const double h_mm = 1e-5;
  const double right = (sp.rate(kL0, h_mm * 1e-3) - sp.rate(kL0, 0.0)) / h_mm;
  const double left = (sp.rate(kL0, 0.0) - sp.rate(kL0, -h_mm * 1e-3)) / h_mm;
  EXPECT_NEAR(right, gain, 1e-4 * gain);
  EXPECT_NEAR(left, gain, 1e-4 * gain);
  // The linear range makes it finite and sets it: a wider range means a smaller gain.
  SpindleParams wide = p;
  wide.linear_range_mm_s = 20.0;
  EXPECT_LT(Spindle(wide).small_signal_velocity_gain(), gain);
}

TEST(Spindle, RateDerivativeMatchesFiniteDifferenceAlongAFibreTrajectory) {
  for (double exponent : {0.5, 0.6}) {
    SpindleParams p = params();
    p.velocity_exponent = exponent;
    const Spindle sp(p);
    const double A = 2e-3, w = 2 * std::numbers::pi * 5.0;  // ±2 mm at 5 Hz: ±63 mm/s
    auto length = [&](double t) { return kL0 + A * std::sin(w * t); };
    auto velocity = [&](double t) { return A * w * std::cos(w * t); };
    auto accel = [&](double t) { return -A * w * w * std::sin(w * t); };
    auto rate = [&](double t) { return sp.rate(length(t), velocity(t)); };
    int checked = 0;
    for (double t = 0.003; t < 0.2; t += 0.0071) {
      double r = 0, rdot = 0;
      sp.rate_and_derivative(length(t), velocity(t), accel(t), r, rdot);
      EXPECT_DOUBLE_EQ(r, rate(t)) << t;
      if (r < 1.0) continue;  // the FD would straddle the rectification kink
      const double fd = test::central_difference(rate, t, 1e-7);
      EXPECT_NEAR(rdot, fd, 1e-4 * std::abs(fd) + 1e-3) << "p=" << exponent << " t=" << t;
      ++checked;
    }
    EXPECT_GT(checked, 10);
  }
}

}  // namespace
}  // namespace nmsim::physiology
