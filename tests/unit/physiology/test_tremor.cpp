// The tremor generators' schedule (physiology/tremor.hpp): episodes from the phases a kind is
// active in, the gate, the oscillator's frequency, the alternation and the broadband drive.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "physiology/tremor.hpp"

namespace nmsim::physiology {
namespace {

// rest 0-4 s, posture 4-7 s (voluntary), rest 7-12 s.
std::vector<TremorPhase> rest_posture_rest() {
  return {{0.0, 4.0, "rest", false}, {4.0, 7.0, "posture", true}, {7.0, 12.0, "rest", false}};
}

TremorGenerator oscillator(TremorActivity active_in, bool alternating) {
  TremorGenerator g;
  g.name = "t";
  g.kind = TremorKind::Parkinsonian;
  g.muscles = {0, 1};
  g.opposed = {false, true};
  g.alternating = alternating;
  g.active_in = active_in;
  g.frequency_hz = 5.0;
  g.amplitude = 0.1;
  g.ramp_s = 0.4;
  g.onset_latency_s = core::Distribution::constant(1.5);
  return g;
}

TEST(TremorSchedule, RestTremorStopsWithMovementAndReturnsAfterItsLatency) {
  const TremorSchedule s({oscillator(TremorActivity::Rest, true)}, rest_posture_rest(), 2, 7, 0);
  ASSERT_EQ(s.episodes().size(), 2u);
  // Running at t = 0 (no ramp, no latency), half-gate where the posture starts.
  EXPECT_DOUBLE_EQ(s.episodes()[0].start_s, 0.0);
  EXPECT_DOUBLE_EQ(s.episodes()[0].stop_s, 4.0);
  // Back 1.5 s after the posture ends, half-gate after r/2, running to the trial's end.
  EXPECT_DOUBLE_EQ(s.episodes()[1].start_s, 7.0 + 1.5 + 0.2);
  EXPECT_DOUBLE_EQ(s.episodes()[1].stop_s, 12.0);
  EXPECT_DOUBLE_EQ(s.gate(0, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(s.gate(0, 3.8), 1.0);
  EXPECT_NEAR(s.gate(0, 4.0), 0.5, 1e-12);
  for (const double t : {4.2, 5.0, 6.9, 8.0, 8.49}) {
    EXPECT_EQ(s.gate(0, t), 0.0) << t;
    EXPECT_EQ(s.drive(t, 0), 0.0) << t;
  }
  EXPECT_DOUBLE_EQ(s.gate(0, 11.99), 1.0);
}

TEST(TremorSchedule, ActionTremorFollowsTheVoluntaryPhases) {
  TremorGenerator g = oscillator(TremorActivity::Action, false);
  g.onset_latency_s = core::Distribution::constant(0.0);
  const TremorSchedule s({g}, rest_posture_rest(), 2, 7, 0);
  ASSERT_EQ(s.episodes().size(), 1u);
  EXPECT_DOUBLE_EQ(s.episodes()[0].start_s, 4.2);
  EXPECT_DOUBLE_EQ(s.episodes()[0].stop_s, 7.0);
  // A movement that resumes before the latency is over leaves no episode.
  g.onset_latency_s = core::Distribution::constant(3.5);
  EXPECT_TRUE(TremorSchedule({g}, rest_posture_rest(), 2, 7, 0).episodes().empty());
}

// A steady oscillator: the episode's frequency is f₀, and the drive's bursts recur at 1/f₀;
// alternating muscles peak half a period apart, synchronous ones together.
TEST(TremorSchedule, BurstsRecurAtTheFrequencyAndAlternateWhenAsked) {
  for (const bool alternating : {true, false}) {
    const TremorSchedule s({oscillator(TremorActivity::Always, alternating)}, rest_posture_rest(), 2, 3, 1);
    ASSERT_EQ(s.episodes().size(), 1u);
    EXPECT_NEAR(s.episodes()[0].frequency_hz, 5.0, 1e-9);
    // Correlate the two muscles' drive over whole periods.
    double xy = 0, xx = 0, yy = 0, mx = 0, my = 0;
    const int n = 10000;
    for (int k = 0; k < n; ++k) {
      const double t = 1.0 + 2.0 * k / n;
      mx += s.drive(t, 0) / n;
      my += s.drive(t, 1) / n;
    }
    for (int k = 0; k < n; ++k) {
      const double t = 1.0 + 2.0 * k / n, x = s.drive(t, 0) - mx, y = s.drive(t, 1) - my;
      xy += x * y, xx += x * x, yy += y * y;
    }
    const double r = xy / std::sqrt(xx * yy);
    // With p = 2 and c = cos φ: x = (1 + c)²/4, y = (1 − c)²/4, whose correlation over whole
    // periods is (Var c² − 4 Var c) / (Var c² + 4 Var c) = (1/8 − 2) / (1/8 + 2) = −15/17.
    EXPECT_NEAR(r, alternating ? -15.0 / 17.0 : 1.0, 2e-3);
    // Peak drive a·w·((1 + 1)/2)^p = a when the bursts are at their crest.
    double peak = 0;
    for (int k = 0; k < n; ++k) peak = std::max(peak, s.drive(1.0 + 2.0 * k / n, 0));
    EXPECT_NEAR(peak, 0.1, 1e-3);
  }
}

TEST(TremorSchedule, FrequencyWandersAroundItsMeanWithTheRequestedSpread) {
  TremorGenerator g = oscillator(TremorActivity::Always, false);
  g.frequency_sd_hz = 0.4;
  g.frequency_correlation_s = 0.5;
  const std::vector<TremorPhase> long_rest{{0.0, 400.0, "rest", false}};
  const TremorSchedule s({g}, long_rest, 2, 11, 0);
  // Mean frequency over 1 s windows: spread near σ_f (reduced a little by the averaging, whose
  // variance factor for an OU of τ = 0.5 s over T = 1 s is 2τ/T (1 − τ/T (1 − e^{−T/τ})) ≈ 0.57).
  double sum = 0, sum2 = 0;
  const int windows = 399;
  for (int w = 0; w < windows; ++w) {
    const double f = (s.phase(0, w + 1.0) - s.phase(0, w)) / (2 * std::numbers::pi);
    sum += f, sum2 += f * f;
  }
  const double mean = sum / windows, sd = std::sqrt(sum2 / windows - mean * mean);
  EXPECT_NEAR(mean, 5.0, 0.1);
  EXPECT_NEAR(sd, 0.4 * std::sqrt(0.57), 0.08);
}

TEST(TremorSchedule, BroadbandDriveHasItsSdAndIsIndependentPerMuscle) {
  TremorGenerator g = oscillator(TremorActivity::Always, false);
  g.amplitude = 0.0;
  g.broadband_sd = 0.01;
  const std::vector<TremorPhase> long_rest{{0.0, 200.0, "rest", false}};
  const TremorSchedule s({g}, long_rest, 2, 5, 0);
  double a2 = 0, b2 = 0, ab = 0;
  const int n = 200000;
  for (int k = 0; k < n; ++k) {
    const double t = 0.5 + 199.0 * k / n, a = s.drive(t, 0), b = s.drive(t, 1);
    a2 += a * a, b2 += b * b, ab += a * b;
  }
  EXPECT_NEAR(std::sqrt(a2 / n), 0.01, 0.001);
  EXPECT_NEAR(std::sqrt(b2 / n), 0.01, 0.001);
  EXPECT_LT(std::abs(ab / std::sqrt(a2 * b2)), 0.05);
}

TEST(TremorSchedule, SameSeedAndTrialGiveTheSameDrive) {
  const auto g = oscillator(TremorActivity::Always, true);
  const TremorSchedule a({g}, rest_posture_rest(), 2, 9, 4), b({g}, rest_posture_rest(), 2, 9, 4),
      c({g}, rest_posture_rest(), 2, 9, 5);
  EXPECT_EQ(a.drive(2.345, 1), b.drive(2.345, 1));
  EXPECT_NE(a.drive(2.345, 1), c.drive(2.345, 1));
}

}  // namespace
}  // namespace nmsim::physiology
