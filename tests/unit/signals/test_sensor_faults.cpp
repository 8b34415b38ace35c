// The inertial sensor's faults (signals/sensor_faults.hpp): misaligned axes, drifting biases
// at their SD, and saturation that holds exactly the samples beyond the range, run by run.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "signals/sensor_faults.hpp"

namespace nmsim::signals {
namespace {

constexpr double kRate = 1000.0;

TEST(SensorFaults, MisalignmentRotatesTheAccelerometerAxes) {
  std::vector<float> acc(2 * 100), gyro(100, 0.5f);
  for (std::size_t k = 0; k < 100; ++k) acc[2 * k + 1] = 9.81f;  // gravity along the normal axis
  SensorFaultParams p;
  p.misalignment_rad = 0.1;
  EXPECT_TRUE(apply_sensor_faults(acc, gyro, kRate, p, 1, 0).empty());
  EXPECT_NEAR(acc[0], -9.81 * std::sin(0.1), 1e-5);
  EXPECT_NEAR(acc[1], 9.81 * std::cos(0.1), 1e-5);
  EXPECT_EQ(gyro[50], 0.5f);  // no gyro bias asked for
}

TEST(SensorFaults, BiasesDriftAtTheirSdIndependentlyPerAxis) {
  const std::size_t n = 400 * static_cast<std::size_t>(kRate);
  std::vector<float> acc(2 * n, 0.0f), gyro(n, 0.0f);
  SensorFaultParams p;
  p.accelerometer_bias_m_s2 = 0.2;
  p.gyro_bias_rad_s = 0.01;
  p.bias_time_s = 2.0;
  apply_sensor_faults(acc, gyro, kRate, p, 3, 0);
  double a0 = 0, a1 = 0, a01 = 0, g = 0;
  for (std::size_t k = 0; k < n; ++k) {
    a0 += acc[2 * k] * acc[2 * k], a1 += acc[2 * k + 1] * acc[2 * k + 1], a01 += acc[2 * k] * acc[2 * k + 1];
    g += gyro[k] * gyro[k];
  }
  // 400 s holds ~100 independent 2τ stretches: the SD is known to ~10 %.
  const auto N = static_cast<double>(n);
  EXPECT_NEAR(std::sqrt(a0 / N), 0.2, 0.03);
  EXPECT_NEAR(std::sqrt(a1 / N), 0.2, 0.03);
  EXPECT_NEAR(std::sqrt(g / N), 0.01, 0.0015);
  EXPECT_LT(std::abs(a01 / std::sqrt(a0 * a1)), 0.25);
}

TEST(SensorFaults, SaturationHoldsExactlyTheSamplesBeyondTheRange) {
  const std::size_t n = 2000;  // 2 s of a 3 Hz swing of ±20 m/s² on the axial axis
  std::vector<float> acc(2 * n, 0.0f), gyro(n, 0.0f), before;
  for (std::size_t k = 0; k < n; ++k) acc[2 * k] = static_cast<float>(20.0 * std::sin(2 * std::numbers::pi * 3.0 * static_cast<double>(k) / kRate));
  before = acc;
  SensorFaultParams p;
  p.accelerometer_range_m_s2 = 15.0;
  const auto runs = apply_sensor_faults(acc, gyro, kRate, p, 1, 0);
  ASSERT_EQ(runs.size(), 12u);  // one run per half-cycle: 6 cycles in 2 s
  std::size_t held = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const bool beyond = std::abs(before[2 * k]) >= 15.0f;
    EXPECT_EQ(acc[2 * k], beyond ? std::copysign(15.0f, before[2 * k]) : before[2 * k]) << k;
    held += beyond;
    const double t = static_cast<double>(k) / kRate;
    bool inside = false;
    for (const auto& r : runs) inside = inside || (!r.gyro && r.channel == 0 && t >= r.start_s - 1e-9 && t <= r.stop_s + 1e-9);
    EXPECT_EQ(inside, beyond) << k;
  }
  EXPECT_GT(held, 0u);
}

}  // namespace
}  // namespace nmsim::signals
