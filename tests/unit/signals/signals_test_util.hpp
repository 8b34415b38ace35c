#pragma once
// Helpers shared by the signals tests.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/random.hpp"
#include "signals/motor_unit_pool.hpp"

namespace nmsim::signals::test {

inline RandomStream pool_stream(std::uint64_t seed = 7, std::uint32_t muscle = 0) {
  return RandomStream(seed, 0, RngPurpose::MotorUnitPool, muscle);
}
inline RandomStream firing_stream(std::uint64_t seed = 7, std::uint32_t muscle = 0) {
  return RandomStream(seed, 0, RngPurpose::MotorUnitFiring, muscle);
}
inline RandomStream noise_stream(std::uint64_t seed = 7, std::uint32_t channel = 0) {
  return RandomStream(seed, 0, RngPurpose::EmgNoise, channel);
}

inline std::vector<double> constant(double level, double seconds, double rate_hz) {
  return std::vector<double>(static_cast<std::size_t>(std::llround(seconds * rate_hz)), level);
}

template <class T>
double rms(const std::vector<T>& v, std::size_t from = 0, std::size_t to = 0) {
  if (to == 0) to = v.size();
  double s = 0.0;
  for (std::size_t i = from; i < to; ++i) s += static_cast<double>(v[i]) * static_cast<double>(v[i]);
  return std::sqrt(s / static_cast<double>(to - from));
}

// Discharge times per unit, in time order.
inline std::vector<std::vector<double>> by_unit(const std::vector<Spike>& spikes, int n_units) {
  std::vector<std::vector<double>> out(static_cast<std::size_t>(n_units));
  for (const Spike& s : spikes) out[static_cast<std::size_t>(s.unit)].push_back(s.time_s);
  return out;
}

struct IsiStats {
  double mean = 0.0;
  double cv = 0.0;
  std::size_t n = 0;
};

// Statistics of the intervals of one unit, skipping the first discharge (whose interval
// started before the record).
inline IsiStats isi_stats(const std::vector<double>& times) {
  IsiStats st;
  if (times.size() < 3) return st;
  double s = 0.0;
  double s2 = 0.0;
  for (std::size_t i = 1; i < times.size(); ++i) {
    const double d = times[i] - times[i - 1];
    s += d;
    s2 += d * d;
  }
  st.n = times.size() - 1;
  const auto n = static_cast<double>(st.n);
  st.mean = s / n;
  st.cv = std::sqrt(std::max(0.0, s2 / n - st.mean * st.mean)) / st.mean;
  return st;
}

}  // namespace nmsim::signals::test
