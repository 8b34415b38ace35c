// The recording chain (signals/recording_chain.hpp) measured back from its output: the
// anti-alias corner, the powerline SNR and harmonics, the ADC step and clipping, crosstalk as
// the documented mixing, and reproducibility per (seed, trial).
#include <gtest/gtest.h>

#include <cmath>
#include <algorithm>
#include <complex>
#include <numbers>
#include <vector>

#include "signals/emg.hpp"
#include "signals/normal_sampler.hpp"
#include "signals/recording_chain.hpp"
#include "signals_test_util.hpp"

namespace nmsim::signals {
namespace {

using test::noise_stream;
using test::rms;

constexpr double kRate = 2000.0;

std::vector<float> sine(double hz, double amplitude, double seconds) {
  std::vector<float> x(static_cast<std::size_t>(seconds * kRate));
  for (std::size_t k = 0; k < x.size(); ++k)
    x[k] = static_cast<float>(amplitude * std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(k) / kRate));
  return x;
}

// m channels of white "EMG" with per-channel RMS rms_v[c], interleaved.
std::vector<float> white(const std::vector<double>& rms_v, std::size_t n) {
  std::vector<float> x(n * rms_v.size());
  for (std::size_t c = 0; c < rms_v.size(); ++c) {
    RandomStream rs = noise_stream(11, static_cast<std::uint32_t>(c));
    for (std::size_t k = 0; k < n; ++k) x[k * rms_v.size() + c] = static_cast<float>(rms_v[c] * ziggurat_normal(rs));
  }
  return x;
}

std::vector<double> column(const std::vector<float>& x, std::size_t m, std::size_t c) {
  std::vector<double> out;
  for (std::size_t k = c; k < x.size(); k += m) out.push_back(x[k]);
  return out;
}

// The SNR in dB of channel c of a 2-channel recording: the clean channel over what the chain added.
double added_snr_db(const std::vector<float>& recorded, const std::vector<float>& clean, std::size_t m, std::size_t c) {
  std::vector<double> added = column(recorded, m, c);
  const std::vector<double> ref = column(clean, m, c);
  for (std::size_t k = 0; k < added.size(); ++k) added[k] -= ref[k];
  return 20.0 * std::log10(rms(ref) / rms(added));
}

// |X(f)| of a real series at one frequency (a single DFT bin).
double magnitude_at(const std::vector<double>& x, double hz) {
  std::complex<double> acc = 0.0;
  for (std::size_t k = 0; k < x.size(); ++k)
    acc += x[k] * std::polar(1.0, -2.0 * std::numbers::pi * hz * static_cast<double>(k) / kRate);
  return 2.0 * std::abs(acc) / static_cast<double>(x.size());
}

TEST(AntiAlias, ButterworthCornerIsMinus3dB) {
  EmgParams p;
  p.rate_hz = kRate;
  p.noise_rms_v = 0.0;
  p.highpass_hz = 10.0;
  p.lowpass_hz = 450.0;
  RandomStream noise = noise_stream();
  const auto gain = [&](double hz) {
    const auto y = add_instrumentation(sine(hz, 1.0, 2.0), p, noise);
    return rms(y, y.size() / 2) * std::sqrt(2.0);  // after the transient
  };
  EXPECT_NEAR(gain(450.0), 1.0 / std::sqrt(2.0), 0.01);
  EXPECT_NEAR(gain(100.0), 1.0, 0.01);
  // Second order: 12 dB per octave well above the corner (pre-warping steepens it near Nyquist).
  EXPECT_LT(gain(900.0), 0.25 * gain(450.0));
  // Off by default: only the high-pass acts.
  EmgParams off = p;
  off.lowpass_hz = 0.0;
  const auto y = add_instrumentation(sine(900.0, 1.0, 2.0), off, noise);
  EXPECT_NEAR(rms(y, y.size() / 2) * std::sqrt(2.0), 1.0, 0.01);
}

EmgParams with_powerline(double snr_db, std::vector<double> harmonics = {}) {
  EmgParams p;
  p.rate_hz = kRate;
  p.chain.powerline.frequency_hz = 50.0;
  p.chain.powerline.snr_db = snr_db;
  p.chain.powerline.harmonics = std::move(harmonics);
  return p;
}

TEST(Powerline, RealisesTheRequestedSnrPerChannel) {
  const std::vector<double> levels{50e-6, 8e-6};
  for (const double snr : {-15.0, 0.0, 9.0, 15.0}) {
    EmgParams p = with_powerline(snr, {0.5, 0.3, 0.2, 0.1});
    p.chain.powerline.drift = 0.3;
    p.chain.powerline.frequency_drift_hz = 0.2;
    const std::vector<float> clean = white(levels, 20000);
    std::vector<float> x = clean;
    apply_recording_chain(x, 2, {}, p, 3, 0);
    for (std::size_t c = 0; c < 2; ++c) {
      EXPECT_NEAR(added_snr_db(x, clean, 2, c), snr, 0.01) << "channel " << c << " at " << snr << " dB";
    }
  }
}

TEST(Powerline, AmplitudeIsTheInterferenceRms) {
  EmgParams p = with_powerline(std::nan(""));
  p.chain.powerline.amplitude_v = 20e-6;
  std::vector<float> x(3 * 10000, 0.0f);
  apply_recording_chain(x, 3, {}, p, 3, 0);
  for (std::size_t c = 0; c < 3; ++c) EXPECT_NEAR(rms(column(x, 3, c)), 20e-6, 1e-9);
}

TEST(Powerline, HarmonicsHaveTheirRelativeAmplitudes) {
  const PowerlineParams p = with_powerline(0.0, {0.5, 0.3, 0.2, 0.1}).chain.powerline;
  const std::vector<double> hum = powerline_shape(p, 20000, kRate, 5, 2, 1);  // 10 s: 0.1 Hz bins
  EXPECT_NEAR(magnitude_at(hum, 50.0), 1.0, 1e-6);
  const std::vector<double> relative{0.5, 0.3, 0.2, 0.1};
  for (std::size_t h = 0; h < relative.size(); ++h)
    EXPECT_NEAR(magnitude_at(hum, 50.0 * static_cast<double>(h + 2)), relative[h], 1e-6) << "harmonic " << h + 2;
  EXPECT_LT(magnitude_at(hum, 300.0), 1e-6);  // nothing beyond the last harmonic asked for
  EXPECT_LT(magnitude_at(hum, 75.0), 1e-6);
}

TEST(Powerline, FrequencyDriftWandersAroundTheMainsFrequency) {
  PowerlineParams p = with_powerline(0.0).chain.powerline;
  p.frequency_drift_hz = 0.2;
  p.drift_time_s = 1.0;
  const std::vector<double> hum = powerline_shape(p, 60 * 2000, kRate, 5, 0, 0);  // 60 s
  // The spectral peak stays within the drift's range of 50 Hz but is smeared over it.
  double best = 0.0, at = 0.0;
  for (double f = 49.0; f <= 51.0; f += 0.02)
    if (const double a = magnitude_at(hum, f); a > best) best = a, at = f;
  EXPECT_NEAR(at, 50.0, 0.4);
  EXPECT_LT(best, 0.8);  // a steady 50 Hz line would have all of its amplitude, 1, in one bin
}

TEST(Powerline, PhasesComeFromSeedTrialAndChannel) {
  const PowerlineParams p = with_powerline(0.0, {0.3}).chain.powerline;
  EXPECT_EQ(powerline_shape(p, 500, kRate, 1, 4, 0), powerline_shape(p, 500, kRate, 1, 4, 0));
  EXPECT_NE(powerline_shape(p, 500, kRate, 1, 4, 0), powerline_shape(p, 500, kRate, 1, 5, 0));
  EXPECT_NE(powerline_shape(p, 500, kRate, 1, 4, 0), powerline_shape(p, 500, kRate, 1, 4, 1));
}

TEST(Adc, QuantisesToItsStepAndClipsAtFullScale) {
  AdcParams adc;
  adc.bits = 12;
  adc.range_v = 2.5;
  adc.gain = 500.0;
  EXPECT_DOUBLE_EQ(adc.full_scale_v(), 5e-3);
  EXPECT_DOUBLE_EQ(adc.step_v(), 1e-2 / 4096.0);
  std::vector<float> x = sine(7.0, 8e-3, 1.0);  // peaks beyond ±5 mV
  std::size_t beyond = 0;
  for (const float v : x) beyond += std::round(v / adc.step_v()) > 2047.0 || std::round(v / adc.step_v()) < -2048.0;
  const std::vector<float> before = x;
  EXPECT_EQ(quantise(x, adc), beyond);
  EXPECT_GT(beyond, 0u);
  double max_error = 0.0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    const double code = x[k] / adc.step_v();
    EXPECT_NEAR(code, std::round(code), 1e-3);  // a float keeps the code to ~1e-4 of a step
    EXPECT_GE(code, -2048.0 - 1e-3);
    EXPECT_LE(code, 2047.0 + 1e-3);
    if (std::abs(before[k]) < 4e-3) max_error = std::max(max_error, std::abs(static_cast<double>(x[k]) - before[k]));
  }
  EXPECT_LE(max_error, 0.5 * adc.step_v() * (1.0 + 1e-4));
}

