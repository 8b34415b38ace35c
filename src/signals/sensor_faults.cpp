#include "signals/sensor_faults.hpp"

#include <algorithm>
#include <cmath>

#include "core/random.hpp"
#include "core/smooth_noise.hpp"

namespace nmsim::signals {
namespace {

// Substreams of RngPurpose::SensorFault: one per drifting axis.
constexpr std::uint32_t kAxialBias = 0, kNormalBias = 1, kGyroBias = 2;

core::SmoothNoise drift(double sd, double correlation_s, double duration_s, std::uint64_t seed, std::uint64_t trial,
                        std::uint32_t stream) {
  return core::SmoothNoise({sd, correlation_s, std::min(0.1, correlation_s / 10.0)}, duration_s,
                           RandomStream(seed, trial, RngPurpose::SensorFault, stream));
}

// Clamps channel c of an interleaved series (m channels) to ±range and appends its runs.
void saturate(std::span<float> x, std::size_t m, std::size_t c, double range, double rate_hz, bool gyro,
              std::vector<Saturation>& out) {
  const std::size_t n = x.size() / m;
  const auto limit = static_cast<float>(range);
  for (std::size_t k = 0; k < n;) {
    if (std::abs(x[k * m + c]) < limit) {
      ++k;
      continue;
    }
    const std::size_t first = k;
    for (; k < n && std::abs(x[k * m + c]) >= limit; ++k) x[k * m + c] = std::copysign(limit, x[k * m + c]);
    out.push_back({gyro, c, static_cast<double>(first) / rate_hz, static_cast<double>(k - 1) / rate_hz});
  }
}

}  // namespace

std::vector<Saturation> apply_sensor_faults(std::span<float> accelerometer, std::span<float> gyro, double rate_hz,
                                            const SensorFaultParams& p, std::uint64_t seed, std::uint64_t trial) {
  const std::size_t n = gyro.size();
  const double duration = static_cast<double>(n) / rate_hz;
  const double c = std::cos(p.misalignment_rad), s = std::sin(p.misalignment_rad);
  const core::SmoothNoise ax = drift(p.accelerometer_bias_m_s2, p.bias_time_s, duration, seed, trial, kAxialBias);
  const core::SmoothNoise an = drift(p.accelerometer_bias_m_s2, p.bias_time_s, duration, seed, trial, kNormalBias);
  const core::SmoothNoise gb = drift(p.gyro_bias_rad_s, p.bias_time_s, duration, seed, trial, kGyroBias);
  for (std::size_t k = 0; k < n; ++k) {
    const double t = static_cast<double>(k) / rate_hz;
    const double a0 = accelerometer[2 * k], a1 = accelerometer[2 * k + 1];
    accelerometer[2 * k] = static_cast<float>(c * a0 - s * a1 + ax(t));
    accelerometer[2 * k + 1] = static_cast<float>(s * a0 + c * a1 + an(t));
    gyro[k] = static_cast<float>(gyro[k] + gb(t));
  }
  std::vector<Saturation> out;
  if (p.accelerometer_range_m_s2 > 0.0)
    for (std::size_t ch = 0; ch < 2; ++ch) saturate(accelerometer, 2, ch, p.accelerometer_range_m_s2, rate_hz, false, out);
  if (p.gyro_range_rad_s > 0.0) saturate(gyro, 1, 0, p.gyro_range_rad_s, rate_hz, true, out);
  return out;
}

}  // namespace nmsim::signals
