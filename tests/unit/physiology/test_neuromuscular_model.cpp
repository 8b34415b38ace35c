#include "physiology/neuromuscular_model.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "physiology_test_util.hpp"

namespace nmsim::physiology {
namespace {

// Three muscles: two plantarflexors with different loop delays and weights, one dorsiflexor.
//   soleus         r > 0, delay 40 ms, w_h 2e-5
//   gastrocnemius  r > 0, delay 45 ms, w_h 3e-5
//   tibialis       r < 0, delay 40 ms, w_h 1e-5
// Spinal: G = 2, h = 0.3, w_RI = 4e-5, R = 0.5, extra reciprocal delay 1 ms.
MuscleSpec spec(const MuscleParams& m, double delay, double weight) {
  MuscleSpec s;
  s.mechanics = m;
  s.spindle = test::ankle_spindle();
  s.motoneuron.threshold = 0.0008;
  s.motoneuron.gain = 1.0;
  s.motoneuron.time_constant_s = 0.005;
  s.motoneuron.recruitment_sharpness = 2000.0;
  s.reflex.delay_s = delay;
  s.reflex.homonymous_weight_per_hz = weight;
  return s;
}

ModelParams three_muscles() {
  ModelParams p;
  p.name = "test";
  p.joint = test::ankle_joint();
  MuscleParams gas = test::soleus(0.8);
  gas.name = "gastrocnemius";
  gas.optimal_fibre_length_m = 0.055;
  gas.pennation_at_optimal_rad = 0.21;
  gas.tendon_slack_length_m = 0.39;
  gas.mt_length_at_neutral_m = mt_length_for_fibre(gas, 0.8);
  p.muscles = {spec(test::soleus(), 0.040, 2e-5), spec(gas, 0.045, 3e-5), spec(test::tibialis(), 0.040, 1e-5)};
  p.spinal.reflex_gain = 2.0;
  p.spinal.heteronymous_fraction = 0.3;
  p.spinal.reciprocal_weight_per_hz = 4e-5;
  p.spinal.reciprocal_gain = 0.5;
  p.spinal.reciprocal_extra_delay_s = 0.001;
  return p;
}

Protocol rest_protocol(double seconds = 10.0) {
  Phase ph;
  ph.name = "rest";
  ph.duration_s = seconds;
  return Protocol({ph}, 0.0);
}

struct Expected {
  int from, to;
  double weight, delay;
  bool inhibitory;
  double normal;  // the weight at G = R = 1
  // What the pathway adds to its pool when the afferent rate is y: the gains scale only the
  // departure from the resting rate r0 (docs/model.md, "Spinal circuit").
  double input(double y, double r0) const { return normal * r0 + weight * (y - r0); }
};

// The wiring written out by hand from the moment-arm signs (docs/model.md, "Spinal circuit").
std::vector<Expected> expected_wiring(double G = 2.0, double R = 0.5) {
  const double h = 0.3, wri = 4e-5;
  return {
      {0, 0, G * 2e-5, 0.040, false, 2e-5},     {1, 0, G * h * 2e-5, 0.040, false, h * 2e-5}, {2, 0, -R * wri, 0.041, true, -wri},
      {1, 1, G * 3e-5, 0.045, false, 3e-5},     {0, 1, G * h * 3e-5, 0.045, false, h * 3e-5}, {2, 1, -R * wri, 0.046, true, -wri},
      {2, 2, G * 1e-5, 0.040, false, 1e-5},     {0, 2, -R * wri, 0.041, true, -wri},          {1, 2, -R * wri, 0.041, true, -wri},
  };
}

const Pathway* find_pathway(const NeuromuscularModel& m, int from, int to) {
  for (const auto& p : m.pathways())
    if (p.from == from && p.to == to) return &p;
  return nullptr;
}

std::size_t slot_for(const std::vector<double>& delays, double d) {
  for (std::size_t k = 0; k < delays.size(); ++k)
    if (std::abs(delays[k] - d) < 1e-12) return k;
  ADD_FAILURE() << "no delay slot for " << d;
  return 0;
}

// ------------------------------------------------------------------ wiring

TEST(NeuromuscularModel, StateLayout) {
  const NeuromuscularModel m(three_muscles(), rest_protocol());
  EXPECT_EQ(m.state_size(), 8u);
  EXPECT_EQ(m.signal_size(), 3u);
  EXPECT_EQ(m.delayed_input_size(), 3u);
  EXPECT_EQ(m.layout().activation(0), 2u);
  EXPECT_EQ(m.layout().activation(2), 4u);
  EXPECT_EQ(m.layout().excitation(0), 5u);
  EXPECT_EQ(m.layout().excitation(2), 7u);
  EXPECT_EQ(m.muscle_names(), (std::vector<std::string>{"soleus", "gastrocnemius", "tibialis_anterior"}));
}

TEST(NeuromuscularModel, PathwaysAreWiredFromMomentArmSigns) {
  const NeuromuscularModel m(three_muscles(), rest_protocol());
  const auto expected = expected_wiring();
  ASSERT_EQ(m.pathways().size(), expected.size());
  for (const auto& e : expected) {
    const Pathway* p = find_pathway(m, e.from, e.to);
    ASSERT_NE(p, nullptr) << e.from << "->" << e.to;
    EXPECT_NEAR(p->weight, e.weight, 1e-18) << e.from << "->" << e.to;
    EXPECT_NEAR(p->delay_s, e.delay, 1e-12) << e.from << "->" << e.to;
    EXPECT_EQ(p->inhibitory, e.inhibitory) << e.from << "->" << e.to;
    ASSERT_LT(static_cast<std::size_t>(p->delay_slot), m.delays().size());
    EXPECT_NEAR(m.delays()[static_cast<std::size_t>(p->delay_slot)], e.delay, 1e-12);
  }
}

TEST(NeuromuscularModel, DistinctDelaysAreDeduplicated) {
  const NeuromuscularModel m(three_muscles(), rest_protocol());
  std::vector<double> d = m.delays();
  std::sort(d.begin(), d.end());
  ASSERT_EQ(d.size(), 4u);  // 40, 41, 45, 46 ms: nine pathways share four delay lines
  const double want[] = {0.040, 0.041, 0.045, 0.046};
  for (std::size_t k = 0; k < 4; ++k) EXPECT_NEAR(d[k], want[k], 1e-12);
  // Every slot index of a shared delay is the same one.
  EXPECT_EQ(find_pathway(m, 0, 0)->delay_slot, find_pathway(m, 2, 2)->delay_slot);
  EXPECT_EQ(find_pathway(m, 2, 0)->delay_slot, find_pathway(m, 1, 2)->delay_slot);
}

TEST(NeuromuscularModel, ZeroWeightPathwaysAreDropped) {
  ModelParams p = three_muscles();
  p.spinal.reciprocal_weight_per_hz = 0.0;
  p.spinal.heteronymous_fraction = 0.0;
  const NeuromuscularModel m(p, rest_protocol());
  ASSERT_EQ(m.pathways().size(), 3u);  // homonymous only
  for (const auto& pw : m.pathways()) {
    EXPECT_EQ(pw.from, pw.to);
    EXPECT_FALSE(pw.inhibitory);
  }
  EXPECT_EQ(m.delays().size(), 2u);  // no reciprocal delays left
}

TEST(NeuromuscularModel, RejectsEmptyModel) {
  ModelParams p = three_muscles();
  p.muscles.clear();
  EXPECT_THROW(NeuromuscularModel(p, rest_protocol()), InternalError);
}

// ------------------------------------------------------------------ delay lines

TEST(NeuromuscularModel, DelayedInputsAreLinearInDelayedSignalsWithPathwayWeights) {
  const NeuromuscularModel m(three_muscles(), rest_protocol());
  const std::size_t K = m.delays().size(), M = 3;
  core::DelayedSignals y1(K, M), y2(K, M), mix(K, M);
  for (std::size_t k = 0; k < K; ++k) {
    for (std::size_t j = 0; j < M; ++j) {
      y1.slot(k)[j] = 10.0 + 7.0 * static_cast<double>(k) + 3.0 * static_cast<double>(j);
      y2.slot(k)[j] = std::sin(1.0 + static_cast<double>(3 * k + j)) * 40.0;
      mix.slot(k)[j] = 2.0 * y1.slot(k)[j] - 0.5 * y2.slot(k)[j];
    }
  }
  std::vector<double> d1(M), d2(M), dm(M);
  m.delayed_inputs(0.0, y1, d1);
  m.delayed_inputs(0.0, y2, d2);
  m.delayed_inputs(0.0, mix, dm);
  std::vector<double> want(M, 0.0), offset(M, 0.0);
  for (const auto& e : expected_wiring()) {
    const auto j = static_cast<std::size_t>(e.from);
    want[static_cast<std::size_t>(e.to)] += e.input(y1(slot_for(m.delays(), e.delay))[j], m.resting_rates_hz()[j]);
    offset[static_cast<std::size_t>(e.to)] += e.input(0.0, m.resting_rates_hz()[j]);
  }
  for (std::size_t i = 0; i < M; ++i) {
    EXPECT_NEAR(d1[i], want[i], 1e-15) << i;
    // Affine in the signals: linear once the resting-discharge offset is taken off.
    EXPECT_NEAR(dm[i] - offset[i], 2.0 * (d1[i] - offset[i]) - 0.5 * (d2[i] - offset[i]), 1e-15) << i;
  }
}

TEST(NeuromuscularModel, SignalsAreSpindleRatesOfTheCurrentKinematics) {
  const ModelParams p = three_muscles();
  const NeuromuscularModel m(p, rest_protocol());
  std::vector<double> x = {0.02, 0.05, 0.1, 0.2, 0.05, 0.1, 0.2, 0.05}, dx(8, 0.0), r(3), rd(3);
  m.signals(x, dx, r, rd);
  for (std::size_t j = 0; j < 3; ++j) {
    // Independent: the spindle's reference is the fibre length at θ = 0.
    SpindleParams sp = p.muscles[j].spindle;
    const Musculotendon mt(p.muscles[j].mechanics, p.curves);
    sp.reference_fibre_length_m = mt.fibre(0.0, 0.0).length_m;
    const FibreState f = mt.fibre(x[0], x[1]);
    EXPECT_DOUBLE_EQ(r[j], Spindle(sp).rate(f.length_m, f.velocity_m_s)) << j;
    EXPECT_GT(r[j], 0.0) << j;
  }
  // At θ = 0 and rest every ending fires at its baseline.
  std::fill(x.begin(), x.begin() + 2, 0.0);
  m.signals(x, dx, r, rd);
  for (std::size_t j = 0; j < 3; ++j) {
    EXPECT_DOUBLE_EQ(r[j], 10.0) << j;
    EXPECT_DOUBLE_EQ(rd[j], 0.0) << j;
  }
}

TEST(NeuromuscularModel, SignalDerivativeMatchesFiniteDifferenceAlongTheTrajectory) {
  const NeuromuscularModel m(three_muscles(), rest_protocol());
  std::vector<double> x = {0.02, 0.05, 0.3, 0.2, 0.05, 0.4, 0.2, 0.05}, dx(8), r(3), rd(3);
  const std::vector<double> afferent = {0.001, 0.0005, -0.0002};
  m.derivatives(0.5, x, afferent, dx);
  ASSERT_GT(std::abs(dx[1]), 1.0);  // a real angular acceleration, so both terms of y' matter
  m.signals(x, dx, r, rd);
  // y' = (∂y/∂x) x': a central difference of y along the direction x'.
  const double h = 1e-7;
  std::vector<double> xp(8), xm(8), rp(3), rm(3), scratch(3), zero(8, 0.0);
  for (std::size_t i = 0; i < 8; ++i) {
    xp[i] = x[i] + h * dx[i];
    xm[i] = x[i] - h * dx[i];
  }
  m.signals(xp, zero, rp, scratch);
  m.signals(xm, zero, rm, scratch);
  for (std::size_t j = 0; j < 3; ++j) {
    ASSERT_GT(r[j], 0.5) << j;  // away from the rectification kink
    const double fd = (rp[j] - rm[j]) / (2 * h);
    EXPECT_NEAR(rd[j], fd, 1e-5 * std::abs(fd) + 1e-3) << j;
  }
}

// ------------------------------------------------------------------ right-hand side

TEST(NeuromuscularModel, DerivativesAssembleTorquesAndPoolDynamics) {
  const ModelParams p = three_muscles();
  Phase ph;
  ph.name = "push";
  ph.duration_s = 2.0;
  ph.load_torque_Nm = 4.0;
  ph.hand_stiffness_Nm_per_rad = 30.0;
  ph.hand_damping_Nms_per_rad = 0.7;
  ph.target_angle_rad = 0.1;
  ph.descending_drive = {0.01, 0.0, 0.02};
  const NeuromuscularModel m(p, Protocol({ph}, 0.1));
  const std::vector<double> x = {0.05, -0.3, 0.1, 0.2, 0.05, 0.3, 0.01, 0.0};
  const std::vector<double> afferent = {0.0004, 0.0011, -0.0003};
  std::vector<double> dx(8);
  m.derivatives(1.0, x, afferent, dx);

  const Joint joint(p.joint);
  double torque = joint.passive_torque(0.05, -0.3) + joint.gravity_torque(0.05);
  torque += 4.0 + 30.0 * (0.1 - 0.05) + 0.7 * (0.0 + 0.3);  // load + hand
  for (std::size_t i = 0; i < 3; ++i) {
    const Musculotendon mt(p.muscles[i].mechanics, p.curves);
    torque += mt.joint_torque(x[2 + i], mt.fibre(0.05, -0.3));
  }
  EXPECT_DOUBLE_EQ(dx[0], -0.3);
  EXPECT_NEAR(dx[1], torque / p.joint.inertia_kg_m2, 1e-9 * std::abs(dx[1]));
  const double drive[] = {0.01, 0.0, 0.02};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& mn = p.muscles[i].motoneuron;
    const double z = mn.recruitment_sharpness * (drive[i] + afferent[i] - mn.threshold);
    const double target = std::min(1.0, mn.gain * std::log1p(std::exp(z)) / mn.recruitment_sharpness);
    EXPECT_NEAR(dx[5 + i], (target - x[5 + i]) / mn.time_constant_s, 1e-9) << i;
    const Musculotendon mt(p.muscles[i].mechanics, p.curves);
    EXPECT_DOUBLE_EQ(dx[2 + i], mt.activation_rate(x[5 + i], x[2 + i])) << i;
  }