TEST(Crosstalk, AddsTheFilteredNeighbourAtItsFraction) {
  EmgParams p;
  p.rate_hz = kRate;
  p.highpass_hz = 10.0;
  p.lowpass_hz = 450.0;
  p.chain.crosstalk = {{0.0, 0.15}, {0.0, 0.0}};  // channel 0 picks up 15 % of muscle 1
  const std::size_t n = 8000;
  const std::vector<float> clean = white({20e-6, 40e-6}, n);
  std::vector<std::vector<float>> sources(2);
  for (std::size_t c = 0; c < 2; ++c) {
    RandomStream rs = noise_stream(21, static_cast<std::uint32_t>(c));
    for (std::size_t k = 0; k < n; ++k) sources[c].push_back(static_cast<float>(60e-6 * ziggurat_normal(rs)));
  }
  std::vector<float> x = clean;
  apply_recording_chain(x, 2, ChainInputs{sources, {}, 0.0}, p, 1, 0);
  const std::vector<double> leak = amplifier_filter(sources[1], p);
  for (std::size_t k = 0; k < n; ++k) {
    EXPECT_NEAR(x[2 * k], clean[2 * k] + 0.15 * leak[k], 1e-11);
    EXPECT_EQ(x[2 * k + 1], clean[2 * k + 1]);  // channel 1 picks up nothing
  }
}

