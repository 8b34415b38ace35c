#pragma once
// What a cheap inertial sensor does to the kinematics (docs/model.md, "Recording chain",
// kinematic sensors): the accelerometer's axes are misaligned with the segment, both the
// accelerometer and the gyroscope (the angular-velocity series) drift with a slow bias, and
// both saturate at their range. Applied to the written series, after their white noise; the
// labels describe the limb, not the sensor, and do not move.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace nmsim::signals {

struct SensorFaultParams {
  double misalignment_rad = 0.0;          // accelerometer axes rotated about the joint axis
  double accelerometer_bias_m_s2 = 0.0;   // SD of each axis's bias drift
  double gyro_bias_rad_s = 0.0;           // SD of the gyroscope's bias drift
  double bias_time_s = 60.0;              // correlation time of the drifts (Ornstein–Uhlenbeck)
  double accelerometer_range_m_s2 = 0.0;  // ± full scale; 0: none
  double gyro_range_rad_s = 0.0;          // ± full scale; 0: none
  bool enabled() const {
    return misalignment_rad != 0.0 || accelerometer_bias_m_s2 > 0.0 || gyro_bias_rad_s > 0.0 ||
           accelerometer_range_m_s2 > 0.0 || gyro_range_rad_s > 0.0;
  }
};

// A run of saturated samples on one channel: [start_s, stop_s] covers its first to last sample.
struct Saturation {
  bool gyro = false;        // the gyroscope (else the accelerometer)
  std::size_t channel = 0;  // the series' channel
  double start_s = 0.0, stop_s = 0.0;
};

// `accelerometer`: n × 2 (axial, normal), `gyro`: n × 1, both at rate_hz. Returns every run of
// samples held at a range limit, in time order per sensor.
std::vector<Saturation> apply_sensor_faults(std::span<float> accelerometer, std::span<float> gyro, double rate_hz,
                                            const SensorFaultParams& p, std::uint64_t seed, std::uint64_t trial);

}  // namespace nmsim::signals
