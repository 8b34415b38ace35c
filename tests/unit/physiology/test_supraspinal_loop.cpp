// The supraspinal loop: healthy action selection, the twin, and the smooth noise input.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/smooth_noise.hpp"
#include "physiology/supraspinal_loop.hpp"

namespace nmsim::physiology {
namespace {

SupraspinalParams two_channels() {
  SupraspinalParams p;
  p.enabled = true;
  p.channels = {{"flexion", {0}, 1.0}, {"extension", {1}, 1.0}};
  p.thalamocortical.noise.sd = 0.0;
  return p;
}

// Settles the loop (forward Euler, 0.5 ms) for `seconds` under one phase with `command`.
std::vector<double> settle(const SupraspinalParams& p, std::vector<double> command, double seconds = 2.0) {
  Phase ph;
  ph.duration_s = seconds;
  ph.command = std::move(command);
  const SupraspinalLoop loop(p, {ph});
  std::vector<double> x(loop.state_size(), 0.0), dx(x.size());
  const std::vector<double> ll(loop.channels(), 0.0);
  for (double t = 0.0; t < seconds; t += 5e-4) {
    loop.derivatives(t, 0, x.data(), ll.data(), dx.data());
    for (std::size_t k = 0; k < x.size(); ++k) x[k] += 5e-4 * dx[k];
  }
  return x;
}

double cortex(const SupraspinalParams& p, const std::vector<double>& x, SupraspinalLoop::Circuit c, std::size_t ch) {
  const SupraspinalLoop loop(p, {Phase{}});
  return loop.output(x.data(), c, ch, SupraspinalLoop::kCortex);
}

TEST(SupraspinalLoop, HealthyLoopIsSilentAtRestAndSelectsTheCommandedChannel) {
  const auto p = two_channels();
  const auto rest = settle(p, {0.0, 0.0});
  EXPECT_LT(cortex(p, rest, SupraspinalLoop::kPatient, 0), 1e-3);
  const auto task = settle(p, {0.5, 0.0});
  const SupraspinalLoop loop(p, {Phase{}});
  const double gpi_selected = loop.output(task.data(), SupraspinalLoop::kPatient, 0, kGpi);
  const double gpi_other = loop.output(task.data(), SupraspinalLoop::kPatient, 1, kGpi);
  EXPECT_LT(gpi_selected, 0.5 * gpi_other);  // disinhibition of the selected channel only
  EXPECT_GT(cortex(p, task, SupraspinalLoop::kPatient, 0), 0.3);
  EXPECT_LT(cortex(p, task, SupraspinalLoop::kPatient, 1), 0.05);
}

TEST(SupraspinalLoop, TwinMatchesPatientWhenHealthyAndStaysHealthyWhenNot) {
  auto p = two_channels();
  auto x = settle(p, {0.0, 0.0});
  EXPECT_EQ(cortex(p, x, SupraspinalLoop::kPatient, 1), cortex(p, x, SupraspinalLoop::kHealthyTwin, 1));
  p.channels[1].gpi_efficacy = 0.1;
  x = settle(p, {0.0, 0.0});
  EXPECT_GT(cortex(p, x, SupraspinalLoop::kPatient, 1), 0.1);       // involuntary activity at rest
  EXPECT_LT(cortex(p, x, SupraspinalLoop::kHealthyTwin, 1), 1e-3);  // the twin stays quiet
}

TEST(SupraspinalLoop, PathologyIsConfinedToItsTasks) {
  auto p = two_channels();
  p.channels[1].gpi_efficacy = 0.1;
  p.pathological_tasks = {"writing"};
  Phase rest, writing;
  rest.task = "rest";
  writing.task = "writing";
  const SupraspinalLoop loop(p, {rest, writing});
  EXPECT_FALSE(loop.pathology_expressed(0));
  EXPECT_TRUE(loop.pathology_expressed(1));
}

TEST(SmoothNoise, StationaryDeterministicAndSmooth) {
  const core::SmoothNoiseParams p{0.2, 0.1, 0.005};
  const core::SmoothNoise a(p, 200.0, RandomStream(1, 2, RngPurpose::SupraspinalNoise, 0));
  const core::SmoothNoise b(p, 200.0, RandomStream(1, 2, RngPurpose::SupraspinalNoise, 0));
  double sum = 0.0, sum2 = 0.0;
  const int n = 200000;
  for (int k = 0; k < n; ++k) {
    const double t = k * 1e-3;
    ASSERT_EQ(a(t), b(t));
    sum += a(t);
    sum2 += a(t) * a(t);
  }
  const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
  EXPECT_NEAR(sd, 0.2, 0.03);  // 200 s ≈ 1000 correlation times
  EXPECT_LT(std::abs(mean), 0.03);
  // C¹ across grid nodes: value and slope agree on both sides of each node.
  for (int node = 1; node < 1000; ++node) {
    const double t = node * p.spacing_s, e = 1e-7;
    EXPECT_NEAR(a(t - e), a(t + e), 1e-5);
    EXPECT_NEAR((a(t - e) - a(t - 2 * e)) / e, (a(t + 2 * e) - a(t + e)) / e, 2e-2 * (1.0 + std::abs((a(t + e) - a(t - e)) / (2 * e))));
  }
  EXPECT_EQ(core::SmoothNoise()(3.0), 0.0);
}

}  // namespace
}  // namespace nmsim::physiology