// The motion artefact follows the limb: a 6 Hz oscillation of the joint gives a 6 Hz artefact
// at the requested SNR in every channel, each with its own sign; a still limb gives none.
TEST(Motion, FollowsTheLimbAtTheRequestedSnr) {
  EmgParams p;
  p.rate_hz = kRate;
  p.highpass_hz = 10.0;
  p.chain.motion.snr_db = 3.0;
  ChainInputs in;
  in.acceleration_rate_hz = 1000.0;
  for (std::size_t k = 0; k < 20000; ++k)
    in.acceleration.push_back(40.0 * std::sin(2.0 * std::numbers::pi * 6.0 * static_cast<double>(k) / 1000.0));
  const std::vector<double> levels{30e-6, 10e-6};
  const std::vector<float> clean = white(levels, 40000);
  std::vector<float> x = clean;
  apply_recording_chain(x, 2, in, p, 2, 0);
  for (std::size_t c = 0; c < 2; ++c) {
    std::vector<double> art = column(x, 2, c);
    const std::vector<double> ref = column(clean, 2, c);
    for (std::size_t k = 0; k < art.size(); ++k) art[k] -= ref[k];
    EXPECT_NEAR(20.0 * std::log10(rms(ref) / rms(art)), 3.0, 0.01);
    const double at6 = magnitude_at(art, 6.0);
    EXPECT_NEAR(at6, std::sqrt(2.0) * rms(art), 0.02 * rms(art)) << "all of it at the limb's 6 Hz";
    EXPECT_LT(magnitude_at(art, 12.0), 0.01 * at6);
  }
  ChainInputs still = in;
  std::fill(still.acceleration.begin(), still.acceleration.end(), 0.0);
  std::vector<float> y = clean;
  apply_recording_chain(y, 2, still, p, 2, 0);
  EXPECT_EQ(y, clean);
}

