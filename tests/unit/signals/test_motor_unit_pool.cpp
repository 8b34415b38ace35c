#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>
#include <vector>

#include "signals/motor_unit_pool.hpp"
#include "signals_test_util.hpp"

namespace nmsim::signals {
namespace {

using test::by_unit;
using test::constant;
using test::firing_stream;
using test::isi_stats;
using test::pool_stream;
using test::rms;

MotorUnitPool default_pool(std::uint64_t seed = 7) { return MotorUnitPool(MotorUnitPoolParams{}, pool_stream(seed)); }

// ---------------------------------------------------------------- unit properties

TEST(MotorUnitPool, ThresholdsFollowFuglevandExponentialSpread) {
  const MotorUnitPoolParams p;
  const MotorUnitPool pool = default_pool();
  ASSERT_EQ(pool.n_units(), p.n_units);
  EXPECT_NEAR(pool.unit(0).threshold, p.last_recruited_at / p.recruitment_range, 1e-12);
  EXPECT_NEAR(pool.unit(p.n_units - 1).threshold, p.last_recruited_at, 1e-12);
  for (int i = 1; i < pool.n_units(); ++i) {
    EXPECT_GT(pool.unit(i).threshold, pool.unit(i - 1).threshold);
    // Constant ratio between neighbours: RR^(1/(n-1)).
    EXPECT_NEAR(pool.unit(i).threshold / pool.unit(i - 1).threshold, std::pow(p.recruitment_range, 1.0 / (p.n_units - 1)),
                1e-9);
  }
}

TEST(MotorUnitPool, RateCodingMatchesFuglevandFormula) {
  const MotorUnitPoolParams p;
  const MotorUnitPool pool = default_pool();
  const double e_max = p.recruitment_range / p.last_recruited_at;  // u = 1 in Fuglevand units
  for (int i = 0; i < pool.n_units(); ++i) {
    const double rte = std::pow(p.recruitment_range, double(i) / (p.n_units - 1));
    const double pfr = p.peak_rate_first_hz - (p.peak_rate_first_hz - p.peak_rate_last_hz) * (rte - 1.0) / (p.recruitment_range - 1.0);
    EXPECT_NEAR(pool.unit(i).peak_rate_hz, pfr, 1e-9);
    EXPECT_DOUBLE_EQ(pool.firing_rate_hz(i, 0.999 * pool.unit(i).threshold), 0.0);
    EXPECT_NEAR(pool.firing_rate_hz(i, pool.unit(i).threshold), p.min_rate_hz, 1e-9);
    EXPECT_NEAR(pool.firing_rate_hz(i, 1.0), pfr, 1e-9) << "every unit is at its peak rate at u = 1";
    // Where Fuglevand's gain already reaches the peak by u = 1 the rate is exactly his formula.
    if (rte + (pfr - p.min_rate_hz) / p.rate_gain_hz_per_unit <= e_max) {
      for (const double u : {0.05, 0.2, 0.4, 0.6, 0.8}) {
        const double e = u * e_max;
        const double expected = e < rte ? 0.0 : std::min(pfr, p.min_rate_hz + p.rate_gain_hz_per_unit * (e - rte));
        EXPECT_NEAR(pool.firing_rate_hz(i, u), expected, 1e-9) << "unit " << i << " u " << u;
      }
    } else {
      EXPECT_GT(pool.unit(i).gain_hz, p.rate_gain_hz_per_unit * e_max);
      EXPECT_GT(i, pool.n_units() * 3 / 4) << "only the last-recruited units need a raised gain";
    }
    // Rate never decreases with excitation.
    double prev = 0.0;
    for (double u = 0.0; u <= 1.0; u += 0.01) {
      const double r = pool.firing_rate_hz(i, u);
      EXPECT_GE(r, prev);
      prev = r;
    }
  }
  EXPECT_GT(pool.unit(0).peak_rate_hz, pool.unit(pool.n_units() - 1).peak_rate_hz);
}

TEST(MotorUnitPool, SoleusLikeLowPeakRates) {
  MotorUnitPoolParams p;
  p.min_rate_hz = 5.0;
  p.peak_rate_first_hz = 16.0;
  p.peak_rate_last_hz = 11.0;
  const MotorUnitPool pool(p, pool_stream());
  for (int i = 0; i < pool.n_units(); ++i) {
    EXPECT_NEAR(pool.firing_rate_hz(i, 1.0), pool.unit(i).peak_rate_hz, 1e-9);
    EXPECT_LE(pool.unit(i).peak_rate_hz, 16.0 + 1e-9);
    EXPECT_GE(pool.unit(i).peak_rate_hz, 11.0 - 1e-9);
  }
  // Measured rates follow suit.
  const double fs = 2000.0;
  RandomStream firing = firing_stream();
  std::vector<Spike> spikes;
  (void)pool.synthesize(constant(1.0, 20.0, fs), fs, firing, &spikes);
  const auto trains = by_unit(spikes, pool.n_units());
  for (int i : {0, 75, 149}) {
    const auto st = isi_stats(trains[static_cast<std::size_t>(i)]);
    EXPECT_NEAR(1.0 / st.mean, pool.unit(i).peak_rate_hz, 0.04 * pool.unit(i).peak_rate_hz);
  }
}

// The YAML layer accepts last_recruited_at = 1: the last unit is recruited at full
// excitation, where it fires at the minimum rate; every other unit still peaks by u = 1.
TEST(MotorUnitPool, LastRecruitedAtFullExcitation) {
  MotorUnitPoolParams p;
  p.last_recruited_at = 1.0;
  const MotorUnitPool pool(p, pool_stream());
  const int last = pool.n_units() - 1;
  EXPECT_DOUBLE_EQ(pool.unit(last).threshold, 1.0);
  EXPECT_NEAR(pool.firing_rate_hz(last, 1.0), p.min_rate_hz, 1e-9);
  EXPECT_DOUBLE_EQ(pool.firing_rate_hz(last, 0.999), 0.0);
  for (int i = 0; i < last; ++i) EXPECT_NEAR(pool.firing_rate_hz(i, 1.0), pool.unit(i).peak_rate_hz, 1e-6) << i;
  RandomStream firing = firing_stream();
  std::vector<Spike> spikes;
  const auto emg = pool.synthesize(constant(1.0, 5.0, 2000.0), 2000.0, firing, &spikes);
  const auto trains = by_unit(spikes, pool.n_units());
  const auto st = isi_stats(trains[static_cast<std::size_t>(last)]);
  EXPECT_NEAR(1.0 / st.mean, p.min_rate_hz, 0.1 * p.min_rate_hz);
  EXPECT_TRUE(std::all_of(emg.begin(), emg.end(), [](float v) { return std::isfinite(v); }));
}

TEST(MotorUnitPool, SizeAmplitudeAndDuration) {
  const MotorUnitPoolParams p;
  const MotorUnitPool pool = default_pool();
  EXPECT_NEAR(pool.unit(0).relative_size, 1.0, 1e-12);
  EXPECT_NEAR(pool.unit(p.n_units - 1).relative_size, p.size_range, 1e-9);
  double small_lambda = 0.0, large_lambda = 0.0;
  for (int i = 0; i < pool.n_units(); ++i) {
    const MotorUnit& mu = pool.unit(i);
    // Amplitude = size law × depth attenuation, bounded by the largest-unit amplitude.
    const double expected = p.muap_amplitude_v * std::pow(mu.relative_size / p.size_range, p.muap_size_exponent) *
                            std::pow(p.depth_attenuation, -mu.depth);
    EXPECT_NEAR(mu.muap_pp_v, expected, 1e-12);
    EXPECT_GE(mu.depth, 0.0);
    EXPECT_LE(mu.depth, 1.0);
    EXPECT_GE(mu.triphasic, 0.0);
    EXPECT_LE(mu.triphasic, p.triphasic_max);
    if (i < 30) small_lambda += mu.muap_lambda_s;
    if (i >= p.n_units - 30) large_lambda += mu.muap_lambda_s;
    // The continuous MUAP: peak-to-peak as advertised, zero integral, a few ms long.
    double lo = 0.0, hi = 0.0, integral = 0.0, abs_integral = 0.0;
    const double step = mu.muap_lambda_s / 200.0;
    for (double t = -4.0 * mu.muap_lambda_s; t <= 4.0 * mu.muap_lambda_s; t += step) {
      const double w = pool.muap(i, t);
      lo = std::min(lo, w);
      hi = std::max(hi, w);
      integral += w * step;
      abs_integral += std::abs(w) * step;
    }
    EXPECT_NEAR(hi - lo, mu.muap_pp_v, 1e-4 * mu.muap_pp_v);
    EXPECT_LT(std::abs(integral), 1e-6 * abs_integral);
    EXPECT_GT(4.0 * mu.muap_lambda_s, 4e-3);
    EXPECT_LT(4.0 * mu.muap_lambda_s, 30e-3);
  }
  EXPECT_GT(large_lambda, 1.2 * small_lambda) << "larger units have longer MUAPs";
  EXPECT_NEAR(pool.max_muap_half_width_s(),
              3.0 * std::max_element(pool.units().begin(), pool.units().end(), [](const MotorUnit& a, const MotorUnit& b) {
                      return a.muap_lambda_s < b.muap_lambda_s;
                    })->muap_lambda_s,
              1e-15);
}

TEST(MotorUnitPool, SubsamplePhases) {
  EXPECT_EQ(MotorUnitPool::subsample_phases(1000.0), 8);
  EXPECT_EQ(MotorUnitPool::subsample_phases(2000.0), 4);
  EXPECT_EQ(MotorUnitPool::subsample_phases(4000.0), 2);
  EXPECT_EQ(MotorUnitPool::subsample_phases(10000.0), 1);
}

// ---------------------------------------------------------------- recording site

TEST(RecordingSite, FatAttenuationFollowsKuikenEtAl2003RelativeToThreeMillimetres) {
  // Kuiken, Lowery & Stoykov 2003: RMS 31.3, 80.2 and 90.0 % lower with 3, 9 and 18 mm of fat.
  EXPECT_NEAR(fat_amplitude_factor(0.003), 1.0, 1e-12);
  EXPECT_NEAR(fat_amplitude_factor(0.0), 1.0 / (1 - 0.313), 1e-4);
  EXPECT_NEAR(fat_amplitude_factor(0.009), (1 - 0.802) / (1 - 0.313), 1e-4);
  EXPECT_NEAR(fat_amplitude_factor(0.018), (1 - 0.900) / (1 - 0.313), 1e-4);
  double prev = INFINITY;
  for (double mm = 0.0; mm <= 30.0; mm += 0.5) {
    const double f = fat_amplitude_factor(mm * 1e-3);
    EXPECT_LT(f, prev) << mm << " mm";
    EXPECT_GT(f, 0.0);
    prev = f;
  }
}

TEST(RecordingSite, FatAndPlacementScaleEveryMuapAndFatWidensThem) {
  const MotorUnitPool ref = default_pool();
  MotorUnitPoolParams p;
  p.fat_thickness_m = 0.009;
  p.electrode_gain = 1.7;
  const MotorUnitPool site(p, pool_stream(7));
  const double gain = 1.7 * fat_amplitude_factor(0.009);
  const double widening = 1.0 + p.fat_widening_per_m * (0.009 - 0.003);
  for (int i = 0; i < ref.n_units(); ++i) {
    EXPECT_NEAR(site.unit(i).muap_pp_v, gain * ref.unit(i).muap_pp_v, 1e-12 * ref.unit(i).muap_pp_v);
    EXPECT_NEAR(site.unit(i).muap_lambda_s, widening * ref.unit(i).muap_lambda_s, 1e-12);
    EXPECT_EQ(site.unit(i).threshold, ref.unit(i).threshold);  // the physiology is unchanged
  }
}

// ---------------------------------------------------------------- firing

TEST(MotorUnitPool, ZeroExcitationGivesNoSpikesAndSilence) {
  const MotorUnitPool pool = default_pool();
  RandomStream firing = firing_stream();
  std::vector<Spike> spikes;
  const auto emg = pool.synthesize(constant(0.0, 5.0, 2000.0), 2000.0, firing, &spikes);
  EXPECT_EQ(emg.size(), 10000u);
  EXPECT_TRUE(spikes.empty());
  EXPECT_EQ(rms(emg), 0.0);
}

// A slow ramp recruits units in threshold order; each starts as a renewal process at its
// threshold crossing with a random phase, so its first discharge comes within one interval of
// the crossing (θ ≤ 1.7 with CV 0.15) and the delays, in intervals, are spread like (1 − U)θ.
TEST(MotorUnitPool, RampRecruitsInThresholdOrderEachWithinOneIntervalAtARandomPhase) {
  const MotorUnitPool pool = default_pool();
  const double fs = 2000.0;
  const std::size_t n = 40000;  // 20 s ramp 0 → 1
  std::vector<double> ramp(n);
  for (std::size_t k = 0; k < n; ++k) ramp[k] = static_cast<double>(k) / static_cast<double>(n - 1);
  RandomStream firing = firing_stream();
  std::vector<Spike> spikes;
  (void)pool.synthesize(ramp, fs, firing, &spikes);
  const auto trains = by_unit(spikes, pool.n_units());
  const double mfr = pool.params().min_rate_hz;
  std::vector<double> firsts, delays;
  for (int i = 0; i < pool.n_units(); ++i) {
    const auto& t = trains[static_cast<std::size_t>(i)];
    ASSERT_FALSE(t.empty()) << "unit " << i;
    const double t_cross = pool.unit(i).threshold * static_cast<double>(n - 1) / fs;
    EXPECT_GE(t.front(), t_cross - 1e-9) << "unit " << i << " fired below threshold";
    EXPECT_LE(t.front() - t_cross, 1.7 / mfr) << "unit " << i;
    firsts.push_back(t.front());
    delays.push_back((t.front() - t_cross) * mfr);
  }
  double mean = 0.0;
  std::size_t prompt = 0, ordered = 0;
  for (std::size_t i = 0; i < delays.size(); ++i) {
    mean += delays[i] / static_cast<double>(delays.size());
    prompt += delays[i] < 0.05;
    if (i > 0) ordered += firsts[i] > firsts[i - 1];
  }
  EXPECT_NEAR(mean, 0.5, 0.1) << "first-discharge delays are (1 - U) intervals";
  EXPECT_LT(prompt, delays.size() / 5) << "units do not all fire at the crossing instant";
  EXPECT_GT(ordered, delays.size() * 8 / 10) << "recruitment order follows threshold order";
}

// Regression (issue 9): a step in drive used to make every newly recruited unit fire at the same
// instant, a spike several times the steady EMG followed by a dip to a fraction of it 15–40 ms
// later. The onset now looks like the steady state it leads to.
TEST(MotorUnitPool, StepOnsetIsNotASynchronousVolley) {
  const MotorUnitPool pool = default_pool();
  const double fs = 2000.0;
  std::vector<double> u(8000, 0.0);
  for (std::size_t k = 2000; k < u.size(); ++k) u[k] = 0.3;  // step at 1 s
  RandomStream firing = firing_stream();
  const auto emg = pool.synthesize(u, fs, firing);
  const auto window_rms = [&](double t0, double length_s) {
    double sum = 0.0;
    const auto k0 = static_cast<std::size_t>(std::lround(t0 * fs)), len = static_cast<std::size_t>(std::lround(length_s * fs));
    for (std::size_t k = k0; k < k0 + len; ++k) sum += static_cast<double>(emg[k]) * emg[k];
    return std::sqrt(sum / static_cast<double>(len));
  };
  // The same windows anywhere in the steady state (from 1 s after the step) give the range
  // the onset must stay inside: its first 10 ms no louder, the 15–40 ms after it no quieter.
  double steady_max = 0.0, steady_min = INFINITY;
  for (double t = 2.0; t < 3.9; t += 0.01) {
    steady_max = std::max(steady_max, window_rms(t, 0.010));
    steady_min = std::min(steady_min, window_rms(t, 0.025));
  }
  EXPECT_LE(window_rms(1.0, 0.010), steady_max) << "onset spike";
  EXPECT_GE(window_rms(1.015, 0.025), steady_min) << "post-onset dip";
}

// Mean rate of every recruited unit at constant excitation vs the rate-coding formula, and
// ISI CV vs the parameter, at several sampling rates.
class ConstantExcitation : public ::testing::TestWithParam<double> {};

TEST_P(ConstantExcitation, MeanRateAndIsiCvMatchParameters) {
  const double fs = GetParam();
  const MotorUnitPoolParams p;
  const MotorUnitPool pool = default_pool();
  const double u = 0.4;
  RandomStream firing = firing_stream();
  std::vector<Spike> spikes;
  (void)pool.synthesize(constant(u, 60.0, fs), fs, firing, &spikes);
  const auto trains = by_unit(spikes, pool.n_units());
  double cv_sum = 0.0;
  int counted = 0;
  std::vector<double> normalised;  // ISI × rate, pooled over units: should be log-normal(1, cv)
  for (int i = 0; i < pool.n_units(); ++i) {
    const double expected = pool.firing_rate_hz(i, u);
    const auto& t = trains[static_cast<std::size_t>(i)];
    if (expected == 0.0) {
      EXPECT_TRUE(t.empty()) << "unit " << i << " is below threshold";
      continue;
    }
    const auto st = isi_stats(t);
    ASSERT_GT(st.n, 300u);
    // Mean ISI within 5 standard errors (CV/√n) of 1/rate (>100 units are checked; the
    // pooled check below is the tight one).
    const double tol = 5.0 * p.isi_cv / std::sqrt(static_cast<double>(st.n));
    EXPECT_NEAR(st.mean * expected, 1.0, tol) << "unit " << i;
    cv_sum += st.cv;
    ++counted;
    for (std::size_t k = 1; k < t.size(); ++k) normalised.push_back((t[k] - t[k - 1]) * expected);
  }
  EXPECT_GT(counted, 100);
  EXPECT_NEAR(cv_sum / counted, p.isi_cv, 0.005);

  // Shape: log-normal skewness 3cv + cv³, and both tails beyond 3.2 σ (log scale) as often as
  // a normal's — the interval sampler's tails are drawn exactly, not cut off.
  const auto n = static_cast<double>(normalised.size());
  double m1 = 0.0;
  for (const double x : normalised) m1 += x;
  m1 /= n;
  double m2 = 0.0, m3 = 0.0;
  for (const double x : normalised) {
    m2 += (x - m1) * (x - m1);
    m3 += (x - m1) * (x - m1) * (x - m1);
  }
  m2 /= n;
  m3 /= n;
  EXPECT_NEAR(m1, 1.0, 4.0 * p.isi_cv / std::sqrt(n)) << "pooled mean ISI × rate";
  const double cv = p.isi_cv;
  EXPECT_NEAR(m3 / std::pow(m2, 1.5), 3.0 * cv + cv * cv * cv, 5.0 * std::sqrt(6.0 / n) + 0.02);
  const double sigma = std::sqrt(std::log1p(cv * cv));
  const double tail_p = 0.5 * std::erfc(3.2 / std::numbers::sqrt2);  // 6.9e-4
  double upper = 0.0, lower = 0.0;
  for (const double x : normalised) {
    const double z = (std::log(x) + 0.5 * sigma * sigma) / sigma;
    upper += z > 3.2 ? 1.0 : 0.0;
    lower += z < -3.2 ? 1.0 : 0.0;
  }
  EXPECT_NEAR(upper, tail_p * n, 4.0 * std::sqrt(tail_p * n) + 1.0);
  EXPECT_NEAR(lower, tail_p * n, 4.0 * std::sqrt(tail_p * n) + 1.0);
}

INSTANTIATE_TEST_SUITE_P(Rates, ConstantExcitation, ::testing::Values(1000.0, 2000.0, 10000.0));

TEST(MotorUnitPool, IsiCvFollowsParameter) {
  for (const double cv : {0.0, 0.1, 0.25}) {
    MotorUnitPoolParams p;
    p.isi_cv = cv;
    const MotorUnitPool pool(p, pool_stream());
    RandomStream firing = firing_stream();
    std::vector<Spike> spikes;
    (void)pool.synthesize(constant(0.5, 40.0, 2000.0), 2000.0, firing, &spikes);
    const auto trains = by_unit(spikes, pool.n_units());
    double cv_sum = 0.0;
    int counted = 0;
    for (const auto& t : trains) {
      if (t.size() < 100) continue;
      cv_sum += isi_stats(t).cv;
      ++counted;
    }
    ASSERT_GT(counted, 50);
    EXPECT_NEAR(cv_sum / counted, cv, 0.006 + 0.03 * cv) << "cv " << cv;
  }
}

// With constant excitation the spike trains are the same continuous-time process whatever
// the sampling rate: identical discharge times at 1, 2 and 10 kHz.
TEST(MotorUnitPool, SpikeTimesIndependentOfSamplingRateAtConstantExcitation) {
  const MotorUnitPool pool = default_pool();
  std::vector<std::vector<Spike>> runs;
  for (const double fs : {1000.0, 2000.0, 10000.0}) {
    RandomStream firing = firing_stream();
    std::vector<Spike> spikes;
    (void)pool.synthesize(constant(0.3, 10.0, fs), fs, firing, &spikes);
    runs.push_back(spikes);
  }
  for (std::size_t r = 1; r < runs.size(); ++r) {
    ASSERT_EQ(runs[r].size(), runs[0].size());
    for (std::size_t i = 0; i < runs[0].size(); ++i) {
      ASSERT_EQ(runs[r][i].unit, runs[0][i].unit);
      ASSERT_NEAR(runs[r][i].time_s, runs[0][i].time_s, 1e-9);
    }
  }
}

// Clonus-like 6 Hz modulation: the number of discharges follows ∫ rate dt, in total and in
// the high- and low-excitation half-cycles separately.
TEST(MotorUnitPool, FollowsFastTimeVaryingRate) {
  const MotorUnitPoolParams p;
  const MotorUnitPool pool = default_pool();
  const double fs = 2000.0;
  const double f_mod = 6.0;
  const std::size_t n = 60000;
  std::vector<double> u(n);
  for (std::size_t k = 0; k < n; ++k) {
    u[k] = 0.35 + 0.15 * std::sin(2.0 * std::numbers::pi * f_mod * static_cast<double>(k) / fs);
  }
  RandomStream firing = firing_stream();
  std::vector<Spike> spikes;
  (void)pool.synthesize(u, fs, firing, &spikes);
  const auto trains = by_unit(spikes, pool.n_units());
  int checked = 0;
  for (int i = 0; i < pool.n_units(); ++i) {
    const MotorUnit& mu = pool.unit(i);
    if (mu.threshold > 0.2 || mu.saturation < 0.5) continue;  // always active, never saturated
    double expected_total = 0.0, expected_high = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
      const double r = pool.firing_rate_hz(i, u[k]) / fs;
      expected_total += r;
      if (u[k] >= 0.35) expected_high += r;
    }
    double high = 0.0;
    for (const double t : trains[static_cast<std::size_t>(i)]) {
      const auto k = static_cast<std::size_t>(t * fs);
      if (k < n && u[k] >= 0.35) high += 1.0;
    }
    const auto total = static_cast<double>(trains[static_cast<std::size_t>(i)].size());
    // Renewal counting noise ~ CV·√N plus one for the boundaries.
    EXPECT_NEAR(total, expected_total, 4.0 * p.isi_cv * std::sqrt(expected_total) + 2.0) << "unit " << i;
    EXPECT_NEAR(high, expected_high, 4.0 * std::sqrt(expected_high) * 0.5 + 2.0) << "unit " << i;
    EXPECT_GT(high, 1.3 * (total - high)) << "discharges concentrate in the high-excitation half-cycle";
    ++checked;
  }
  EXPECT_GT(checked, 40);
}

// Clonus-like bursts (150 ms on, 150 ms off): a unit never fires while below threshold, and a
// unit silent for more than an interval starts again within one interval of the burst onset.
TEST(MotorUnitPool, StopsWhenDerecruitedAndRestartsWithinAnIntervalWhenRecruited) {
  const MotorUnitPool pool = default_pool();
  const double fs = 2000.0;
  const std::size_t n = 60000;
  std::vector<double> u(n);
  std::vector<double> onsets;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t in_cycle = k % 600;  // 300 ms cycle
    u[k] = in_cycle >= 300 ? 0.3 : 0.0;
    if (in_cycle == 300) onsets.push_back(static_cast<double>(k) / fs);
  }
  RandomStream firing = firing_stream();
  std::vector<Spike> spikes;
  (void)pool.synthesize(u, fs, firing, &spikes);
  for (const Spike& s : spikes) {
    const double th = pool.unit(s.unit).threshold;
    // A discharge is inside an above-threshold sample interval, or at the crossing just before one.
    const auto k_floor = static_cast<std::size_t>(std::floor(s.time_s * fs));
    const auto k_ceil = std::min(n - 1, static_cast<std::size_t>(std::ceil(s.time_s * fs)));
    ASSERT_TRUE(u[k_floor] >= th || u[k_ceil] >= th) << "unit " << s.unit << " fired at " << s.time_s;
  }
  const auto trains = by_unit(spikes, pool.n_units());
  const double dt = 1.0 / fs;
  std::size_t checked = 0;
  for (int i = 0; i < pool.n_units(); ++i) {
    const auto& t = trains[static_cast<std::size_t>(i)];
    if (pool.unit(i).threshold > 0.3) {
      EXPECT_TRUE(t.empty());
      continue;
    }
    const double interval = 1.0 / pool.firing_rate_hz(i, 0.3);
    if (1.7 * interval > 0.15) continue;  // may be derecruited before its first discharge
    for (const double onset : onsets) {
      const bool restarted = std::any_of(t.begin(), t.end(), [&](double x) { return x > onset - dt && x <= onset + 1.7 * interval; });
      EXPECT_TRUE(restarted) << "unit " << i << " burst at " << onset;
      ++checked;
    }
  }
  EXPECT_GT(checked, 1000u);
}

