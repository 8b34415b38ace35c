#include "labels/clonus_labeller.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace nmsim::labels {
namespace {

using std::numbers::pi;

constexpr double kMaxPeriod = 0.4;  // 1 / (the default min_frequency, 2.5 Hz)

struct Bump {
  double time, amplitude;
};

// Σ A exp(−(t − t_k)²/(2σ²)) + offset, sampled at `rate` from t0 for `seconds`.
std::vector<double> bumps(const std::vector<Bump>& b, double sigma, double rate, double t0, double seconds,
                          double offset = 0.0) {
  const auto n = static_cast<std::size_t>(std::lround(seconds * rate));
  std::vector<double> x(n, offset);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = t0 + static_cast<double>(i) / rate;
    for (const auto& k : b) x[i] += k.amplitude * std::exp(-(t - k.time) * (t - k.time) / (2 * sigma * sigma));
  }
  return x;
}

// ------------------------------------------------------------------ beats

TEST(DetectBeats, OneBeatPerGaussianBumpWithAnalyticHalfHeightWidth) {
  const double rate = 1000.0, t0 = 2.0, sigma = 0.025;
  // Separated by ≥ 12σ, so each bump is alone to ~e^{-18}; 2.6004 is off the sample grid.
  const std::vector<Bump> b = {{2.3, 1.0}, {2.6004, 0.8}, {2.95, 1.2}, {3.5, 0.6}, {4.2, 0.9}};
  for (double offset : {0.0, 0.3}) {
    const auto x = bumps(b, sigma, rate, t0, 2.5, offset);
    const auto beats = detect_beats(x, rate, t0, 0.05, kMaxPeriod);
    ASSERT_EQ(beats.size(), b.size()) << offset;
    const double half_width = sigma * std::sqrt(2 * std::numbers::ln2);  // half height of a Gaussian
    for (std::size_t k = 0; k < b.size(); ++k) {
      EXPECT_LE(std::abs(beats[k].peak_s - b[k].time), 0.5 / rate + 1e-12) << k;
      // Linear interpolation of the half-height crossing is far better than a sample here.
      EXPECT_NEAR(beats[k].start_s, b[k].time - half_width, 0.1 / rate) << k;
      EXPECT_NEAR(beats[k].stop_s, b[k].time + half_width, 0.1 / rate) << k;
      EXPECT_NEAR(beats[k].peak_drive, b[k].amplitude + offset, 1e-3 * b[k].amplitude) << k;
    }
  }
}

TEST(DetectBeats, BumpsBelowMinProminenceAreIgnored) {
  const double rate = 1000.0, sigma = 0.02;
  const double prominence = 0.05;
  const std::vector<Bump> b = {{0.3, 1.0}, {0.6, 0.6 * prominence}, {0.9, 0.5}, {1.2, 0.9 * prominence}, {1.5, 0.7}};
  const auto beats = detect_beats(bumps(b, sigma, rate, 0.0, 2.0), rate, 0.0, prominence, kMaxPeriod);
  ASSERT_EQ(beats.size(), 3u);
  EXPECT_NEAR(beats[0].peak_s, 0.3, 1e-9);
  EXPECT_NEAR(beats[1].peak_s, 0.9, 1e-9);
  EXPECT_NEAR(beats[2].peak_s, 1.5, 1e-9);
  // A bump just above the threshold counts.
  const std::vector<Bump> c = {{0.3, 1.1 * prominence}};
  EXPECT_EQ(detect_beats(bumps(c, sigma, rate, 0.0, 1.0), rate, 0.0, prominence, kMaxPeriod).size(), 1u);
}

TEST(DetectBeats, FlatOrTooShortSignalsHaveNoBeats) {
  EXPECT_TRUE(detect_beats(std::vector<double>{}, 100.0, 0.0, 1e-3, kMaxPeriod).empty());
  EXPECT_TRUE(detect_beats(std::vector<double>{0.0, 1.0}, 100.0, 0.0, 1e-3, kMaxPeriod).empty());
  EXPECT_TRUE(detect_beats(std::vector<double>(500, 0.25), 100.0, 0.0, 1e-3, kMaxPeriod).empty());
  // A monotone ramp has no confirmed peak.
  std::vector<double> ramp(500);
  for (std::size_t i = 0; i < ramp.size(); ++i) ramp[i] = 0.01 * static_cast<double>(i);
  EXPECT_TRUE(detect_beats(ramp, 100.0, 0.0, 1e-3, kMaxPeriod).empty());
}