// Mean periodogram power at f over 1 s segments (Hann), for a spectral slope.
double segment_power(const std::vector<double>& x, double hz) {
  const auto n = static_cast<std::size_t>(kRate);
  double total = 0;
  std::size_t segments = 0;
  for (std::size_t a = 0; a + n <= x.size(); a += n, ++segments) {
    std::complex<double> acc = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
      const double w = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(n));
      acc += w * x[a + k] * std::polar(1.0, -2.0 * std::numbers::pi * hz * static_cast<double>(k) / kRate);
    }
    total += std::norm(acc);
  }
  return total / static_cast<double>(segments);
}

// The log-log slope of the spectrum between 5 and 300 Hz is −exponent, and the size is exact.
TEST(ColouredNoise, FallsAsItsPowerLawAtItsExactSize) {
  for (const double exponent : {0.7, 1.0, 1.5}) {
    const std::vector<double> v = coloured_noise(exponent, 1.0, 60 * static_cast<std::size_t>(kRate), kRate, noise_stream(4));
    EXPECT_NEAR(rms(v), 1.0, 1e-9);
    // Least-squares slope of log P against log f at 12 log-spaced frequencies.
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    const int points = 12;
    for (int i = 0; i < points; ++i) {
      const double f = 5.0 * std::pow(60.0, i / (points - 1.0));
      const double x = std::log10(f), y = std::log10(segment_power(v, f));
      sx += x, sy += y, sxx += x * x, sxy += x * y;
    }
    const double slope = (points * sxy - sx * sy) / (points * sxx - sx * sx);
    EXPECT_NEAR(slope, -exponent, 0.15) << "exponent " << exponent;
  }
  // Through the chain: the added noise has the requested SNR on each channel.
  EmgParams p;
  p.rate_hz = kRate;
  p.chain.coloured_noise.snr_db = 12.0;
  const std::vector<double> levels{40e-6, 9e-6};
  const std::vector<float> clean = white(levels, 40000);
  std::vector<float> x = clean;
  apply_recording_chain(x, 2, {}, p, 5, 0);
  for (std::size_t c = 0; c < 2; ++c) {
    EXPECT_NEAR(added_snr_db(x, clean, 2, c), 12.0, 0.01) << "channel " << c;
  }
}

TEST(Wander, IsAtTheElectrodeAndTheHighPassRemovesMostOfIt) {
  const auto wander_rms = [](double highpass_hz) {
    EmgParams p;
    p.rate_hz = kRate;
    p.highpass_hz = highpass_hz;
    p.chain.wander = {50e-6, 2.0};
    std::vector<float> x(400 * 2000, 0.0f);  // 400 s: the OU RMS is within ~10 %
    apply_recording_chain(x, 1, {}, p, 6, 1);
    return rms(x);
  };
  EXPECT_NEAR(wander_rms(0.0), 50e-6, 10e-6);
  // An OU process (PSD ~ σ²/(2π²τf²) above 1/(2πτ)) through a first-order high-pass at f_c
  // keeps the fraction 1/sqrt(4π τ f_c) of its RMS: 6.3 % for τ = 2 s and 10 Hz.
  EXPECT_NEAR(wander_rms(10.0) / 50e-6, 1.0 / std::sqrt(4.0 * std::numbers::pi * 2.0 * 10.0), 0.015);
}

