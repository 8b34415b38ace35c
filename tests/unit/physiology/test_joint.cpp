#include "physiology/joint.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "physiology_test_util.hpp"

namespace nmsim::physiology {
namespace {

using std::numbers::pi;

double linear_part(const JointParams& p, double theta, double omega) {
  return -p.stiffness_Nm_per_rad * (theta - p.rest_angle_rad) - p.damping_Nms_per_rad * omega;
}

TEST(Joint, PassiveTorqueIsExactlyLinearMidwayBetweenTheLimits) {
  // Midway between the limits the two range-limit exponentials are equal and cancel exactly.
  JointParams p = test::ankle_joint();
  p.rest_angle_rad = 0.1;
  const Joint j(p);
  const double mid = 0.5 * (p.limit_max_rad + p.limit_min_rad);
  EXPECT_NEAR(j.passive_torque(mid, 0.0), linear_part(p, mid, 0.0), 1e-12);
  EXPECT_NEAR(j.passive_torque(mid, 0.7), linear_part(p, mid, 0.7), 1e-12);
  // Mid-range (well inside both limits) the limit term is a small correction to the linear one.
  for (double th : {-0.3, -0.2, -0.1, 0.0}) {
    EXPECT_LT(std::abs(j.passive_torque(th, 0.0) - linear_part(p, th, 0.0)), 0.05 * p.limit_torque_Nm) << th;
  }
}

TEST(Joint, PassiveDampingIsLinearInVelocity) {
  const JointParams p = test::ankle_joint();
  const Joint j(p);
  for (double th : {-0.7, 0.0, 0.4}) {
    for (double w : {-3.0, 0.5, 10.0}) {
      EXPECT_NEAR(j.passive_torque(th, w) - j.passive_torque(th, 0.0), -p.damping_Nms_per_rad * w, 1e-12);
    }
  }
}

TEST(Joint, RangeLimitTorqueGrowsExponentiallyTowardBothLimitsAndOpposesThem) {
  const JointParams p = test::ankle_joint();
  const Joint j(p);
  const double s = p.limit_sharpness_per_rad;
  auto excess = [&](double th) { return j.passive_torque(th, 0.0) - linear_part(p, th, 0.0); };

  // Near the dorsiflexion limit the extra torque pushes back (negative), with size ~k_lim at
  // the limit itself (the far exponential is e^{-s·range} ≈ 4e-7 there).
  EXPECT_NEAR(excess(p.limit_max_rad), -p.limit_torque_Nm, 1e-5);
  EXPECT_NEAR(excess(p.limit_min_rad), +p.limit_torque_Nm, 1e-5);
  // Stepping 1/s further out multiplies it by e on either side.
  for (double d : {0.0, 0.05, 0.2}) {
    const double up = p.limit_max_rad + d;
    EXPECT_LT(excess(up), 0.0);
    EXPECT_NEAR(excess(up + 1.0 / s) / excess(up), std::numbers::e, 1e-4) << d;
    const double down = p.limit_min_rad - d;
    EXPECT_GT(excess(down), 0.0);
    EXPECT_NEAR(excess(down - 1.0 / s) / excess(down), std::numbers::e, 1e-4) << d;
  }
  // Logarithmic slope s on the way in, i.e. genuinely exponential, not just steep.
  const double h = 1e-4;
  const double th = p.limit_max_rad - 0.05;
  const double log_slope = (std::log(-excess(th + h)) - std::log(-excess(th - h))) / (2 * h);
  EXPECT_NEAR(log_slope, s, 1e-3 * s);
}

TEST(Joint, GravityTorqueIsMinusTheGradientOfPotentialEnergy) {
  JointParams p = test::ankle_joint();
  const double mgd = p.segment_mass_kg * kGravity_m_s2 * p.com_distance_m;
  {
    const Joint j(p);
    // Foot horizontal, centre of mass in front of the axis: gravity plantarflexes (θ < 0 direction).
    EXPECT_NEAR(j.gravity_torque(0.0), -mgd, 1e-12);
    EXPECT_NEAR(j.gravity_torque(pi / 2), 0.0, 1e-12);  // segment vertical: no lever arm
    EXPECT_NEAR(j.gravity_torque(pi), mgd, 1e-12);
  }
  p.segment_elevation_rad = 0.3;
  const Joint j(p);
  // Height of the centre of mass is d sin(ψ0 + θ); τ = −dV/dθ with V = m g d sin(ψ0 + θ).
  auto potential = [&](double th) { return mgd * std::sin(p.segment_elevation_rad + th); };
  for (double th : {-0.8, -0.2, 0.0, 0.35}) {
    EXPECT_NEAR(j.gravity_torque(th), -test::central_difference(potential, th, 1e-5), 1e-8) << th;
  }
  p.segment_mass_kg = 0.0;  // gravity disabled
  EXPECT_EQ(Joint(p).gravity_torque(0.4), 0.0);
}

TEST(Joint, AccelerometerAtRestReadsGravityInTheSegmentFrame) {
  JointParams p = test::ankle_joint();
  double out[2];
  Joint(p).accelerometer(0.0, 0.0, 0.0, out);  // segment horizontal
  EXPECT_NEAR(out[0], 0.0, 1e-12);
  EXPECT_NEAR(out[1], kGravity_m_s2, 1e-12);
  p.segment_elevation_rad = pi / 2;  // segment pointing up
  Joint(p).accelerometer(0.0, 0.0, 0.0, out);
  EXPECT_NEAR(out[0], kGravity_m_s2, 1e-12);
  EXPECT_NEAR(out[1], 0.0, 1e-12);
  p.segment_elevation_rad = 0.0;
  Joint(p).accelerometer(pi / 2, 0.0, 0.0, out);  // same pose reached through θ
  EXPECT_NEAR(out[0], kGravity_m_s2, 1e-12);
  EXPECT_NEAR(out[1], 0.0, 1e-12);
}

TEST(Joint, AccelerometerCentripetalAndTangentialTermsByHand) {
  JointParams p = test::ankle_joint();
  p.sensor_distance_m = 0.12;
  double out[2];
  // ψ = 0: gravity is all normal. ω = 2 rad/s → centripetal −rω² = −0.48 m/s² along the axis;
  // α = 5 rad/s² → tangential rα = 0.6 m/s².
  Joint(p).accelerometer(0.0, 2.0, 5.0, out);
  EXPECT_NEAR(out[0], -0.48, 1e-12);
  EXPECT_NEAR(out[1], 0.6 + kGravity_m_s2, 1e-12);
  // The sign of ω does not matter for the centripetal term; that of α does for the tangential.
  Joint(p).accelerometer(0.0, -2.0, -5.0, out);
  EXPECT_NEAR(out[0], -0.48, 1e-12);
  EXPECT_NEAR(out[1], -0.6 + kGravity_m_s2, 1e-12);
}

TEST(Joint, AccelerometerMatchesSecondDifferenceOfSensorPosition) {
  // Independent kinematics: sensor at r(cos ψ, sin ψ) (z up), specific force = p'' + (0, g),
  // projected on the segment axis and on its normal (−sin ψ, cos ψ).
  JointParams p = test::ankle_joint();
  p.segment_elevation_rad = 0.4;
  const Joint j(p);
  const double A = 0.3, w = 2 * pi * 3.0, r = p.sensor_distance_m;
  auto theta = [&](double t) { return A * std::sin(w * t) + 0.1; };
  auto pos = [&](double t, int k) {
    const double psi = p.segment_elevation_rad + theta(t);
    return r * (k == 0 ? std::cos(psi) : std::sin(psi));
  };
  for (double t : {0.01, 0.07, 0.13, 0.2}) {
    const double h = 1e-4;
    const double ax = (pos(t + h, 0) - 2 * pos(t, 0) + pos(t - h, 0)) / (h * h);
    const double az = (pos(t + h, 1) - 2 * pos(t, 1) + pos(t - h, 1)) / (h * h) + kGravity_m_s2;
    const double psi = p.segment_elevation_rad + theta(t);
    const double along = ax * std::cos(psi) + az * std::sin(psi);
    const double normal = -ax * std::sin(psi) + az * std::cos(psi);
    const double omega = A * w * std::cos(w * t);
    const double alpha = -A * w * w * std::sin(w * t);
    double out[2];
    j.accelerometer(theta(t), omega, alpha, out);
    EXPECT_NEAR(out[0], along, 1e-4) << t;
    EXPECT_NEAR(out[1], normal, 1e-4) << t;
  }
}

}  // namespace
}  // namespace nmsim::physiology
