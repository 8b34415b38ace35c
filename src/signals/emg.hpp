#pragma once
// Recording chain after the volume conductor: amplifier high-pass and instrumentation noise.
#include <span>
#include <vector>

#include "core/random.hpp"
#include "signals/motor_unit_pool.hpp"

namespace nmsim::signals {

struct EmgParams {
  double rate_hz = 2000.0;     // sampling rate; ≥ 1 kHz as recommended for surface EMG (SENIAM)
  double noise_rms_v = 3e-6;   // baseline noise at rest; electrode + amplifier 1–5 µV RMS
                               // (De Luca et al. 2010)
  double highpass_hz = 10.0;   // first-order amplifier high-pass corner; ≤ 0 disables it;
                               // 10–20 Hz is usual (SENIAM; De Luca et al. 2010)
};

// First-order high-pass (bilinear transform, corner pre-warped so the -3 dB point is exact)
// followed by additive white Gaussian noise of RMS noise_rms_v, drawn from `noise`
// (RngPurpose::EmgNoise, substream = channel). The noise is added after the filter so that
// noise_rms_v is exactly the baseline RMS measured at rest, the number datasheets quote.
std::vector<float> add_instrumentation(std::vector<float> emg, const EmgParams& params, RandomStream& noise);

// Convenience: motor-unit EMG of one muscle followed by the recording chain.
std::vector<float> simulate_emg(const MotorUnitPool& pool, std::span<const double> excitation, const EmgParams& params,
                                RandomStream& firing, RandomStream& noise, std::vector<Spike>* spikes_out = nullptr);

}  // namespace nmsim::signals
