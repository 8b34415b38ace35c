#pragma once
// Shared helpers for the clonus validation tests: load the bundled scenario with overrides
// and measure oscillations from the noise-free joint angle.
#include <cmath>
#include <string>
#include <vector>

#include "core/trial_record.hpp"
#include "scenario/scenario.hpp"

namespace nmsim::testing {

inline scenario::Scenario clonus_scenario(const std::vector<std::string>& sets) {
  std::vector<config::Override> o;
  for (const auto& s : sets) o.push_back(config::parse_override(s));
  // Noise-free kinematics so measurements see the physiology only.
  for (const char* key : {"angle_noise", "velocity_noise", "acceleration_noise", "accelerometer_noise", "torque_noise"})
    o.push_back(config::parse_override(std::string("signals.kinematics.") + key + "=0"));
  return scenario::load_scenario(NMSIM_SOURCE_DIR "/scenarios/ankle_clonus.yaml", o);
}

inline const TimeSeries& series(const TrialRecord& r, const std::string& path) {
  for (const auto& s : r.series)
    if (s.path == path) return s;
  throw std::runtime_error("no series " + path);
}

struct Oscillation {
  double peak_to_peak = 0.0;  // of the angle (rad)
  double frequency_hz = 0.0;  // from upward mean crossings
};

// Oscillation of channel 0 of `s` in [t0, t1).
inline Oscillation measure(const TimeSeries& s, double t0, double t1) {
  const auto k0 = static_cast<std::size_t>(t0 * s.rate_hz), k1 = static_cast<std::size_t>(t1 * s.rate_hz);
  double mean = 0.0, lo = INFINITY, hi = -INFINITY;
  for (std::size_t k = k0; k < k1; ++k) {
    mean += s.at(k, 0);
    lo = std::min(lo, static_cast<double>(s.at(k, 0)));
    hi = std::max(hi, static_cast<double>(s.at(k, 0)));
  }
  mean /= static_cast<double>(k1 - k0);
  std::vector<double> ups;
  for (std::size_t k = k0 + 1; k < k1; ++k) {
    const double a = s.at(k - 1, 0) - mean, b = s.at(k, 0) - mean;
    if (a < 0.0 && b >= 0.0) ups.push_back((static_cast<double>(k - 1) + a / (a - b)) / s.rate_hz);
  }
  Oscillation o;
  o.peak_to_peak = hi - lo;
  if (ups.size() >= 3) o.frequency_hz = static_cast<double>(ups.size() - 1) / (ups.back() - ups.front());
  return o;
}

}  // namespace nmsim::testing