// Myoclonus-like 20 ms burst: discharges only inside it, no unit above the burst level fires,
// and each unit below it fires with the chance that its random first phase falls inside the
// burst, about min(1, r·20 ms); the EMG is exactly zero farther than one MUAP half-width from
// the discharges.
TEST(MotorUnitPool, ShortBurstEnergyConfinedToBurst) {
  const MotorUnitPool pool = default_pool();
  const double fs = 2000.0;
  const std::size_t n = 4000;
  std::vector<double> u(n, 0.0);
  for (std::size_t k = 2000; k < 2040; ++k) u[k] = 0.6;  // [1.000, 1.020) s
  RandomStream firing = firing_stream();
  std::vector<Spike> spikes;
  const auto emg = pool.synthesize(u, fs, firing, &spikes);
  ASSERT_FALSE(spikes.empty());
  std::vector<bool> fired(static_cast<std::size_t>(pool.n_units()), false);
  for (const Spike& s : spikes) {
    EXPECT_GE(s.time_s, 1.0 - 1.0 / fs);
    EXPECT_LT(s.time_s, 1.02);
    fired[static_cast<std::size_t>(s.unit)] = true;
  }
  double expected = 0.0, variance = 0.0, count = 0.0;
  for (int i = 0; i < pool.n_units(); ++i) {
    if (pool.unit(i).threshold > 0.6) {
      EXPECT_FALSE(fired[static_cast<std::size_t>(i)]) << "unit " << i;
      continue;
    }
    const double p = std::min(1.0, pool.firing_rate_hz(i, 0.6) * 0.02);  // E[(1 - U)θ] interval fractions
    expected += p;
    variance += p * (1.0 - p);
    count += fired[static_cast<std::size_t>(i)] ? 1.0 : 0.0;
  }
  EXPECT_NEAR(count, expected, 4.0 * std::sqrt(variance) + 2.0);
  // Sampled templates extend up to one sample beyond ±3λ, and centres round to a sample.
  const double margin = pool.max_muap_half_width_s() + 2.0 / fs;
  double inside = 0.0, outside = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    const double t = static_cast<double>(k) / fs;
    const double e = static_cast<double>(emg[k]) * emg[k];
    (t >= 1.0 - margin && t <= 1.02 + margin ? inside : outside) += e;
  }
  EXPECT_GT(inside, 0.0);
  EXPECT_EQ(outside, 0.0);
  // Nearly all of it within ±2λ (half the nominal MUAP duration) of the burst.
  const double lambda_max = pool.max_muap_half_width_s() / 3.0;
  double core = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    const double t = static_cast<double>(k) / fs;
    if (t >= 1.0 - 2.0 * lambda_max && t <= 1.02 + 2.0 * lambda_max) core += static_cast<double>(emg[k]) * emg[k];
  }
  EXPECT_GT(core, 0.99 * inside);
}