  // The same decomposition through pool_drives: reflex part = target − descending-only target.
  std::vector<PoolDrive> pd(3);
  m.pool_drives(1.0, m.protocol().at(1.0), afferent, pd);
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& mn = p.muscles[i].motoneuron;
    EXPECT_DOUBLE_EQ(pd[i].descending, drive[i] + mn.tonic_drive);
    EXPECT_DOUBLE_EQ(pd[i].afferent, afferent[i]);
    EXPECT_NEAR(pd[i].target, x[5 + i] + mn.time_constant_s * dx[5 + i], 1e-12);
    EXPECT_NEAR(pd[i].reflex_part, pd[i].target - motoneuron_output(mn, drive[i]), 1e-15);
  }
  EXPECT_GT(pd[1].reflex_part, 0.0);  // excitatory afferent input above threshold recruits
}

TEST(NeuromuscularModel, RestingEquilibriumHasZeroDerivatives) {
  // Built so that the equilibrium is known in closed form: at θ = 0, ω = 0 every spindle fires
  // at its baseline r0, so pool i sees I_i = tonic_i + Σ_j w_ij r0, and u_i = a_i = its output.
  // The joint's rest angle is then chosen so the passive joint torque cancels gravity and the
  // muscles' torque at θ = 0.
  ModelParams p = three_muscles();
  p.spinal.reflex_gain = p.spinal.reciprocal_gain = 1.0;  // no resting offsets (covered above)
  p.muscles[0].motoneuron.tonic_drive = 0.03;
  p.muscles[1].motoneuron.tonic_drive = 0.01;
  p.muscles[2].motoneuron.tonic_drive = 0.05;
  const double r0 = 10.0;
  std::vector<double> x(8, 0.0);
  std::vector<double> afferent(3, 0.0);
  for (const auto& e : expected_wiring(1.0, 1.0)) afferent[static_cast<std::size_t>(e.to)] += e.weight * r0;
  double muscle_torque = 0.0;
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& mn = p.muscles[i].motoneuron;
    const double z = mn.recruitment_sharpness * (mn.tonic_drive + afferent[i] - mn.threshold);
    const double u = std::min(1.0, mn.gain * std::log1p(std::exp(z)) / mn.recruitment_sharpness);
    x[2 + i] = x[5 + i] = u;
    // Isometric fibre force F0 a f_L(l̃0) at the neutral length (no passive force below l_opt).
    const MuscleParams& mech = p.muscles[i].mechanics;
    const Musculotendon mt(mech, p.curves);
    const double l = mt.fibre(0.0, 0.0).length_norm;
    ASSERT_LE(l, 1.0 + 1e-12);  // passive force negligible
    const double lf = l * mech.optimal_fibre_length_m;
    const double width = mech.optimal_fibre_length_m * std::sin(mech.pennation_at_optimal_rad);
    const double cos_a = std::sqrt(lf * lf - width * width) / lf;
    muscle_torque += -mech.moment_arm_m * mech.max_isometric_force_N * u *
                     std::exp(-(l - 1) * (l - 1) / p.curves.fl_width) * cos_a;
  }
  const Joint unshifted(p.joint);  // rest angle 0
  p.joint.rest_angle_rad =
      -(unshifted.passive_torque(0.0, 0.0) + unshifted.gravity_torque(0.0) + muscle_torque) / p.joint.stiffness_Nm_per_rad;

  const NeuromuscularModel m(p, rest_protocol());
  // Feed the delay lines the constant resting signals, as the integrator's history would.
  std::vector<double> y(3), ydot(3), dx(8, 0.0);
  m.signals(x, dx, y, ydot);
  core::DelayedSignals delayed(m.delays().size(), 3);
  for (std::size_t k = 0; k < m.delays().size(); ++k) std::copy(y.begin(), y.end(), delayed.slot(k).begin());
  std::vector<double> d(3);
  m.delayed_inputs(0.0, delayed, d);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(d[i], afferent[i], 1e-15) << i;
  m.derivatives(0.0, x, d, dx);
  EXPECT_EQ(dx[0], 0.0);
  EXPECT_NEAR(dx[1], 0.0, 1e-9);
  for (std::size_t i = 2; i < 8; ++i) EXPECT_NEAR(dx[i], 0.0, 1e-9) << i;
  // A non-trivial equilibrium: the pools are active and the muscles carry load.
  for (std::size_t i = 0; i < 3; ++i) EXPECT_GT(x[5 + i], 0.005) << i;
  EXPECT_GT(std::abs(muscle_torque), 1.0);

  // Perturbing the angle breaks it (the test is not vacuous).
  x[0] = 0.01;
  m.derivatives(0.0, x, d, dx);
  EXPECT_LT(dx[1], -1.0);
}