TEST(Ecg, BeatsHaveTheHeartRateAndItsVariability) {
  EcgParams p;
  p.heart_rate_bpm = 75.0;
  p.rr_sd_s = 0.03;
  p.rsa_s = 0.02;
  const std::vector<double> r = r_peak_times(p, 600.0, 4, 0, 0);
  std::vector<double> rr;
  for (std::size_t i = 1; i < r.size(); ++i) rr.push_back(r[i] - r[i - 1]);
  double mean = 0.0, var = 0.0;
  for (double x : rr) mean += x / static_cast<double>(rr.size());
  for (double x : rr) var += (x - mean) * (x - mean) / static_cast<double>(rr.size());
  EXPECT_NEAR(60.0 / mean, 75.0, 1.0);
  // AR part and a sinusoid of amplitude rsa: SD sqrt(rr_sd^2 + rsa^2 / 2).
  EXPECT_NEAR(std::sqrt(var), std::sqrt(0.03 * 0.03 + 0.02 * 0.02 / 2.0), 0.006);
}

TEST(Ecg, WaveformHasItsRPeaksWhereTheBeatsAre) {
  const std::vector<double> beats{0.4, 1.2, 2.05};
  const std::vector<double> v = ecg_waveform(beats, 6000, kRate);
  for (const double b : beats) {
    const auto k = static_cast<std::size_t>(std::lround(b * kRate));
    const auto top = std::max_element(v.begin() + static_cast<std::ptrdiff_t>(k - 40), v.begin() + static_cast<std::ptrdiff_t>(k + 40));
    EXPECT_EQ(static_cast<std::size_t>(top - v.begin()), k);
    EXPECT_NEAR(*top, 1.0, 0.02);  // the Q and S waves take a little off R
  }
  // P before, T after, both small and positive; S below zero just after R.
  EXPECT_GT(v[static_cast<std::size_t>((1.2 - 0.167 * std::sqrt(0.85)) * kRate)], 0.03);
  EXPECT_GT(v[static_cast<std::size_t>((1.2 + 0.25 * std::sqrt(0.85)) * kRate)], 0.02);
  EXPECT_LT(v[static_cast<std::size_t>((1.2 + 0.042) * kRate)], -0.1);
}

// In the recorded EMG: the SNR asked for, R peaks where the mask says, one QRS per beat and
// channel, and a heart rate measured back from the contamination. (Without the amplifier's
// high-pass: a 10 Hz first-order high-pass moves the complex's largest value ~8 ms earlier.)
TEST(Ecg, ContaminatesEveryChannelAtItsSnrAndMarksTheQrs) {
  EmgParams p;
  p.rate_hz = kRate;
  p.highpass_hz = 0.0;
  p.chain.ecg.snr_db = 0.0;
  p.chain.ecg.heart_rate_bpm = 66.0;
  const std::size_t n = 60 * 2000, m = 2;
  const std::vector<float> clean = white({15e-6, 5e-6}, n);
  std::vector<float> x = clean;
  const ChainArtefacts a = apply_recording_chain(x, m, {}, p, 8, 3);
  for (std::size_t c = 0; c < m; ++c) {
    std::vector<double> ecg = column(x, m, c);
    const std::vector<double> ref = column(clean, m, c);
    for (std::size_t k = 0; k < n; ++k) ecg[k] -= ref[k];
    EXPECT_NEAR(20.0 * std::log10(rms(ref) / rms(ecg)), 0.0, 0.01);
    // R peaks: the largest |value| in each QRS interval of this channel.
    std::size_t beats = 0;
    for (const ArtefactEvent& e : a.events) {
      if (e.bit != 3 || e.channel != c || e.start_s < 0.1 || e.stop_s > 59.9) continue;
      ++beats;
      const std::size_t lo = sample_at(e.start_s, kRate), hi = sample_at(e.stop_s, kRate);
      std::size_t top = lo;
      for (std::size_t k = lo; k < hi; ++k) top = std::abs(ecg[k]) > std::abs(ecg[top]) ? k : top;
      EXPECT_NEAR(static_cast<double>(top) / kRate, 0.5 * (e.start_s + e.stop_s), 0.001);
    }
    EXPECT_NEAR(static_cast<double>(beats), 66.0, 3.0) << "a minute at 66 bpm";
  }
}