// ---------------------------------------------------------------- EMG

TEST(MotorUnitPool, EmgRmsIncreasesWithExcitationAndHasPhysiologicalSize) {
  const MotorUnitPool pool = default_pool();
  const double fs = 2000.0;
  double prev = 0.0;
  for (const double u : {0.03, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8, 1.0}) {
    RandomStream firing = firing_stream();
    const auto emg = pool.synthesize(constant(u, 10.0, fs), fs, firing);
    const double r = rms(emg, 200);
    EXPECT_GT(r, 1.05 * prev) << "u = " << u;
    prev = r;
    if (u == 0.05) {
      EXPECT_GT(r, 20e-6);
      EXPECT_LT(r, 200e-6);
    }
  }
  EXPECT_GT(prev, 0.5e-3) << "strong contraction: order of 1 mV RMS";
  EXPECT_LT(prev, 2.0e-3);
}

TEST(MotorUnitPool, EmgHasNoDcAndPlausibleSpectrum) {
  const MotorUnitPool pool = default_pool();
  for (const double fs : {1000.0, 2000.0, 10000.0}) {
    // Zero excitation at both ends so that every MUAP lies entirely inside the record.
    std::vector<double> u = constant(0.5, 10.0, fs);
    const auto pad = static_cast<std::size_t>(0.1 * fs);
    std::fill(u.begin(), u.begin() + static_cast<std::ptrdiff_t>(pad), 0.0);
    std::fill(u.end() - static_cast<std::ptrdiff_t>(pad), u.end(), 0.0);
    RandomStream firing = firing_stream();
    const auto emg = pool.synthesize(u, fs, firing);
    double sum = 0.0;
    for (const float v : emg) sum += v;
    const double r = rms(emg);
    EXPECT_LT(std::abs(sum / static_cast<double>(emg.size())), 1e-5 * r) << fs;
    // Rice frequency sqrt(∫f²S/∫S) from the first difference; surface EMG ~80–200 Hz.
    double d2 = 0.0;
    for (std::size_t k = 1; k < emg.size(); ++k) {
      const double d = static_cast<double>(emg[k]) - emg[k - 1];
      d2 += d * d;
    }
    const double ratio = std::sqrt(d2 / static_cast<double>(emg.size() - 1)) / r;  // ≈ 2 sin(π f / fs)
    const double f_rice = fs / std::numbers::pi * std::asin(std::min(1.0, ratio / 2.0));
    EXPECT_GT(f_rice, 60.0) << fs;
    EXPECT_LT(f_rice, 250.0) << fs;
  }
}

