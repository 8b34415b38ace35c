// Each baseline detector on synthetic EMG with a known answer: bursts at known times and
// durations, a known rhythm, co-contraction on or off, a low or high median frequency.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "detectors/burst_onsets.hpp"
#include "detectors/catalogue.hpp"
#include "detectors/clonus_wavelet.hpp"
#include "detectors/dsp.hpp"
#include "detectors/dystonia_flags.hpp"
#include "detectors/logistic_baseline.hpp"
#include "detectors/tremor_band.hpp"

namespace nmsim::detectors {
namespace {

constexpr double kRate = 2000.0;

// White noise of `noise` V RMS on every channel, plus band-limited bursts (100-300 Hz
// carrier) of `amplitude` V on a channel.
struct Synthetic {
  TimeSeries emg;
  std::mt19937 rng{7};
  Synthetic(double seconds, std::vector<std::string> channels, double noise = 3e-6) {
    emg.rate_hz = kRate;
    emg.channels = std::move(channels);
    emg.data.resize(static_cast<std::size_t>(seconds * kRate) * emg.channels.size());
    std::normal_distribution<double> n(0.0, noise);
    for (float& v : emg.data) v = static_cast<float>(n(rng));
  }
  // Gaussian noise band-limited to [lo_hz, hi_hz] (zero-phase Butterworth sections), scaled to
  // `amplitude` V RMS over [start, start + duration).
  void burst(std::size_t c, double start, double duration, double amplitude, double lo_hz = 20.0, double hi_hz = 450.0) {
    std::normal_distribution<double> n(0.0, 1.0);
    const auto a = static_cast<std::size_t>(std::lround(start * kRate));
    const auto b = std::min(emg.n_samples(), static_cast<std::size_t>(std::lround((start + duration) * kRate)));
    std::vector<double> x(b - a + 400);
    for (double& v : x) v = n(rng);
    x = filtfilt2(filtfilt2(x, kRate, lo_hz, FilterKind::highpass), kRate, hi_hz, FilterKind::lowpass);
    double ss = 0;
    for (std::size_t i = 200; i < 200 + (b - a); ++i) ss += x[i] * x[i];
    const double g = amplitude / std::sqrt(ss / static_cast<double>(b - a));
    for (std::size_t i = a; i < b; ++i) emg.at(i, c) += static_cast<float>(g * x[i - a + 200]);
  }
  TrialInput input(std::vector<int> signs = {}) const {
    TrialInput in;
    in.emg = &emg;
    in.moment_sign = std::move(signs);
    in.rest_stop_s = 1.0;
    return in;
  }
};

TEST(Dsp, SpectrumFindsASinusoidAndTheMedianFrequency) {
  std::vector<double> x(4000);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(2 * std::numbers::pi * 6.0 * static_cast<double>(i) / kRate);
  const Spectrum s = power_spectrum(x, 0, x.size(), kRate);
  EXPECT_NEAR(s.peak_frequency(3, 12), 6.0, 0.5);
  EXPECT_NEAR(s.median_frequency(1, 30), 6.0, 0.6);
}

TEST(ClonusWavelet, SixHertzBurstTrainIsOneEpisodeAtSixHertz) {
  Synthetic s(6.0, {"soleus"});
  for (int k = 0; k < 15; ++k) s.burst(0, 2.0 + k / 6.0, 0.04, 100e-6);
  const auto d = detect_clonus_wavelet(s.input(), clonus_wavelet_parameters());
  std::size_t episodes = 0, beats = 0;
  for (std::size_t r = 0; r < d.size(); ++r) {
    if (d.label[r] == "clonus_beat") ++beats;
    if (d.label[r] != "clonus_episode") continue;
    ++episodes;
    EXPECT_NEAR(d.values.at("frequency")[r], 6.0, 0.1);
    EXPECT_NEAR(d.start[r], 2.0, 0.03);
    EXPECT_NEAR(d.stop[r], 2.0 + 14 / 6.0 + 0.04, 0.03);
  }
  EXPECT_EQ(episodes, 1u);
  EXPECT_EQ(beats, 15u);
}

TEST(ClonusWavelet, TwoIsolatedBurstsAreNoEpisode) {
  Synthetic s(6.0, {"soleus"});
  s.burst(0, 2.0, 0.04, 100e-6);
  s.burst(0, 4.0, 0.04, 100e-6);
  const auto d = detect_clonus_wavelet(s.input(), clonus_wavelet_parameters());
  EXPECT_EQ(d.size(), 0u);
}

TEST(TremorBand, FiveHertzModulationIsTremorInTheRightBands) {
  Synthetic s(16.0, {"flexor"});
  for (int k = 0; k < 30; ++k) s.burst(0, 4.0 + k / 5.0, 0.08, 60e-6);  // 5 Hz for 6 s
  const auto d = detect_tremor_band(s.input(), tremor_band_parameters());
  ASSERT_GE(d.size(), 1u);
  EXPECT_NEAR(d.values.at("frequency")[0], 5.0, 0.4);
  EXPECT_EQ(d.values.at("in_essential_band")[0], 1.0);
  EXPECT_EQ(d.values.at("in_physiological_band")[0], 0.0);
  EXPECT_GT(d.start[0], 2.5);
  EXPECT_LT(d.stop[0], 11.5);
}

TEST(TremorBand, NoiseAloneIsNoTremor) {
  const Synthetic s(120.0, {"a", "b", "c"});
  EXPECT_EQ(detect_tremor_band(s.input(), tremor_band_parameters()).size(), 0u);
}

TEST(BurstOnsets, KnownOnsetsAndDurationsAgainstRest) {
  Synthetic s(5.0, {"fcr"});
  const double onsets[] = {1.5, 2.2, 3.0, 4.1};
  for (double t : onsets) s.burst(0, t, 0.03, 80e-6);
  Parameters p = burst_onset_parameters();
  p.set("baseline", 0.0);
  const auto d = detect_bursts(s.input(), p);
  // Mean + 3 SD of a noise baseline is crossed by chance now and then (a property of the
  // method): such crossings are barely above threshold, the real bursts far above it.
  std::vector<std::size_t> strong;
  for (std::size_t r = 0; r < d.size(); ++r) {
    if (d.score[r] > 3.0) strong.push_back(r);
    else EXPECT_LT(d.score[r], 1.5) << "a burst at " << d.start[r] << " s";
  }
  ASSERT_EQ(strong.size(), 4u);
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_NEAR(d.start[strong[k]], onsets[k], 0.005);
    EXPECT_NEAR(d.stop[strong[k]] - d.start[strong[k]], 0.03, 0.008);
  }
}

TEST(BurstOnsets, LocalBaselineFindsJerksOnTopOfATonicContraction) {
  Synthetic s(5.0, {"fcr"});
  s.burst(0, 1.0, 4.0, 20e-6);  // tonic activity from 1 s
  for (double t : {2.0, 3.0, 4.0}) s.burst(0, t, 0.03, 150e-6);
  Parameters p = burst_onset_parameters();
  const auto d = detect_bursts(s.input(), p);
  std::size_t near = 0;
  for (std::size_t r = 0; r < d.size(); ++r)
    for (double t : {2.0, 3.0, 4.0}) near += std::abs(d.start[r] - t) < 0.01;
  EXPECT_EQ(near, 3u);
}

TEST(Myoclonus45ms, ShortBurstsAreCorticalLongOnesAreNot) {
  for (const double duration : {0.03, 0.07}) {
    Synthetic s(8.0, {"fcr", "ecr"});
    for (int k = 0; k < 12; ++k) {
      s.burst(0, 1.5 + 0.5 * k, duration, 100e-6);
      s.burst(1, 1.505 + 0.5 * k, duration, 100e-6);
    }
    const auto d = detect_myoclonus_class(s.input(), myoclonus_classifier_parameters());
    std::size_t cortical = 0, other = 0;
    for (const auto& l : d.label) {
      cortical += l == "myoclonus_cortical";
      other += l == "myoclonus_noncortical";
    }
    if (duration < 0.045) {
      EXPECT_EQ(cortical, 12u) << "one jerk per pair of bursts";
      EXPECT_EQ(other, 0u);
    } else {
      EXPECT_EQ(cortical, 0u);
      EXPECT_EQ(other, 12u);
    }
  }
}

TEST(Myoclonus45ms, TooFewBurstsAreNotClassified) {
  Synthetic s(4.0, {"fcr"});
  for (int k = 0; k < 5; ++k) s.burst(0, 1.5 + 0.4 * k, 0.03, 100e-6);
  const auto d = detect_myoclonus_class(s.input(), myoclonus_classifier_parameters());
  for (const auto& l : d.label) EXPECT_EQ(l, "myoclonic_burst");
}

TEST(DystoniaFlags, CoContractionFlagsOnlyWhenBothSidesAreActive) {
  Synthetic s(6.0, {"flexor", "extensor"});
  s.burst(0, 1.0, 1.5, 50e-6);   // flexor alone: reciprocal
  s.burst(0, 3.5, 2.0, 50e-6);   // both together: co-contraction
  s.burst(1, 3.5, 2.0, 50e-6);
  const auto d = detect_dystonia(s.input({1, -1}), dystonia_parameters(DystoniaRule::co_contraction),
                                 DystoniaRule::co_contraction);
  ASSERT_GE(d.size(), 2u);
  for (std::size_t r = 0; r < d.size(); ++r) {
    EXPECT_GT(d.start[r], 3.0);
    EXPECT_LT(d.stop[r], 6.01);
  }
}

TEST(DystoniaFlags, MedianFrequencyRuleSeparatesSlowFromFastEmg) {
  Synthetic s(6.0, {"slow", "fast"});
  s.burst(0, 1.0, 4.0, 50e-6, 10.0, 50.0);    // power below 50 Hz
  s.burst(1, 1.0, 4.0, 50e-6, 100.0, 450.0);  // power above 100 Hz
  const auto d = detect_dystonia(s.input(), dystonia_parameters(DystoniaRule::median_frequency),
                                 DystoniaRule::median_frequency);
  ASSERT_GE(d.size(), 1u);
  for (const auto& ch : d.channel) EXPECT_EQ(ch, "slow");
}

TEST(Logistic, LearnsASeparableRule) {
  std::vector<FeatureRow> x;
  std::vector<double> y;
  std::mt19937 rng(3);
  std::normal_distribution<double> n(0, 1);
  for (int i = 0; i < 2000; ++i) {
    FeatureRow r{};
    for (auto& v : r) v = n(rng);
    x.push_back(r);
    y.push_back(r[2] + 0.5 * r[5] > 0 ? 1.0 : 0.0);
  }
  LogisticModel m;
  m.fit(x, y, 1e-3, 30);
  int correct = 0;
  for (std::size_t i = 0; i < x.size(); ++i) correct += (m.probability(x[i]) >= 0.5) == (y[i] == 1.0);
  EXPECT_GT(correct, 1950);
}

TEST(Catalogue, EveryDetectorHasParametersAndUnknownOnesAreRejected) {
  for (const auto& d : detector_catalogue()) EXPECT_FALSE(d.defaults().all().empty()) << d.name;
  Parameters p = clonus_wavelet_parameters();
  EXPECT_THROW(p.set("no_such", 1.0), std::invalid_argument);
  EXPECT_EQ(find_detector("nope"), nullptr);
}

}  // namespace
}  // namespace nmsim::detectors