TEST(Shifts, ScaleTheChannelFromEachShiftOn) {
  EmgParams p;
  p.rate_hz = kRate;
  p.chain.shifts = {6.0, 2.0, 0.0, 4.0};
  const std::size_t n = 60 * 2000;
  const std::vector<float> clean = white({20e-6}, n);
  std::vector<float> x = clean;
  const ChainArtefacts a = apply_recording_chain(x, 1, {}, p, 5, 0);
  ASSERT_GT(a.events.size(), 1u);
  std::vector<double> gain(n, 1.0);
  for (const ArtefactEvent& e : a.events) {
    EXPECT_EQ(e.bit, 4u);
    EXPECT_GE(e.gain, 1.0 / 64.0);
    for (std::size_t k = sample_at(e.start_s, kRate); k < std::min(n, sample_at(e.stop_s, kRate)); ++k) gain[k] = e.gain;
  }
  for (std::size_t k = 0; k < n; ++k) EXPECT_NEAR(x[k], gain[k] * clean[k], 1e-6 * std::abs(clean[k]) + 1e-12);
}

// The band-limited Poisson kernel answers exp(-2π τ f) from 1 % of the sampling rate to Nyquist.
TEST(Shifts, DepthKernelIsThePlanarConductorsLowPass) {
  for (const double tau : {0.0, 0.3, 1.0, 2.5, 6.0}) {
    const std::vector<double> h = depth_kernel(tau);
    ASSERT_EQ(h.size() % 2, 1u);
    const double half = static_cast<double>(h.size() / 2);
    for (double f = 0.01; f <= 0.5; f += 0.01) {  // cycles per sample
      double response = 0.0;
      for (std::size_t j = 0; j < h.size(); ++j) response += h[j] * std::cos(2.0 * std::numbers::pi * f * (static_cast<double>(j) - half));
      EXPECT_NEAR(response, std::exp(-2.0 * std::numbers::pi * tau * f), 0.003) << "tau " << tau << " samples, f " << f;
    }
  }
}

// A shift that moves the electrode away from the fibres changes the MUAPs' shape, not only
// their size: the written channel's spectrum after each shift is the clean one times
// |exp(-2π f depth / v)|^2, with the event's depth, measured in two bands.
TEST(Shifts, ADeeperElectrodeSeesTheHighFrequenciesFade) {
  EmgParams p;
  p.rate_hz = kRate;
  p.chain.shifts = {4.0, 1.0, 0.008, 4.0};  // gain unchanged: the shape change alone
  const std::size_t n = 240 * 2000;
  const std::vector<float> clean = white({20e-6}, n);
  std::vector<float> x = clean;
  const ChainArtefacts a = apply_recording_chain(x, 1, {}, p, 7, 0);
  std::size_t measured = 0;
  for (const ArtefactEvent& e : a.events) {
    ASSERT_TRUE(e.depth_m.has_value());
    EXPECT_GE(*e.depth_m, 0.0);
    EXPECT_LE(*e.depth_m, 0.008);
    EXPECT_DOUBLE_EQ(e.gain, 1.0);
    if (e.stop_s - e.start_s < 4.0) continue;
    const std::size_t lo = sample_at(e.start_s, kRate) + 200, hi = std::min(n, sample_at(e.stop_s, kRate));
    std::vector<double> y, c;
    for (std::size_t k = lo; k < hi; ++k) y.push_back(x[k]), c.push_back(clean[k]);
    const double duration = static_cast<double>(y.size()) / kRate;
    const auto band_ratio = [&](double centre) {  // recorded over clean power, ±10 Hz
      double py = 0.0, pc = 0.0;
      for (double f = centre - 10.0; f <= centre + 10.0; f += 1.0 / duration) {
        py += std::pow(magnitude_at(y, f), 2);
        pc += std::pow(magnitude_at(c, f), 2);
      }
      return py / pc;
    };
    const double tau = *e.depth_m / 4.0;
    for (const double f : {40.0, 300.0}) {
      EXPECT_NEAR(band_ratio(f), std::exp(-4.0 * std::numbers::pi * f * tau), 0.03) << "depth " << *e.depth_m << " m, " << f << " Hz";
    }
    ++measured;
  }
  EXPECT_GE(measured, 3u);
  // Before the first shift the channel is untouched.
  for (std::size_t k = 0; k < sample_at(a.events.front().start_s, kRate); ++k) EXPECT_EQ(x[k], clean[k]);
}