TEST(MotorUnitPool, EmgRmsIndependentOfSamplingRate) {
  const MotorUnitPool pool = default_pool();
  std::vector<double> r;
  for (const double fs : {1000.0, 2000.0, 10000.0}) {
    RandomStream firing = firing_stream();
    r.push_back(rms(pool.synthesize(constant(0.4, 10.0, fs), fs, firing), static_cast<std::size_t>(0.1 * fs)));
  }
  EXPECT_NEAR(r[0] / r[2], 1.0, 0.05);
  EXPECT_NEAR(r[1] / r[2], 1.0, 0.02);
}

TEST(MotorUnitPool, SameStreamsBitIdenticalOtherSeedsDiffer) {
  const double fs = 2000.0;
  std::vector<double> u(20000);
  for (std::size_t k = 0; k < u.size(); ++k) u[k] = 0.3 + 0.3 * std::sin(static_cast<double>(k) * 0.02);
  const auto run = [&](std::uint64_t pool_seed, std::uint64_t firing_seed, std::vector<Spike>* spikes) {
    const MotorUnitPool pool(MotorUnitPoolParams{}, pool_stream(pool_seed));
    RandomStream firing = firing_stream(firing_seed);
    return pool.synthesize(u, fs, firing, spikes);
  };
  std::vector<Spike> s1, s2;
  const auto a = run(1, 1, &s1);
  const auto b = run(1, 1, &s2);
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)), 0);
  ASSERT_EQ(s1.size(), s2.size());
  for (std::size_t i = 0; i < s1.size(); ++i) {
    EXPECT_EQ(s1[i].unit, s2[i].unit);
    EXPECT_EQ(s1[i].time_s, s2[i].time_s);
  }
  const auto c = run(1, 2, nullptr);  // other firing seed
  const auto d = run(2, 1, nullptr);  // other pool seed
  EXPECT_NE(std::memcmp(a.data(), c.data(), a.size() * sizeof(float)), 0);
  EXPECT_NE(std::memcmp(a.data(), d.data(), a.size() * sizeof(float)), 0);
  // Substream = muscle: two muscles with the same seed are independent too.
  const MotorUnitPool m0(MotorUnitPoolParams{}, pool_stream(1, 0));
  const MotorUnitPool m1(MotorUnitPoolParams{}, pool_stream(1, 1));
  EXPECT_NE(m0.unit(0).depth, m1.unit(0).depth);
}

