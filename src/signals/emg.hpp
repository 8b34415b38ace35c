#pragma once
// Recording chain after the volume conductor: amplifier high-pass and instrumentation noise.
#include <span>
#include <vector>

#include "core/random.hpp"
#include "signals/motor_unit_pool.hpp"
#include "signals/recording_chain.hpp"

namespace nmsim::signals {

struct EmgParams {
  double rate_hz = 2000.0;     // sampling rate; ≥ 1 kHz as recommended for surface EMG (SENIAM)
  double noise_rms_v = 3e-6;   // baseline noise at rest; electrode + amplifier 1–5 µV RMS
                               // (De Luca et al. 2010)
  double highpass_hz = 10.0;   // first-order amplifier high-pass corner; ≤ 0 disables it;
                               // 10–20 Hz is usual (SENIAM; De Luca et al. 2010)
  double lowpass_hz = 0.0;     // second-order Butterworth anti-alias low-pass; ≤ 0 disables
                               // it; 400–500 Hz is usual at 1–2 kHz sampling (SENIAM)
  RecordingChainParams chain;  // crosstalk, powerline, ADC: applied after labelling
};

// The amplifier's band: first-order high-pass, then, if set, the second-order Butterworth
// low-pass (both by the bilinear transform with pre-warped corners, so the -3 dB points are
// exact), followed by additive white Gaussian noise of RMS noise_rms_v, drawn from `noise`
// (RngPurpose::EmgNoise, substream = channel). The noise is added after the filters so that
// noise_rms_v is exactly the baseline RMS measured at rest, the number datasheets quote.
std::vector<float> add_instrumentation(std::vector<float> emg, const EmgParams& params, RandomStream& noise);

// The amplifier's filters alone (no noise), in double precision: what a crosstalk source
// goes through on its way into a neighbouring channel.
std::vector<double> amplifier_filter(std::span<const float> x, const EmgParams& params);
std::vector<double> amplifier_filter(std::vector<double> x, const EmgParams& params);

// Convenience: motor-unit EMG of one muscle followed by the recording chain.
std::vector<float> simulate_emg(const MotorUnitPool& pool, std::span<const double> excitation, const EmgParams& params,
                                RandomStream& firing, RandomStream& noise, std::vector<Spike>* spikes_out = nullptr);

}  // namespace nmsim::signals