TEST(Transients, OccurrencesArePoissonAndDoNotOverlap) {
  TransientParams p;
  p.rate_per_min = 6.0;
  p.duration_s = 0.2;
  const double minutes = 200.0;
  const std::vector<Occurrence> o = draw_occurrences(p, false, 60.0 * minutes, 3, 0, 1);
  // A Poisson process interrupted by its own occurrences: 6/min over the time not covered.
  double covered = 0.0;
  for (std::size_t i = 0; i < o.size(); ++i) {
    EXPECT_LT(o[i].start_s, o[i].stop_s);
    if (i > 0) {
      EXPECT_GE(o[i].start_s, o[i - 1].stop_s);
    }
    covered += o[i].stop_s - o[i].start_s;
  }
  const double expected = 6.0 * (minutes - covered / 60.0);
  EXPECT_NEAR(static_cast<double>(o.size()), expected, 4.0 * std::sqrt(expected));
  EXPECT_NEAR(covered / static_cast<double>(o.size()), 0.2, 0.03);  // exponential lengths, mean 0.2 s
  EXPECT_TRUE(draw_occurrences(TransientParams{0.0, 0.0, 0.1}, false, 60.0, 3, 0, 1).empty());
}

TEST(Transients, PopIsAStepThatRecovers) {
  const std::vector<Occurrence> pops{{0.5, 0.8, 2e-3}, {1.2, 1.5, -1e-3}};
  const std::vector<double> v = pop_waveform(pops, 0.1, 4000, kRate);
  EXPECT_EQ(v[999], 0.0);
  EXPECT_DOUBLE_EQ(v[1000], 2e-3);
  EXPECT_NEAR(v[1000 + 200], 2e-3 * std::exp(-1.0), 1e-12);  // one time constant later
  EXPECT_NEAR(v[2400], -1e-3 + 2e-3 * std::exp(-7.0), 1e-12);
}

TEST(RecordingChain, MaskMarksPopsDropoutsAndClippingWhereTheyAre) {
  EmgParams p;
  p.rate_hz = kRate;
  p.chain.pops = {20.0, 4e-3, 0.05};
  p.chain.dropouts = {20.0, 0.0, 0.1};
  p.chain.adc = {16, 1.0, 500.0};  // ±2 mV
  const std::size_t n = 60 * 2000, m = 2;
  std::vector<float> x = white({20e-6, 20e-6}, n);
  const ChainArtefacts a = apply_recording_chain(x, m, {}, p, 9, 4);
  ASSERT_EQ(a.mask.size(), x.size());
  std::vector<LabelMask> expected(x.size(), 0);
  std::size_t counts[3] = {0, 0, 0};
  for (const ArtefactEvent& e : a.events) {
    ++counts[e.bit];
    for (std::size_t k = sample_at(e.start_s, kRate); k < std::min(n, sample_at(e.stop_s, kRate)); ++k)
      expected[k * m + e.channel] |= bit_mask(e.bit);
  }
  EXPECT_EQ(a.mask, expected);
  EXPECT_GT(counts[0], 0u);  // 4 mV pops clip a ±2 mV converter
  EXPECT_GT(counts[1], 10u);
  EXPECT_GT(counts[2], 10u);
  // A clipped sample sits at a rail; a sample at a rail that was not clipped rounded to the end
  // code on its way through, which only a few do.
  const double fs = p.chain.adc.full_scale_v(), q = p.chain.adc.step_v();
  std::size_t at_rail = 0, clipped = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    if (a.mask[k] & bit_mask(2)) {
      EXPECT_EQ(x[k], 0.0f);
    }
    const double tol = 1e-6 * fs;  // float storage of a ±2 mV sample: ~1e-10 V
    const bool rail = std::abs(x[k] - (fs - q)) < tol || std::abs(x[k] + fs) < tol;
    at_rail += rail;
    if (a.mask[k] & bit_mask(0)) {
      ++clipped;
      EXPECT_TRUE(rail) << k;
    }
  }
  EXPECT_GT(clipped, 0u);
  EXPECT_LE(at_rail - clipped, clipped / 10 + 2);
  // Without transient stages or an ADC there is no mask.
  EmgParams hum = with_powerline(10.0);
  std::vector<float> y = white({20e-6}, 1000);
  EXPECT_TRUE(apply_recording_chain(y, 1, {}, hum, 1, 0).mask.empty());
}