TEST(DetectBeats, DecayingSinusoidGivesBeatsUntilProminenceDropsBelowThreshold) {
  // x = e^{−t/τ} sin(ωt): extrema where tan(ωt) = ωτ. With φ = atan(ωτ), peak k is at
  // t_k = (φ + 2πk)/ω with value e^{−t_k/τ} sin φ; the trough after it has depth
  // e^{−(t_k + π/ω)/τ} sin φ. A peak is confirmed once the signal has fallen min_prominence below
  // it, i.e. while e^{−t_k/τ} sin φ (1 + e^{−π/(ωτ)}) ≥ min_prominence.
  const double rate = 1000.0, f = 6.0, tau = 0.5, prominence = 0.05;
  const double w = 2 * pi * f, phi = std::atan(w * tau);
  const auto n = static_cast<std::size_t>(3.0 * rate);
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / rate;
    x[i] = std::exp(-t / tau) * std::sin(w * t);
  }
  std::vector<double> peaks;
  for (int k = 0;; ++k) {
    const double tk = (phi + 2 * pi * k) / w;
    const double fall = std::exp(-tk / tau) * std::sin(phi) * (1 + std::exp(-pi / (w * tau)));
    // The threshold must not be within sampling error of a peak's fall (relative error ~ω²/(2 rate²)).
    ASSERT_GT(std::abs(fall / prominence - 1.0), 0.02) << "ill-posed threshold at beat " << k;
    if (fall < prominence) break;
    peaks.push_back(tk);
  }
  ASSERT_GE(peaks.size(), 8u);
  const auto beats = detect_beats(x, rate, 0.0, prominence, kMaxPeriod);
  ASSERT_EQ(beats.size(), peaks.size());
  for (std::size_t k = 0; k < peaks.size(); ++k) {
    EXPECT_LE(std::abs(beats[k].peak_s - peaks[k]), 1.0 / rate) << k;
    EXPECT_LT(beats[k].start_s, beats[k].peak_s) << k;
    EXPECT_GT(beats[k].stop_s, beats[k].peak_s) << k;
    EXPECT_LT(beats[k].stop_s - beats[k].start_s, 1.0 / f) << k;  // a beat is narrower than a period
  }
  // A lower threshold finds more of the tail.
  EXPECT_GT(detect_beats(x, rate, 0.0, 0.2 * prominence, kMaxPeriod).size(), peaks.size());
}

// Regression (issue 9): a reflex oscillation that decays onto a tonic plateau (the held push
// keeps the soleus stretched). The old rule measured the last peak's fall against the end of
// the series, so that "beat" and its episode ran on to the release, 24.5 s later.
std::vector<double> decay_onto_plateau(double rate, double f, double tau, double plateau, double seconds) {
  const auto n = static_cast<std::size_t>(seconds * rate);
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / rate;
    x[i] = plateau * (1.0 - std::exp(-t / 0.05)) + 4.0 * plateau * std::exp(-t / tau) * std::sin(2 * pi * f * t);
  }
  return x;
}

