#pragma once
// A small ECG model for the heart's contamination of trunk and neck EMG: beat times with
// heart-rate variability (respiratory sinus arrhythmia plus autoregressive beat-to-beat
// variation), and each beat's P-QRS-T complex as a sum of Gaussian waves (the morphology of
// McSharry et al. 2003's ECGSYN at 60 bpm, with P and T timing scaled by sqrt(RR) as the QT
// interval is, Bazett 1920). Equations and sources: docs/model.md, "Recording chain".
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace nmsim::signals {

struct EcgParams {
  // Size: the R wave's peak at the electrode (V), or the SNR of the recorded contamination
  // against the clean EMG (dB); exactly one.
  double amplitude_v = 0.0;
  double snr_db = std::numeric_limits<double>::quiet_NaN();
  double heart_rate_bpm = 70.0;   // mean rate
  double rr_sd_s = 0.03;          // SD of the beat-to-beat (AR(1), coefficient 0.7) part of RR
  double rsa_s = 0.02;            // respiratory sinus arrhythmia: RR modulation amplitude
  double respiration_hz = 0.25;   // breathing rate of that modulation (15 per minute)
  bool enabled() const { return heart_rate_bpm > 0.0 && (amplitude_v > 0.0 || !std::isnan(snr_db)); }
};

// R-peak times over [0, duration_s), from (seed, trial, RngPurpose::Recording, stream).
std::vector<double> r_peak_times(const EcgParams& p, double duration_s, std::uint64_t seed, std::uint64_t trial,
                                 std::uint32_t stream);

// The ECG at rate_hz for n samples, R peaks of height 1, from the beat times.
std::vector<double> ecg_waveform(const std::vector<double>& r_peaks, std::size_t n, double rate_hz);

inline constexpr double kQrsHalfWidthS = 0.05;  // the QRS complex: R ± 50 ms (normal QRS < 100 ms)

}  // namespace nmsim::signals
