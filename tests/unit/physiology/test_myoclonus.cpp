// Myoclonus schedules: timing statistics, stimulus responses, gating, conduction offsets and
// volley shape, all from the generator definitions alone.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "physiology/myoclonus.hpp"

namespace nmsim::physiology {
namespace {

core::Distribution fixed(double v) { return core::Distribution::constant(v); }

MyoclonusGenerator generator(MyoclonusOrigin o) {
  MyoclonusGenerator g;
  g.origin = o;
  g.muscles = {0, 1, 2};
  g.amplitude = fixed(0.3);
  g.duration_s = fixed(0.03);
  g.spread_velocity_m_s = 5.0;
  return g;
}

MyoclonusSchedule schedule(const std::vector<MyoclonusGenerator>& g, double duration, const std::vector<Stimulus>& stimuli = {},
                           const std::vector<std::string>& tasks = {"rest"}, std::vector<double> starts = {}) {
  if (starts.empty()) starts = {0.0, duration};
  return MyoclonusSchedule(g, {0.10, 0.20, 0.30}, tasks, starts, stimuli, 7, 3);
}

TEST(MyoclonusSchedule, PoissonRateAndRefractoryPeriod) {
  auto g = generator(MyoclonusOrigin::Cortical);
  g.process = MyoclonusGenerator::Process::poisson;
  g.rate_hz = 2.0;
  g.refractory_s = 0.1;
  const auto s = schedule({g}, 2000.0);
  const auto& j = s.jerks();
  EXPECT_NEAR(static_cast<double>(j.size()) / 2000.0, 2.0, 0.1);
  double shortest = INFINITY;
  for (std::size_t k = 1; k < j.size(); ++k) shortest = std::min(shortest, j[k].time_s - j[k - 1].time_s);
  EXPECT_GE(shortest, 0.1);
}

TEST(MyoclonusSchedule, RhythmicFrequencyAndJitter) {
  auto g = generator(MyoclonusOrigin::Segmental);
  g.process = MyoclonusGenerator::Process::rhythmic;
  g.frequency_hz = 2.0;
  g.jitter_s = 0.05;
  const auto s = schedule({g}, 1000.0);
  std::vector<double> iv;
  for (std::size_t k = 1; k < s.jerks().size(); ++k) iv.push_back(s.jerks()[k].time_s - s.jerks()[k - 1].time_s);
  const double mean = std::accumulate(iv.begin(), iv.end(), 0.0) / static_cast<double>(iv.size());
  double var = 0;
  for (const double v : iv) var += (v - mean) * (v - mean) / static_cast<double>(iv.size());
  EXPECT_NEAR(mean, 0.5, 0.005);
  EXPECT_NEAR(std::sqrt(var), 0.05, 0.005);
}

TEST(MyoclonusSchedule, StimulusResponsesFollowProbabilityAndLatency) {
  auto g = generator(MyoclonusOrigin::Cortical);
  StimulusResponse r;
  r.stimulus = "tap";
  r.probability = 0.7;
  r.latency_s.kind = core::Distribution::Kind::normal;
  r.latency_s.center = 0.045;
  r.latency_s.scale = 0.004;
  r.latency_s.lo = 0.03;
  r.latency_s.hi = 0.06;
  r.latency_s.finish_truncation();
  g.responses = {r};
  std::vector<Stimulus> stimuli;
  for (int i = 0; i < 2000; ++i) stimuli.push_back({0.5 * i, i % 2 ? "tap" : "sound"});
  const auto s = schedule({g}, 1001.0, stimuli);
  double sum = 0;
  for (const auto& j : s.jerks()) {
    ASSERT_GE(j.stimulus, 0);
    EXPECT_EQ(stimuli[static_cast<std::size_t>(j.stimulus)].type, "tap");
    const double lat = j.time_s - stimuli[static_cast<std::size_t>(j.stimulus)].time_s;
    EXPECT_GE(lat, 0.03);
    EXPECT_LE(lat, 0.06);
    sum += lat;
  }
  EXPECT_NEAR(static_cast<double>(s.jerks().size()) / 1000.0, 0.7, 0.04);
  EXPECT_NEAR(sum / static_cast<double>(s.jerks().size()), 0.045, 0.0005);
}

TEST(MyoclonusSchedule, TaskGateKeepsJerksInListedPhases) {
  auto g = generator(MyoclonusOrigin::Cortical);
  g.process = MyoclonusGenerator::Process::poisson;
  g.rate_hz = 5.0;
  g.tasks = {"reach"};
  const auto s = schedule({g}, 30.0, {}, {"rest", "reach", "rest"}, {0.0, 10.0, 20.0, 30.0});
  ASSERT_FALSE(s.jerks().empty());
  for (const auto& j : s.jerks()) {
    EXPECT_GE(j.time_s, 10.0);
    EXPECT_LT(j.time_s, 20.0);
  }
}

TEST(MyoclonusSchedule, OnsetOffsetsPerOrigin) {
  StimulusResponse r;
  r.stimulus = "tap";
  r.latency_s = fixed(0.05);
  const std::vector<Stimulus> tap = {{1.0, "tap"}};
  const auto onsets = [&](MyoclonusGenerator g) {
    g.responses = {r};
    const auto s = schedule({g}, 3.0, tap);
    std::vector<double> start(3, NAN);
    for (const auto& v : s.volleys()) start[v.muscle] = v.start_s;
    return start;
  };
  const auto cortical = onsets(generator(MyoclonusOrigin::Cortical));
  EXPECT_DOUBLE_EQ(cortical[0], 1.05);
  EXPECT_DOUBLE_EQ(cortical[2], 1.05);  // agonist and antagonist together
  const auto subcortical = onsets(generator(MyoclonusOrigin::Subcortical));
  EXPECT_NEAR(subcortical[0], 1.05, 1e-12);        // highest pool first
  EXPECT_NEAR(subcortical[2], 1.05 + 0.04, 1e-12);  // 0.2 m lower at 5 m/s
  auto pg = generator(MyoclonusOrigin::Propriospinal);
  pg.origin_position_m = 0.2;
  const auto proprio = onsets(pg);
  EXPECT_NEAR(proprio[1], 1.05, 1e-12);  // the generator's own segment
  EXPECT_NEAR(proprio[0], 1.07, 1e-12);  // 0.1 m up and down at 5 m/s
  EXPECT_NEAR(proprio[2], 1.07, 1e-12);
}

TEST(MyoclonusSchedule, VolleyShapeSignAndSum) {
  auto g = generator(MyoclonusOrigin::Negative);
  g.duration_s = fixed(0.2);
  StimulusResponse r;
  r.stimulus = "tap";
  r.latency_s = fixed(0.05);
  g.responses = {r};
  const auto s = schedule({g}, 3.0, {{1.0, "tap"}});
  EXPECT_EQ(s.drive(1.049, 0), 0.0);
  EXPECT_DOUBLE_EQ(s.drive(1.15, 0), -0.3);  // flat top, inhibitory
  EXPECT_EQ(s.drive(1.251, 0), 0.0);
  // Smooth ramps: C¹ at the start (slope 0) and monotone up to the flat top.
  EXPECT_LT(std::abs(s.drive(1.0501, 0)), 1e-3);
  double prev = 0;
  for (double t = 1.05; t <= 1.055; t += 0.0005) {
    EXPECT_LE(s.drive(t, 0), prev + 1e-15);
    prev = s.drive(t, 0);
  }
}

TEST(MyoclonusSchedule, CorticalVolleysAreGroupedAtTheVolleyFrequency) {
  auto g = generator(MyoclonusOrigin::Cortical);
  g.duration_s = fixed(0.05);
  g.volley_frequency_hz = 50.0;
  g.volley_depth = 0.6;
  StimulusResponse r;
  r.stimulus = "tap";
  r.latency_s = fixed(0.05);
  g.responses = {r};
  const auto s = schedule({g}, 3.0, {{1.0, "tap"}});
  EXPECT_NEAR(s.drive(1.05 + 0.02, 0), 0.3, 1e-9);        // sin²(π·50·0.02) = 0: full
  EXPECT_NEAR(s.drive(1.05 + 0.03, 0), 0.3 * 0.4, 1e-9);  // half a cycle later: 1 − depth
}

TEST(MyoclonusSchedule, DeterministicPerSeedAndTrial) {
  auto g = generator(MyoclonusOrigin::Cortical);
  g.process = MyoclonusGenerator::Process::poisson;
  g.rate_hz = 1.0;
  g.amplitude.kind = core::Distribution::Kind::uniform;
  g.amplitude.lo = 0.1;
  g.amplitude.hi = 0.5;
  const auto a = schedule({g}, 100.0), b = schedule({g}, 100.0);
  ASSERT_EQ(a.jerks().size(), b.jerks().size());
  for (std::size_t k = 0; k < a.jerks().size(); ++k) {
    EXPECT_EQ(a.jerks()[k].time_s, b.jerks()[k].time_s);
    EXPECT_EQ(a.jerks()[k].amplitude, b.jerks()[k].amplitude);
  }
}

}  // namespace
}  // namespace nmsim::physiology