// signals.emg.channels: each channel records through its own stages. Here channel 0 hums at
// 0 dB and channel 1 at 20 dB, only channel 1 pops, and channel 0 has no ECG; what a channel
// shares with the chain it records exactly as without per-channel settings.
TEST(RecordingChain, EachChannelRecordsThroughItsOwnStages) {
  EmgParams p = with_powerline(20.0);
  p.highpass_hz = 0.0;
  p.chain.ecg.snr_db = 6.0;
  p.chain.channels = {p.chain, p.chain};
  p.chain.channels[0].powerline.snr_db = 0.0;
  p.chain.channels[0].ecg = {};
  p.chain.channels[1].pops = {30.0, 2e-3, 0.05};
  const std::size_t n = 20 * 2000, m = 2;
  const std::vector<float> clean = white({20e-6, 20e-6}, n);
  std::vector<float> x = clean;
  const ChainArtefacts a = apply_recording_chain(x, m, {}, p, 4, 1);
  // Channel 0: mains alone, at its own 0 dB; no QRS and no pop marked.
  EXPECT_NEAR(added_snr_db(x, clean, m, 0), 0.0, 0.01);
  std::size_t qrs[2] = {0, 0}, pops[2] = {0, 0};
  for (const ArtefactEvent& e : a.events) {
    qrs[e.channel] += e.bit == 3;
    pops[e.channel] += e.bit == 1;
  }
  EXPECT_EQ(qrs[0], 0u);
  EXPECT_EQ(pops[0], 0u);
  EXPECT_GT(qrs[1], 15u) << "20 s of a 70 bpm heart";
  EXPECT_GT(pops[1], 3u) << "20 s at 30 pops per minute";
  // Channel 1 without its pops is channel 1 of the same chain without per-channel settings.
  EmgParams shared = with_powerline(20.0);
  shared.highpass_hz = 0.0;
  shared.chain.ecg.snr_db = 6.0;
  std::vector<float> y = clean;
  apply_recording_chain(y, m, {}, shared, 4, 1);
  EmgParams no_pops = p;
  no_pops.chain.channels[1].pops = {};
  std::vector<float> z = clean;
  apply_recording_chain(z, m, {}, no_pops, 4, 1);
  for (std::size_t k = 1; k < x.size(); k += m) ASSERT_EQ(z[k], y[k]) << "sample " << k / m;
}

TEST(RecordingChain, InactiveChainLeavesTheEmgAlone) {
  EmgParams p;
  EXPECT_FALSE(p.chain.active());
  std::vector<float> x = white({5e-6, 9e-6, 1e-5}, 1000);
  const std::vector<float> before = x;
  apply_recording_chain(x, 3, {}, p, 1, 0);
  EXPECT_EQ(x, before);
}

}  // namespace
}  // namespace nmsim::signals