TEST(NeuromuscularModel, ObserveReadsTheSignalHistoryAtEachDelay) {
  const ModelParams p = three_muscles();
  const NeuromuscularModel m(p, rest_protocol());
  const double t = 0.1;
  const std::vector<double> x = {0.03, 0.2, 0.1, 0.05, 0.02, 0.1, 0.05, 0.02};
  std::vector<double> dx(8), none(3, 0.0), r(3), rd(3);
  m.derivatives(t, x, none, dx);
  m.signals(x, dx, r, rd);
  // Linear signal histories y_j(τ) = c_j + s_j τ (cubic Hermite reproduces them exactly), ending
  // at time t on the signals of the current state, as an integrator's history would.
  const double s[] = {30.0, -20.0, 5.0};
  double c[3];
  for (std::size_t j = 0; j < 3; ++j) c[j] = r[j] - s[j] * t;
  core::DelayHistory hist(3, 0.1);
  for (int i = 0; i <= 100; ++i) {
    const double ti = 0.001 * i;
    const std::vector<double> y = {c[0] + s[0] * ti, c[1] + s[1] * ti, c[2] + s[2] * ti};
    hist.push(ti, y, std::vector<double>(s, s + 3));
  }
  core::DelayedSignals scratch(m.delays().size(), 3);
  Observation obs;
  m.observe(t, x, dx, hist, scratch, obs);

  std::vector<double> want(3, 0.0);
  for (const auto& e : expected_wiring()) {
    const auto j = static_cast<std::size_t>(e.from);
    want[static_cast<std::size_t>(e.to)] += e.input(c[j] + s[j] * (t - e.delay), m.resting_rates_hz()[j]);
  }
  for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(obs.drive[i].afferent, want[i], 1e-12) << i;
  EXPECT_DOUBLE_EQ(obs.theta, 0.03);
  EXPECT_DOUBLE_EQ(obs.alpha, dx[1]);
  double sum = 0.0;
  for (std::size_t i = 0; i < 3; ++i) sum += m.muscles()[i].joint_torque(obs.activation[i], m.muscles()[i].fibre(x[0], x[1]));
  EXPECT_NEAR(obs.muscle_torque, sum, 1e-12);
  // Newton: I α = muscles + passive (incl. gravity) + external.
  const double passive = m.joint().passive_torque(x[0], x[1]) + m.joint().gravity_torque(x[0]);
  EXPECT_NEAR(p.joint.inertia_kg_m2 * obs.alpha, obs.muscle_torque + passive + obs.external_torque, 1e-9);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(obs.spindle_rate[i], r[i], 1e-9) << i;
}

}  // namespace
}  // namespace nmsim::physiology
