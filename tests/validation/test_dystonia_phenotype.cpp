// Dystonia emerges from the basal-ganglia and spinal changes of the bundled scenarios and is
// measured back from the generated EMG and kinematics, independently of the labeller.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>

#include "phenotype_measures.hpp"

namespace nmsim::testing {
namespace {

constexpr double kWritingStart = 2.0, kWritingStop = 7.0;  // the wrist scenarios' writing phase

// Flexor vs extensor co-contraction index from EMG envelopes during writing.
double writing_cci(const TrialRecord& r) {
  const auto& emg = series(r, "emg");
  const auto flex = emg_envelope(emg, channel_index(emg.channels, "flexor_carpi_radialis"), 0.1);
  const auto ext = emg_envelope(emg, channel_index(emg.channels, "extensor_carpi_radialis"), 0.1);
  return envelope_cci(flex, ext, emg.rate_hz, kWritingStart + 0.5, kWritingStop);
}

TEST(DystoniaPhenotype, WritersCrampCoContractsFarMoreThanAHealthyWriter) {
  const double healthy = writing_cci(engine::run_trial(bundled("wrist_healthy_task"), 0));
  const double cramp = writing_cci(engine::run_trial(bundled("wrist_writers_cramp"), 0));
  EXPECT_GT(cramp, 1.5 * healthy) << "healthy " << healthy << ", writer's cramp " << cramp;
}

TEST(DystoniaPhenotype, TaskSpecificDystoniaIsAbsentAtRestAndPresentWhileWriting) {
  const TrialRecord r = engine::run_trial(bundled("wrist_writers_cramp"), 0);
  const LabelMask dystonia = r.labels.mask_of("dystonia");
  std::size_t at_rest = 0, writing = 0;
  for (std::size_t k = 0; k < r.labels.n_samples(); ++k) {
    const double t = static_cast<double>(k) / r.labels.rate_hz;
    for (std::size_t c = 0; c < r.labels.channels.size(); ++c)
      if (r.labels.at(k, c) & dystonia) ++(t >= kWritingStart && t < kWritingStop + 0.3 ? writing : at_rest);
  }
  EXPECT_EQ(at_rest, 0u);
  EXPECT_GT(writing, static_cast<std::size_t>(0.2 * (kWritingStop - kWritingStart) * r.labels.rate_hz));
  // And the EMG agrees: the extensors fire while writing, not at rest.
  const auto& emg = series(r, "emg");
  const auto ext = emg_envelope(emg, channel_index(emg.channels, "extensor_carpi_radialis"), 0.1);
  double rest = 0.0, task = 0.0;
  for (auto k = static_cast<std::size_t>(0.5 * emg.rate_hz); k < static_cast<std::size_t>(1.9 * emg.rate_hz); ++k) rest += ext[k];
  for (auto k = static_cast<std::size_t>(3.0 * emg.rate_hz); k < static_cast<std::size_t>(4.4 * emg.rate_hz); ++k) task += ext[k];
  EXPECT_GT(task, 5.0 * rest);
}

TEST(DystoniaPhenotype, OverflowAppearsOnlyWhenSurroundInhibitionIsReduced) {
  // Only the surround changes; the task and everything else are the writer's.
  const std::vector<std::string> base = {"parameters.spinal.reciprocal_gain=1", "parameters.supraspinal.pathology.indirect_gain=1",
                                         "parameters.supraspinal.pathology.irregularity=1",
                                         "parameters.supraspinal.pathology.long_latency_gain=1"};
  auto normal = base, reduced = base;
  normal.push_back("parameters.supraspinal.pathology.surround=1");
  reduced.push_back("parameters.supraspinal.pathology.surround=0.1");
  const TrialRecord with_surround = engine::run_trial(bundled("wrist_writers_cramp", normal), 0);
  const TrialRecord without = engine::run_trial(bundled("wrist_writers_cramp", reduced), 0);
  EXPECT_TRUE(events_of(with_surround.events, "dystonia_overflow").empty());
  const auto overflow = events_of(without.events, "dystonia_overflow");
  ASSERT_FALSE(overflow.empty());
  for (const std::size_t i : overflow) {  // only muscles outside the flexion task overflow
    const std::string& muscle = without.events.channel()[i];
    EXPECT_TRUE(muscle == "extensor_carpi_radialis" || muscle == "extensor_carpi_ulnaris") << muscle;
  }
}

TEST(DystoniaPhenotype, LoweringGpiInhibitionMonotonicallyRaisesInvoluntaryDrive) {
  // Cervical model at rest, only the turn-right channel's pallidal efficacy changes.
  double previous = -1.0;
  for (const double e : {1.0, 0.8, 0.6, 0.4, 0.2, 0.1}) {
    const auto s = bundled("cervical_dystonia", {"parameters.supraspinal.pathology.long_latency_gain=1",
                                                 "parameters.supraspinal.pathology.irregularity=1",
                                                 "parameters.supraspinal.channels.turn_right.gpi_efficacy=" + std::to_string(e),
                                                 "protocol[1].command.turn_left=0"});
    const TrialRecord r = engine::run_trial(s, 0);
    const auto& drive = series(r, "internals/dystonic_drive");
    const double involuntary = mean_over(drive, channel_index(drive.channels, "scm_left"), 0.5, 20.0);
    if (e == 1.0) {
      EXPECT_EQ(involuntary, 0.0);  // the healthy loop is its own twin
    }
    EXPECT_GT(involuntary, previous) << "gpi_efficacy " << e;
    previous = involuntary;
  }
  EXPECT_GT(previous, 0.05);
}

TEST(DystoniaPhenotype, CervicalDystoniaHoldsAnAbnormalPostureWithCoContraction) {
  const TrialRecord r = engine::run_trial(bundled("cervical_dystonia"), 0);
  const auto& angle = series(r, "kinematics/angle");
  EXPECT_LT(mean_over(angle, 0, 1.0, 8.0), -0.17);  // turned more than 10 degrees to the right while sitting
  const auto postures = events_of(r.events, "dystonia_posture");
  ASSERT_FALSE(postures.empty());
  double longest = 0.0;
  for (const std::size_t i : postures) longest = std::max(longest, r.events.stop_time()[i] - r.events.start_time()[i]);
  EXPECT_GT(longest, 2.0);
  // Antagonist rotators co-contract: EMG envelopes of left SCM (turns right) and right SCM.
  const auto& emg = series(r, "emg");
  const auto left = emg_envelope(emg, channel_index(emg.channels, "scm_left"), 0.1);
  const auto right = emg_envelope(emg, channel_index(emg.channels, "scm_right"), 0.1);
  EXPECT_GT(envelope_cci(left, right, emg.rate_hz, 1.0, 8.0), 0.4);
}

TEST(DystoniaPhenotype, DystonicTremorIsIrregularAndInRange) {
  const TrialRecord r = engine::run_trial(bundled("cervical_dystonia"), 0);
  const auto tremor = events_of(r.events, "dystonia_tremor");
  ASSERT_FALSE(tremor.empty());
  const auto& f = r.events.real_columns().at("frequency");
  const auto& cv = r.events.real_columns().at("cycle_cv");
  double cv_sum = 0.0;
  for (const std::size_t i : tremor) {  // dystonic head tremor 3–6.5 Hz (../shared/physiology.md)
    EXPECT_GE(f[i], 3.0);
    EXPECT_LE(f[i], 6.5);
    cv_sum += cv[i];
  }
  // More cycle-to-cycle variability than the regular, reflex-driven clonus of the ankle.
  const TrialRecord clonus = engine::run_trial(clonus_scenario({}), 0);
  std::vector<double> peaks;
  for (const std::size_t i : events_of(clonus.events, "clonus_beat", "soleus")) peaks.push_back(clonus.events.real_columns().at("peak_time")[i]);
  ASSERT_GT(peaks.size(), 20u);
  double sum = 0.0, sum2 = 0.0;
  for (std::size_t k = 1; k < peaks.size(); ++k) {
    const double p = peaks[k] - peaks[k - 1];
    sum += p;
    sum2 += p * p;
  }
  const double n = static_cast<double>(peaks.size() - 1), mean = sum / n;
  const double clonus_cv = std::sqrt(sum2 / n - mean * mean) / mean;
  EXPECT_GT(cv_sum / static_cast<double>(tremor.size()), 3.0 * clonus_cv);
}

TEST(DystoniaPhenotype, SpasmsAreIntermittentIrregularBurstsAtOneToSixHertz) {
  const TrialRecord r = engine::run_trial(bundled("cervical_spasms"), 0);
  // An independent burst detector on the left SCM's EMG: 50 ms envelope above a quarter of its
  // 99.5th percentile for at least 30 ms, gaps under 30 ms bridged.
  const auto& emg = series(r, "emg");
  const std::size_t c = channel_index(emg.channels, "scm_left");
  const auto bursts = detect_bursts(emg_envelope(emg, c, 0.05), emg.rate_hz, 0.25, 0.03, 0.03);
  ASSERT_GT(bursts.size(), 20u);
  std::vector<double> intervals;
  for (std::size_t i = 1; i < bursts.size(); ++i)
    intervals.push_back(static_cast<double>(bursts[i].first - bursts[i - 1].first) / emg.rate_hz);
  std::vector<double> sorted_iv = intervals;
  std::sort(sorted_iv.begin(), sorted_iv.end());
  const double median = sorted_iv[sorted_iv.size() / 2];
  EXPECT_GE(median, 1.0 / 6.5);
  EXPECT_LE(median, 1.0);
  double mean = 0.0, var = 0.0;
  for (const double v : intervals) mean += v / static_cast<double>(intervals.size());
  for (const double v : intervals) var += (v - mean) * (v - mean) / static_cast<double>(intervals.size());
  EXPECT_GT(std::sqrt(var) / mean, 0.3);  // irregular
  // Nearly every burst the detector finds carries the dystonia label.
  std::size_t labelled = 0;
  for (const auto& [a, b] : bursts) {
    bool any = false;
    for (std::size_t k = a; k < b && !any; ++k) any = (r.labels.at(k, c) & r.labels.mask_of("dystonia")) != 0;
    labelled += any;
  }
  EXPECT_GE(static_cast<double>(labelled), 0.9 * static_cast<double>(bursts.size()));
  EXPECT_FALSE(events_of(r.events, "dystonia_spasm", "scm_left").empty());
}

// Cross-spectrum of two envelopes over [t0, t1) at frequency f (a single DFT bin).
std::complex<double> dft(const std::vector<double>& x, double rate, double t0, double t1, double f) {
  const auto k0 = static_cast<std::size_t>(t0 * rate), k1 = static_cast<std::size_t>(t1 * rate);
  double mean = 0.0;
  for (std::size_t k = k0; k < k1; ++k) mean += x[k];
  mean /= static_cast<double>(k1 - k0);
  std::complex<double> sum = 0.0;
  for (std::size_t k = k0; k < k1; ++k) sum += (x[k] - mean) * std::polar(1.0, -2.0 * M_PI * f * static_cast<double>(k) / rate);
  return sum;
}

struct CommonDrive {
  double peak_hz = 0.0;     // frequency of the largest cross-spectral magnitude in 1–15 Hz
  double band_power = 0.0;  // Σ |S_xy| over 4–7 Hz
};

CommonDrive common_drive(const TrialRecord& r) {
  const auto& emg = series(r, "emg");
  const auto ta = emg_envelope(emg, channel_index(emg.channels, "tibialis_anterior"), 0.04);
  const auto ga = emg_envelope(emg, channel_index(emg.channels, "gastrocnemius"), 0.04);
  CommonDrive c;
  double best = 0.0;
  for (double f = 1.0; f <= 15.0; f += 0.1) {
    const double s = std::abs(dft(ta, emg.rate_hz, 3.0, 10.0, f) * std::conj(dft(ga, emg.rate_hz, 3.0, 10.0, f)));
    if (s > best) {
      best = s;
      c.peak_hz = f;
    }
    if (f >= 4.0 && f <= 7.0) c.band_power += s;
  }
  return c;
}

TEST(DystoniaPhenotype, Dyt1LegHasCommonFourToSevenHertzDriveToTibialisAndCalf) {
  const TrialRecord r = engine::run_trial(bundled("dyt1_leg_dystonia"), 0);
  const TrialRecord healthy = engine::run_trial(
      bundled("dyt1_leg_dystonia", {"parameters.supraspinal.pathology.long_latency_gain=1", "parameters.supraspinal.pathology.surround=1",
                                    "parameters.supraspinal.pathology.indirect_gain=1", "parameters.spinal.reciprocal_gain=1"}),
      0);
  const CommonDrive sick = common_drive(r), well = common_drive(healthy);
  EXPECT_GE(sick.peak_hz, 4.0);
  EXPECT_LE(sick.peak_hz, 7.0);
  EXPECT_GT(sick.band_power, 5.0 * well.band_power);
  const auto& angle = series(r, "kinematics/angle");
  EXPECT_GT(mean_over(angle, 0, 3.0, 9.0), 0.1);  // the foot is held up meanwhile
  EXPECT_FALSE(events_of(r.events, "dystonia_tremor", "gastrocnemius").empty());
}

}  // namespace
}  // namespace nmsim::testing