TEST(MotorUnitPool, SpikesGroupedByUnitInTimeOrder) {
  const MotorUnitPool pool = default_pool();
  RandomStream firing = firing_stream();
  std::vector<Spike> spikes;
  (void)pool.synthesize(constant(0.5, 3.0, 2000.0), 2000.0, firing, &spikes);
  ASSERT_FALSE(spikes.empty());
  for (std::size_t i = 1; i < spikes.size(); ++i) {
    ASSERT_GE(spikes[i].unit, spikes[i - 1].unit);
    if (spikes[i].unit == spikes[i - 1].unit) {
      ASSERT_GT(spikes[i].time_s, spikes[i - 1].time_s);
    }
  }
}

TEST(MotorUnitPool, MuapDelayShiftsEmgNotSpikes) {
  MotorUnitPoolParams p;
  const MotorUnitPool pool0(p, pool_stream());
  p.muap_delay_s = 0.01;  // 20 samples at 2 kHz
  const MotorUnitPool pool1(p, pool_stream());
  std::vector<double> u(4000, 0.0);
  std::fill(u.begin() + 1000, u.begin() + 1400, 0.4);
  RandomStream f0 = firing_stream();
  RandomStream f1 = firing_stream();
  std::vector<Spike> s0, s1;
  const auto e0 = pool0.synthesize(u, 2000.0, f0, &s0);
  const auto e1 = pool1.synthesize(u, 2000.0, f1, &s1);
  ASSERT_EQ(s0.size(), s1.size());
  for (std::size_t k = 0; k + 20 < e0.size(); ++k) ASSERT_EQ(e0[k], e1[k + 20]);
}

