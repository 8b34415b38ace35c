#include "physiology/musculotendon.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "core/error.hpp"
#include "physiology/model_params.hpp"
#include "physiology_test_util.hpp"

namespace nmsim::physiology {
namespace {

using std::numbers::pi;

// ------------------------------------------------------------------ Hill curves

TEST(HillCurves, ForceLengthPeaksAtOptimalLengthWithGaussianWidth) {
  const HillCurves c;
  const Musculotendon m(test::soleus(), c);
  EXPECT_DOUBLE_EQ(m.force_length(1.0), 1.0);
  for (double l : {0.5, 0.8, 0.99, 1.01, 1.3, 1.6}) EXPECT_LT(m.force_length(l), 1.0) << l;
  // exp(−(l̃ − 1)²/γ) falls to 1/e at l̃ = 1 ± sqrt(γ), symmetrically.
  const double w = std::sqrt(c.fl_width);
  EXPECT_NEAR(m.force_length(1.0 + w), std::exp(-1.0), 1e-14);
  EXPECT_NEAR(m.force_length(1.0 - w), std::exp(-1.0), 1e-14);
}

TEST(HillCurves, PassiveForceStartsAtOptimalLengthAndReachesF0AtStrainEpsilon0) {
  const HillCurves c;
  const Musculotendon m(test::soleus(), c);
  for (double l : {0.3, 0.9, 1.0}) EXPECT_EQ(m.passive_force_length(l), 0.0) << l;
  EXPECT_NEAR(m.passive_force_length(1.0 + c.pe_strain_at_f0), 1.0, 1e-14);
  EXPECT_LT(m.passive_force_length(1.0 + 1e-9), 1e-8);  // continuous at l̃ = 1
  double prev = 0.0;
  for (double l = 1.01; l < 1.8; l += 0.01) {
    const double f = m.passive_force_length(l);
    EXPECT_GT(f, prev) << l;
    prev = f;
  }
}

TEST(HillCurves, ForceVelocityAnchorsAndAsymptote) {
  const HillCurves c;  // A_f = 0.25, F_len = 1.8
  const Musculotendon m(test::soleus(), c);
  EXPECT_DOUBLE_EQ(m.force_velocity(0.0), 1.0);
  EXPECT_DOUBLE_EQ(m.force_velocity(-1.0), 0.0);
  EXPECT_DOUBLE_EQ(m.force_velocity(-2.0), 0.0);  // clipped beyond v_max
  // Hill's hyperbola by hand at half maximal shortening speed: 0.5/(1 + 0.5/0.25) = 1/6.
  EXPECT_NEAR(m.force_velocity(-0.5), 1.0 / 6.0, 1e-15);
  // Fast lengthening saturates at F_len from below.
  EXPECT_LT(m.force_velocity(1e3), c.fv_flen);
  EXPECT_NEAR(m.force_velocity(1e3), c.fv_flen, 1e-3);
  EXPECT_NEAR(m.force_velocity(1e9), c.fv_flen, 1e-9);
  double prev = -1.0;
  for (double v = -1.0; v < 5.0; v += 0.01) {
    const double f = m.force_velocity(v);
    EXPECT_GT(f, prev) << v;  // strictly increasing over the whole range
    prev = f;
  }
}

TEST(HillCurves, ForceVelocitySlopeIsContinuousAtZero) {
  for (const double af : {0.25, 0.1, 0.5}) {
    HillCurves c;
    c.fv_af = af;
    const Musculotendon m(test::soleus(), c);
    const double h = 1e-7;
    const double left = (m.force_velocity(0.0) - m.force_velocity(-h)) / h;
    const double right = (m.force_velocity(h) - m.force_velocity(0.0)) / h;
    // Slope of the hyperbola at 0 is 1 + 1/A_f; the lengthening branch must match it.
    EXPECT_NEAR(left, 1.0 + 1.0 / af, 1e-4 * (1.0 + 1.0 / af)) << af;
    EXPECT_NEAR(right, left, 1e-4 * left) << af;
  }
}

// ------------------------------------------------------------------ geometry

TEST(MusculotendonGeometry, FibreLengthHonoursPennationAndTendon) {
  const MuscleParams p = test::soleus();
  const Musculotendon m(p, HillCurves{});
  const double h = p.optimal_fibre_length_m * std::sin(p.pennation_at_optimal_rad);
  // Soleus fibres reach their pennated width (α = 90°) near θ = −0.51 rad; stay above that.
  for (double th : {-0.45, -0.2, 0.0, 0.3}) {
    const FibreState f = m.fibre(th, 0.0);
    const double sin_a = std::sqrt(1.0 - f.cos_pennation * f.cos_pennation);
    EXPECT_NEAR(f.length_m * sin_a, h, 1e-12) << th;  // constant-thickness pennation
    EXPECT_NEAR(f.length_m * f.cos_pennation + p.tendon_slack_length_m, p.mt_length_at_neutral_m + p.moment_arm_m * th,
                1e-12) << th;  // rigid tendon: l_MT = l_ts + l_f cos α
    EXPECT_NEAR(f.length_norm, f.length_m / p.optimal_fibre_length_m, 1e-15);
  }
  // Pennation decreases as the fibre lengthens.
  EXPECT_LT(m.fibre(-0.3, 0.0).cos_pennation, m.fibre(0.3, 0.0).cos_pennation);
  // Beyond full pennation the geometry is clamped, not undefined: the fibre stays at its width.
  const FibreState collapsed = m.fibre(-1.5, -2.0);
  EXPECT_NEAR(collapsed.length_m, h, 1e-9);
  EXPECT_TRUE(std::isfinite(collapsed.velocity_m_s));
  EXPECT_LT(collapsed.cos_pennation, 1e-3);
}

TEST(MusculotendonGeometry, MtLengthForFibreRoundTrips) {
  for (double target : {0.6, 0.75, 1.0, 1.3}) {
    MuscleParams p = test::soleus(target);
    EXPECT_NEAR(Musculotendon(p, HillCurves{}).fibre(0.0, 0.0).length_norm, target, 1e-12) << target;
    p = test::tibialis(target);
    EXPECT_NEAR(Musculotendon(p, HillCurves{}).fibre(0.0, 0.0).length_norm, target, 1e-12) << target;
  }
  // A fibre shorter than its pennated width cannot exist.
  MuscleParams p = test::soleus();
  EXPECT_THROW(mt_length_for_fibre(p, 0.9 * std::sin(p.pennation_at_optimal_rad)), InternalError);
}

TEST(MusculotendonGeometry, FibreVelocityIsTheTimeDerivativeOfFibreLength) {
  for (const MuscleParams& p : {test::soleus(), test::tibialis()}) {
    const Musculotendon m(p, HillCurves{});
    const double A = 0.25, w = 2 * pi * 4.0;
    auto theta = [&](double t) { return A * std::sin(w * t); };
    auto length = [&](double t) { return m.fibre(theta(t), 0.0).length_m; };
    for (double t : {0.0, 0.03, 0.06, 0.11, 0.2}) {
      const double omega = A * w * std::cos(w * t);
      const FibreState f = m.fibre(theta(t), omega);
      const double fd = test::central_difference(length, t, 1e-6);
      EXPECT_NEAR(f.velocity_m_s, fd, 1e-7 + 1e-6 * std::abs(fd)) << p.name << " t=" << t;
      EXPECT_NEAR(f.velocity_norm, f.velocity_m_s / (p.max_velocity_lopt_per_s * p.optimal_fibre_length_m), 1e-15);
    }
  }
}

TEST(MusculotendonGeometry, FibreAccelerationIsTheTimeDerivativeOfFibreVelocity) {
  for (const MuscleParams& p : {test::soleus(), test::tibialis()}) {
    const Musculotendon m(p, HillCurves{});
    const double A = 0.3, w = 2 * pi * 6.0;
    auto theta = [&](double t) { return A * std::sin(w * t); };
    auto omega = [&](double t) { return A * w * std::cos(w * t); };
    auto velocity = [&](double t) { return m.fibre(theta(t), omega(t)).velocity_m_s; };
    for (double t : {0.0, 0.02, 0.04, 0.09, 0.13}) {
      const double alpha = -A * w * w * std::sin(w * t);
      const FibreState f = m.fibre(theta(t), omega(t));
      const double fd = test::central_difference(velocity, t, 1e-6);
      EXPECT_NEAR(m.fibre_acceleration(f, omega(t), alpha), fd, 1e-6 + 1e-6 * std::abs(fd)) << p.name << " t=" << t;
    }
  }
}

// ------------------------------------------------------------------ force and torque

TEST(MusculotendonForce, IsometricMaximalForceAtOptimalLength) {
  const MuscleParams p = test::soleus(1.0);
  const Musculotendon m(p, HillCurves{});
  const FibreState f = m.fibre(0.0, 0.0);
  EXPECT_NEAR(m.fibre_force(1.0, f), p.max_isometric_force_N, 1e-9);
  EXPECT_NEAR(m.fibre_force(0.4, f), 0.4 * p.max_isometric_force_N, 1e-9);
  EXPECT_NEAR(m.fibre_force(0.0, f), 0.0, 1e-9);  // no passive force at l̃ = 1 (up to round-off)
  // Stretched beyond optimal, a passive muscle still pulls.
  EXPECT_GT(m.fibre_force(0.0, m.fibre(0.4, 0.0)), 0.0);
}

TEST(MusculotendonForce, JointTorqueSignFollowsMomentArm) {
  // A plantarflexor (r > 0) pulls the joint toward negative θ, a dorsiflexor (r < 0) toward positive.
  const MuscleParams sol = test::soleus(1.0);
  const Musculotendon m_sol(sol, HillCurves{});
  const FibreState fs = m_sol.fibre(0.0, 0.0);
  const double tau_sol = m_sol.joint_torque(1.0, fs);
  EXPECT_LT(tau_sol, 0.0);
  EXPECT_NEAR(tau_sol, -sol.moment_arm_m * sol.max_isometric_force_N * fs.cos_pennation, 1e-9);
  EXPECT_NEAR(fs.cos_pennation, std::cos(sol.pennation_at_optimal_rad), 1e-12);  // α = α_opt at l_opt

  const Musculotendon m_ta(test::tibialis(), HillCurves{});
  EXPECT_GT(m_ta.joint_torque(1.0, m_ta.fibre(0.0, 0.0)), 0.0);
}

TEST(MusculotendonForce, JointTorqueEqualsMinusFibreForceTimesFibreVelocityRatio) {
  // Virtual work with a rigid tendon: τ ω = −F_f v_f, i.e. τ = −F_f ∂v_f/∂ω.
  const Musculotendon m(test::soleus(), HillCurves{});
  for (double th : {-0.4, 0.0, 0.3}) {
    const FibreState f = m.fibre(th, 1.0);
    const double a = 0.6;
    const FibreState f_static = m.fibre(th, 0.0);
    EXPECT_NEAR(m.joint_torque(a, f_static), -m.fibre_force(a, f_static) * f.velocity_m_s / 1.0, 1e-9) << th;
  }
}

// ------------------------------------------------------------------ activation dynamics

TEST(MusculotendonActivation, FixedPointAtUEqualsA) {
  const Musculotendon m(test::soleus(), HillCurves{});
  for (double a : {0.0, 0.1, 0.5, 0.9, 1.0}) EXPECT_EQ(m.activation_rate(a, a), 0.0) << a;
  EXPECT_GT(m.activation_rate(0.6, 0.5), 0.0);
  EXPECT_LT(m.activation_rate(0.4, 0.5), 0.0);
}

TEST(MusculotendonActivation, LimitingRatesAreTheActivationAndDeactivationTimeConstants) {
  const MuscleParams p = test::soleus();
  const Musculotendon m(p, HillCurves{});
  // Far from equilibrium the tanh blend selects one branch (tanh(10) = 1 − 4e-9).
  EXPECT_NEAR(m.activation_rate(1.0, 0.0), 1.0 / (p.tau_act_s * 0.5), 1e-6);
  EXPECT_NEAR(m.activation_rate(0.0, 1.0), -(0.5 + 1.5) / p.tau_deact_s, 1e-6);
  // Slope at the fixed point is the mean of both branches' rates (the tanh term is multiplied by u − a = 0).
  for (double a : {0.05, 0.3, 0.8}) {
    auto rate = [&](double u) { return m.activation_rate(u, a); };
    const double expected = 0.5 / (p.tau_act_s * (0.5 + 1.5 * a)) + 0.5 * (0.5 + 1.5 * a) / p.tau_deact_s;
    EXPECT_NEAR(test::central_difference(rate, a, 1e-7), expected, 1e-5 * expected) << a;
  }
}

TEST(MusculotendonActivation, RisesFasterThanItFalls) {
  const Musculotendon m(test::soleus(), HillCurves{});
  // Time to cross the half-way point under a step of excitation, RK4 with 0.1 ms steps.
  auto half_time = [&](double u, double a0) {
    double a = a0, t = 0.0;
    const double h = 1e-4;
    while (std::abs(a - a0) < 0.5 && t < 5.0) {
      const double k1 = m.activation_rate(u, a);
      const double k2 = m.activation_rate(u, a + 0.5 * h * k1);
      const double k3 = m.activation_rate(u, a + 0.5 * h * k2);
      const double k4 = m.activation_rate(u, a + h * k3);
      a += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
      t += h;
    }
    return t;
  };
  const double rise = half_time(1.0, 0.0);
  const double fall = half_time(0.0, 1.0);
  EXPECT_LT(rise, fall);
  // Both are of the order of their time constants (tens of ms), not orders of magnitude off.
  EXPECT_GT(rise, 0.002);
  EXPECT_LT(rise, 0.030);
  EXPECT_GT(fall, 0.005);
  EXPECT_LT(fall, 0.100);
  // A step to the same level is approached without overshoot.
  double a = 0.0;
  for (int i = 0; i < 100000; ++i) a += 1e-5 * m.activation_rate(0.3, a);
  EXPECT_LE(a, 0.3);
  EXPECT_NEAR(a, 0.3, 1e-6);
}

TEST(MuscleGeometry, ValidAngleRangeEndsWherePennationReaches75Degrees) {
  for (const MuscleParams& p : {test::soleus(), test::tibialis()}) {
    const Musculotendon m(p, HillCurves{});
    double lo, hi;
    m.valid_angle_range(lo, hi);
    // Exactly one side is bounded: the side that shortens the muscle.
    const double edge = p.moment_arm_m > 0 ? lo : hi;
    EXPECT_TRUE(std::isfinite(edge));
    EXPECT_TRUE(std::isinf(p.moment_arm_m > 0 ? hi : lo));
    const FibreState f = m.fibre(edge, 0.0);
    EXPECT_NEAR(std::acos(f.cos_pennation), Musculotendon::kMaxValidPennation, 1e-9) << p.name;
    // Inside the range pennation is smaller; neutral is inside.
    EXPECT_LT(std::acos(m.fibre(0.0, 0.0).cos_pennation), Musculotendon::kMaxValidPennation);
    EXPECT_NE(edge, 0.0);
  }
}

}  // namespace
}  // namespace nmsim::physiology
