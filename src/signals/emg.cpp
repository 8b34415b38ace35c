#include "signals/emg.hpp"

#include <cmath>
#include <numbers>
#include <utility>

#include "core/error.hpp"
#include "signals/normal_sampler.hpp"

namespace nmsim::signals {

std::vector<float> add_instrumentation(std::vector<float> emg, const EmgParams& params, RandomStream& noise) {
  NMSIM_CHECK(params.rate_hz > 0.0 && std::isfinite(params.rate_hz), "EMG rate must be positive");
  NMSIM_CHECK(params.noise_rms_v >= 0.0, "noise RMS must be >= 0");
  NMSIM_CHECK(params.highpass_hz < 0.5 * params.rate_hz, "high-pass corner must be below Nyquist");
  const double sd = params.noise_rms_v;
  if (params.highpass_hz > 0.0) {
    // H(z) = b (1 - z^-1) / (1 - a z^-1); the state starts at rest (EMG has no DC to settle).
    // One loop for filter and noise: the filter's serial recurrence overlaps the RNG work.
    const double k = std::tan(std::numbers::pi * params.highpass_hz / params.rate_hz);
    const double b = 1.0 / (1.0 + k);
    const double a = (1.0 - k) / (1.0 + k);
    double x_prev = 0.0;
    double y_prev = 0.0;
    for (float& v : emg) {
      const double x = v;
      y_prev = b * (x - x_prev) + a * y_prev;
      x_prev = x;
      v = static_cast<float>(sd > 0.0 ? y_prev + sd * ziggurat_normal(noise) : y_prev);
    }
  } else if (sd > 0.0) {
    for (float& v : emg) v = static_cast<float>(v + sd * ziggurat_normal(noise));
  }
  return emg;
}

std::vector<float> simulate_emg(const MotorUnitPool& pool, std::span<const double> excitation, const EmgParams& params,
                                RandomStream& firing, RandomStream& noise, std::vector<Spike>* spikes_out) {
  return add_instrumentation(pool.synthesize(excitation, params.rate_hz, firing, spikes_out), params, noise);
}

}  // namespace nmsim::signals