// The shortest MUAP the model file allows (0.5 ms) at a low sampling rate is a template of a
// few samples; it must still be finite and zero-mean.
TEST(MotorUnitPool, VeryShortMuapAtLowRate) {
  MotorUnitPoolParams p;
  p.muap_duration_s = 0.5e-3;
  p.muap_duration_range = 1.0;
  const MotorUnitPool pool(p, pool_stream());
  for (const double fs : {500.0, 1000.0}) {
    std::vector<double> u = constant(0.5, 5.0, fs);
    std::fill(u.begin(), u.begin() + 50, 0.0);
    std::fill(u.end() - 50, u.end(), 0.0);
    RandomStream firing = firing_stream();
    const auto emg = pool.synthesize(u, fs, firing);
    double sum = 0.0;
    for (const float v : emg) {
      ASSERT_TRUE(std::isfinite(v));
      sum += v;
    }
    EXPECT_GT(rms(emg), 0.0);
    EXPECT_LT(std::abs(sum / static_cast<double>(emg.size())), 1e-5 * rms(emg)) << fs;
  }
}

TEST(MotorUnitPool, EmptyExcitation) {
  const MotorUnitPool pool = default_pool();
  RandomStream firing = firing_stream();
  EXPECT_TRUE(pool.synthesize(std::vector<double>{}, 2000.0, firing).empty());
}

}  // namespace
}  // namespace nmsim::signals