TEST(DetectBeats, DecayOntoAPlateauEndsWithTheLastRealBeat) {
  const double rate = 1000.0, f = 6.0, tau = 0.4, plateau = 1.5e-3, prominence = 1e-3;
  const auto x = decay_onto_plateau(rate, f, tau, plateau, 25.0);
  const auto beats = detect_beats(x, rate, 0.0, prominence, kMaxPeriod);
  ASSERT_GE(beats.size(), 2u);
  for (const auto& b : beats) {
    // Bounded by its troughs, each within one longest period of the peak.
    EXPECT_LE(b.trough_before_s, b.start_s);
    EXPECT_LE(b.stop_s, b.trough_after_s);
    EXPECT_LE(b.trough_after_s - b.peak_s, kMaxPeriod + 1e-9);
    EXPECT_LE(b.peak_s - b.trough_before_s, kMaxPeriod + 1e-9);
    EXPECT_LT(b.stop_s - b.start_s, 1.0 / f);
    // Both flanks are at least min_prominence deep.
    const auto at = [&](double t) { return x[static_cast<std::size_t>(std::lround(t * rate))]; };
    EXPECT_GE(b.peak_drive - at(b.trough_before_s), prominence - 1e-12);
    EXPECT_GE(b.peak_drive - at(b.trough_after_s), prominence - 1e-12);
  }
  // The oscillation's peak-to-trough swing 2·A·e^{-t/τ} (A = 4·plateau) falls below the
  // prominence at t = τ ln(2A/prominence); no beat peaks after that.
  const double last_possible = tau * std::log(2 * 4.0 * plateau / prominence) + 0.5 / f;
  EXPECT_LT(beats.back().peak_s, last_possible);
  ClonusLabelParams p;
  const auto eps = group_episodes(beats, p);
  for (const auto& ep : eps) EXPECT_LT(ep.stop_s, last_possible + kMaxPeriod);
}

TEST(DetectBeats, ARiseWithoutAFallIsNotABeat) {
  // A step up to a plateau, with a small dip far later: the maximum before the dip is confirmed
  // as a peak by hysteresis, but nothing fell within a period after it.
  const double rate = 1000.0;
  std::vector<double> x(3000, 0.0);
  for (std::size_t i = 500; i < x.size(); ++i) x[i] = 0.01;
  for (std::size_t i = 2000; i < 2100; ++i) x[i] = 0.0;  // a fall 1.5 s after the rise
  const auto beats = detect_beats(x, rate, 0.0, 1e-3, kMaxPeriod);
  EXPECT_TRUE(beats.empty());
}

// ------------------------------------------------------------------ episodes

Beat beat(double peak, double half = 0.03) {
  Beat b;
  b.start_s = peak - half;
  b.peak_s = peak;
  b.stop_s = peak + half;
  b.peak_drive = 1.0;
  return b;
}

// Beats on consecutive peaks (cycle 0, 1, 2, …).
std::vector<Beat> beats_at(const std::vector<double>& peaks) {
  std::vector<Beat> out;
  for (double p : peaks) {
    out.push_back(beat(p));
    out.back().cycle = out.size() - 1;
  }
  return out;
}

ClonusLabelParams params(int min_beats = 3, int sustained = 5) {
  ClonusLabelParams p;
  p.min_beats = min_beats;
  p.sustained_beats = sustained;
  p.min_frequency_hz = 2.0;  // intervals up to 0.5 s (exact in binary)
  p.max_frequency_hz = 8.0;  // intervals down to 0.125 s
  return p;
}

TEST(GroupEpisodes, APeakThatIsNotABeatBreaksTheRun) {
  // Five peaks at 5 Hz; the third is not a beat (cycle 2 is missing), so the run breaks into
  // two of two beats each, neither long enough for an episode.
  std::vector<Beat> b = beats_at({1.0, 1.2, 1.6, 1.8});
  b[2].cycle = 3;
  b[3].cycle = 4;
  EXPECT_TRUE(group_episodes(b, params()).empty());
  b = beats_at({1.0, 1.2, 1.4, 1.6, 1.8});
  EXPECT_EQ(group_episodes(b, params()).size(), 1u);
}

