#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numbers>
#include <vector>

#include "signals/emg.hpp"
#include "signals_test_util.hpp"

namespace nmsim::signals {
namespace {

using test::constant;
using test::firing_stream;
using test::noise_stream;
using test::pool_stream;
using test::rms;

TEST(Instrumentation, RestIsNoiseOfTheRequestedRms) {
  const MotorUnitPool pool(MotorUnitPoolParams{}, pool_stream());
  for (const double fs : {1000.0, 2000.0, 10000.0}) {
    EmgParams p;
    p.rate_hz = fs;
    p.noise_rms_v = 3e-6;
    RandomStream firing = firing_stream();
    RandomStream noise = noise_stream();
    std::vector<Spike> spikes;
    const auto emg = simulate_emg(pool, constant(0.0, 30.0, fs), p, firing, noise, &spikes);
    EXPECT_TRUE(spikes.empty());
    const auto n = static_cast<double>(emg.size());
    // RMS of N Gaussian samples has relative SE 1/√(2N) ≤ 0.3 %.
    EXPECT_NEAR(rms(emg), p.noise_rms_v, 4.0 / std::sqrt(2.0 * n) * p.noise_rms_v);
    double sum = 0.0;
    for (const float v : emg) sum += v;
    EXPECT_NEAR(sum / n, 0.0, 4.0 * p.noise_rms_v / std::sqrt(n));
    // White: lag-1 autocorrelation ~ 0.
    double c1 = 0.0;
    for (std::size_t k = 1; k < emg.size(); ++k) c1 += static_cast<double>(emg[k]) * emg[k - 1];
    EXPECT_NEAR(c1 / n / (p.noise_rms_v * p.noise_rms_v), 0.0, 4.0 / std::sqrt(n));
  }
}

TEST(Instrumentation, NoNoiseAndNoFilterIsIdentity) {
  EmgParams p;
  p.noise_rms_v = 0.0;
  p.highpass_hz = 0.0;
  const std::vector<float> x = {1.0f, -2.0f, 3.5f, 0.0f};
  RandomStream noise = noise_stream();
  EXPECT_EQ(add_instrumentation(x, p, noise), x);
}

double gain_at(double f_hz, double fs, double corner) {
  EmgParams p;
  p.rate_hz = fs;
  p.noise_rms_v = 0.0;
  p.highpass_hz = corner;
  const auto n = static_cast<std::size_t>(10.0 * fs);
  std::vector<float> x(n);
  for (std::size_t k = 0; k < n; ++k) {
    x[k] = static_cast<float>(1e-3 * std::sin(2.0 * std::numbers::pi * f_hz * static_cast<double>(k) / fs));
  }
  RandomStream noise = noise_stream();
  const auto y = add_instrumentation(x, p, noise);
  const auto settle = static_cast<std::size_t>(2.0 * fs);  // skip the filter's start-up transient
  return rms(y, settle) / rms(x, settle);
}

TEST(Instrumentation, FirstOrderHighPass) {
  for (const double fs : {1000.0, 2000.0, 10000.0}) {
    EXPECT_NEAR(gain_at(10.0, fs, 10.0), 1.0 / std::sqrt(2.0), 0.005) << fs;  // exact -3 dB corner
    EXPECT_NEAR(gain_at(100.0, fs, 10.0), 100.0 / std::hypot(100.0, 10.0), 0.005) << fs;
    EXPECT_NEAR(gain_at(1.0, fs, 10.0), 1.0 / std::hypot(1.0, 10.0), 0.01) << fs;
  }
  // A DC offset (electrode polarisation) decays away.
  EmgParams p;
  p.noise_rms_v = 0.0;
  std::vector<float> dc(4000, 1e-3f);
  RandomStream noise = noise_stream();
  const auto y = add_instrumentation(dc, p, noise);
  EXPECT_NEAR(y[0], 1e-3, 1e-4);
  EXPECT_LT(std::abs(y.back()), 1e-9);
}

TEST(Instrumentation, StrongContractionPlusNoise) {
  const MotorUnitPool pool(MotorUnitPoolParams{}, pool_stream());
  EmgParams p;
  RandomStream f1 = firing_stream(), f2 = firing_stream();
  RandomStream n1 = noise_stream(), n2 = noise_stream(), n3 = noise_stream(8);
  const auto u = constant(0.8, 5.0, p.rate_hz);
  const auto a = simulate_emg(pool, u, p, f1, n1);
  const auto b = simulate_emg(pool, u, p, f2, n2);
  EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)), 0);
  RandomStream f3 = firing_stream();
  const auto c = simulate_emg(pool, u, p, f3, n3);
  EXPECT_NE(std::memcmp(a.data(), c.data(), a.size() * sizeof(float)), 0);
  // Signal-to-noise at strong contraction is large; the high-pass barely changes the RMS.
  EXPECT_GT(rms(a, 1000), 100.0 * p.noise_rms_v);
  RandomStream f4 = firing_stream();
  EXPECT_NEAR(rms(a, 1000) / rms(pool.synthesize(u, p.rate_hz, f4), 1000), 1.0, 0.03);
}

}  // namespace
}  // namespace nmsim::signals
