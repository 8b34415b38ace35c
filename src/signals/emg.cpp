#include "signals/emg.hpp"

#include <cmath>
#include <numbers>
#include <utility>

#include "core/error.hpp"
#include "signals/normal_sampler.hpp"

namespace nmsim::signals {
namespace {

// H(z) = b (1 - z^-1) / (1 - a z^-1); the state starts at rest (EMG has no DC to settle).
struct HighPass {
  double b = 1.0, a = 0.0, x_prev = 0.0, y_prev = 0.0;
  HighPass(double corner_hz, double rate_hz) {
    const double k = std::tan(std::numbers::pi * corner_hz / rate_hz);
    b = 1.0 / (1.0 + k);
    a = (1.0 - k) / (1.0 + k);
  }
  double operator()(double x) {
    y_prev = b * (x - x_prev) + a * y_prev;
    x_prev = x;
    return y_prev;
  }
};

// Second-order Butterworth low-pass (Q = 1/sqrt 2), direct form I, starting at rest.
struct LowPass {
  double b0 = 1.0, a1 = 0.0, a2 = 0.0, x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0;
  LowPass(double corner_hz, double rate_hz) {
    const double k = std::tan(std::numbers::pi * corner_hz / rate_hz);
    const double norm = 1.0 / (1.0 + std::numbers::sqrt2 * k + k * k);
    b0 = k * k * norm;
    a1 = 2.0 * (k * k - 1.0) * norm;
    a2 = (1.0 - std::numbers::sqrt2 * k + k * k) * norm;
  }
  double operator()(double x) {
    const double y = b0 * (x + 2.0 * x1 + x2) - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = y;
    return y;
  }
};

void check(const EmgParams& params) {
  NMSIM_CHECK(params.rate_hz > 0.0 && std::isfinite(params.rate_hz), "EMG rate must be positive");
  NMSIM_CHECK(params.noise_rms_v >= 0.0, "noise RMS must be >= 0");
  NMSIM_CHECK(params.highpass_hz < 0.5 * params.rate_hz, "high-pass corner must be below Nyquist");
  NMSIM_CHECK(params.lowpass_hz < 0.5 * params.rate_hz, "low-pass corner must be below Nyquist");
}

}  // namespace

std::vector<float> add_instrumentation(std::vector<float> emg, const EmgParams& params, RandomStream& noise) {
  check(params);
  const double sd = params.noise_rms_v;
  if (params.lowpass_hz > 0.0) {
    const bool high = params.highpass_hz > 0.0;
    HighPass hp(high ? params.highpass_hz : 0.0, params.rate_hz);  // unused without a high-pass
    LowPass lp(params.lowpass_hz, params.rate_hz);
    for (float& v : emg) {
      const double y = lp(high ? hp(v) : v);
      v = static_cast<float>(sd > 0.0 ? y + sd * ziggurat_normal(noise) : y);
    }
  } else if (params.highpass_hz > 0.0) {
    // One loop for filter and noise: the filter's serial recurrence overlaps the RNG work.
    HighPass hp(params.highpass_hz, params.rate_hz);
    for (float& v : emg) {
      const double y = hp(v);
      v = static_cast<float>(sd > 0.0 ? y + sd * ziggurat_normal(noise) : y);
    }
  } else if (sd > 0.0) {
    for (float& v : emg) v = static_cast<float>(v + sd * ziggurat_normal(noise));
  }
  return emg;
}

std::vector<double> amplifier_filter(std::span<const float> x, const EmgParams& params) {
  return amplifier_filter(std::vector<double>(x.begin(), x.end()), params);
}

std::vector<double> amplifier_filter(std::vector<double> y, const EmgParams& params) {
  check(params);
  if (params.highpass_hz > 0.0) {
    HighPass hp(params.highpass_hz, params.rate_hz);
    for (double& v : y) v = hp(v);
  }
  if (params.lowpass_hz > 0.0) {
    LowPass lp(params.lowpass_hz, params.rate_hz);
    for (double& v : y) v = lp(v);
  }
  return y;
}

std::vector<float> simulate_emg(const MotorUnitPool& pool, std::span<const double> excitation, const EmgParams& params,
                                RandomStream& firing, RandomStream& noise, std::vector<Spike>* spikes_out) {
  return add_instrumentation(pool.synthesize(excitation, params.rate_hz, firing, spikes_out), params, noise);
}

}  // namespace nmsim::signals