TEST(GroupEpisodes, RunsSplitWhereAnIntervalLeavesTheBand) {
  // Run A: 6 beats at 5 Hz. Gap 0.6 s (> 0.5) splits. Run B: 3 beats at 0.3 s. An interval of
  // 0.1 s (< 0.125) splits again; run C then has only 2 beats and is dropped.
  const auto beats = beats_at({1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.6, 2.9, 3.2, 3.3, 3.7});
  const auto eps = group_episodes(beats, params());
  ASSERT_EQ(eps.size(), 2u);
  EXPECT_EQ(eps[0].beats.size(), 6u);
  EXPECT_DOUBLE_EQ(eps[0].start_s, 0.97);
  EXPECT_DOUBLE_EQ(eps[0].stop_s, 2.03);
  EXPECT_NEAR(eps[0].frequency_hz, 5.0 / (2.0 - 1.0), 1e-12);
  EXPECT_TRUE(eps[0].sustained);
  EXPECT_EQ(eps[0].duration_class, 1);
  EXPECT_EQ(eps[1].beats.size(), 3u);
  EXPECT_DOUBLE_EQ(eps[1].beats.front().peak_s, 2.6);
  EXPECT_DOUBLE_EQ(eps[1].beats.back().peak_s, 3.2);
  EXPECT_NEAR(eps[1].frequency_hz, 2.0 / (3.2 - 2.6), 1e-12);
  EXPECT_FALSE(eps[1].sustained);
}

TEST(GroupEpisodes, IntervalBandIsClosed) {
  // Exactly 1/min_f and exactly 1/max_f both continue a run (binary-exact intervals).
  EXPECT_EQ(group_episodes(beats_at({0.0, 0.5, 1.0}), params()).size(), 1u);
  EXPECT_EQ(group_episodes(beats_at({0.0, 0.125, 0.25}), params()).size(), 1u);
  EXPECT_EQ(group_episodes(beats_at({0.0, 0.5, 1.0 + 1e-9}), params()).size(), 0u);
  EXPECT_EQ(group_episodes(beats_at({0.0, 0.125, 0.25 - 1e-9}), params()).size(), 0u);
}

TEST(GroupEpisodes, MinBeatsAndSustainedCountsAreInclusive) {
  const std::vector<double> five = {0.0, 0.25, 0.5, 0.75, 1.0};
  EXPECT_EQ(group_episodes(beats_at({0.0, 0.25, 0.5}), params(3, 5)).size(), 1u);
  EXPECT_EQ(group_episodes(beats_at({0.0, 0.25}), params(3, 5)).size(), 0u);
  EXPECT_EQ(group_episodes(beats_at(five), params(6, 6)).size(), 0u);
  auto eps = group_episodes(beats_at(five), params(3, 5));
  ASSERT_EQ(eps.size(), 1u);
  EXPECT_TRUE(eps[0].sustained);  // exactly sustained_beats
  eps = group_episodes(beats_at(five), params(3, 6));
  ASSERT_EQ(eps.size(), 1u);
  EXPECT_FALSE(eps[0].sustained);
  EXPECT_NEAR(eps[0].frequency_hz, 4.0, 1e-12);  // (5 − 1)/(1.0 − 0.0)
  EXPECT_TRUE(group_episodes({}, params()).empty());
  // The smallest run the scenario allows (min_beats 2): its frequency is one over its interval.
  eps = group_episodes(beats_at({1.0, 1.4}), params(2, 2));
  ASSERT_EQ(eps.size(), 1u);
  EXPECT_NEAR(eps[0].frequency_hz, 2.5, 1e-12);
}

TEST(GroupEpisodes, ScatsDurationClassesAtThreeAndTenSeconds) {
  EXPECT_EQ(scats_duration_class(0.0), 1);
  EXPECT_EQ(scats_duration_class(2.999), 1);
  EXPECT_EQ(scats_duration_class(3.0), 2);
  EXPECT_EQ(scats_duration_class(10.0), 2);
  EXPECT_EQ(scats_duration_class(10.001), 3);
  // Through an episode: its duration runs from the first beat's start to the last beat's stop.
  auto run = [](double span) {
    std::vector<Beat> b = beats_at({1.0, 1.25, 1.5, 1.75});
    b.front().start_s = 0.0;
    b.back().stop_s = span;
    const auto eps = group_episodes(b, params());
    return eps.size() == 1 ? eps[0].duration_class : -1;
  };
  EXPECT_EQ(run(2.9), 1);
  EXPECT_EQ(run(3.0), 2);
  EXPECT_EQ(run(10.0), 2);
  EXPECT_EQ(run(10.5), 3);
}

}  // namespace
}  // namespace nmsim::labels
