// Myoclonus of every origin passes through the pools, muscles and limb of the bundled
// scenarios, and is measured back from the generated EMG and kinematics with detectors that
// know nothing of the generator (envelopes and thresholds), then compared with what the
// generators were configured to do and with the labels.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "phenotype_measures.hpp"
#include "engine/trial_runner.hpp"

namespace nmsim::testing {
namespace {

std::vector<std::string> quiet_sensors() {
  std::vector<std::string> o;
  for (const char* key : {"angle_noise", "velocity_noise", "acceleration_noise", "accelerometer_noise", "torque_noise"})
    o.push_back(std::string("signals.kinematics.") + key + "=0");
  return o;
}

// Durations (s) of the EMG bursts of one channel: a 10 ms envelope above 15 % of its peak
// level, gaps under 30 ms bridged. A boxcar envelope of width W widens a burst of constant
// level by (1 − 2·0.15)·W at that threshold: that widening is taken off, so the durations are
// those of the EMG burst itself (MUAPs included).
std::vector<double> burst_durations(const TrialRecord& r, const std::string& muscle) {
  const auto& emg = series(r, "emg");
  constexpr double kWindow = 0.01, kFraction = 0.15;
  std::vector<double> out;
  for (const auto& [a, b] :
       detect_bursts(emg_envelope(emg, channel_index(emg.channels, muscle), kWindow), emg.rate_hz, kFraction, 0.03, 0.008))
    out.push_back(static_cast<double>(b - a) / emg.rate_hz - (1.0 - 2.0 * kFraction) * kWindow);
  return out;
}

// The EMG bursts last as long as the volleys that were drawn (labels' volley_duration) plus
// the pool's and the envelope's smear, and the volleys follow the configured distribution
// (checked over many draws in tests/unit/physiology/test_myoclonus.cpp).
void expect_durations(const std::string& scenario, const std::string& muscle, double lo, double hi) {
  const auto s = bundled(scenario);
  const TrialRecord r = engine::run_trial(s, 0);
  const auto measured = burst_durations(r, muscle);
  std::vector<double> drawn;
  for (std::size_t i = 0; i < r.events.size(); ++i)
    if (r.events.label()[i].rfind("myoclonus_", 0) == 0) drawn.push_back(r.events.real_columns().at("volley_duration")[i]);
  ASSERT_GE(measured.size(), 5u) << scenario;
  EXPECT_NEAR(median_of(measured), median_of(drawn), 0.2 * median_of(drawn)) << scenario << ": EMG bursts vs drawn volleys";
  std::size_t inside = 0;
  for (const double d : measured) inside += d >= lo && d <= hi;
  EXPECT_GE(static_cast<double>(inside), 0.8 * static_cast<double>(measured.size())) << scenario;
}

TEST(MyoclonusPhenotype, BurstDurationsMatchEachOrigin) {
  // Literature ranges (../shared/physiology.md).
  expect_durations("cortical_reflex_myoclonus", "flexor_carpi_radialis", 0.008, 0.060);  // cortical 10–50 ms
  expect_durations("brainstem_startle", "rectus_abdominis_upper", 0.095, 0.330);          // reticular > 100 ms
  expect_durations("propriospinal_myoclonus", "rectus_abdominis_upper", 0.090, 0.420);    // 100–400 ms
}

// Onset of the first EMG burst of `muscle` within 200 ms after each stimulus (5 ms envelope).
std::vector<double> stimulus_latencies(const TrialRecord& r, const std::string& muscle, const std::string& stimulus) {
  const auto& emg = series(r, "emg");
  const auto bursts = detect_bursts(emg_envelope(emg, channel_index(emg.channels, muscle), 0.005), emg.rate_hz, 0.2, 0.02, 0.008);
  std::vector<double> out;
  for (const std::size_t i : events_of(r.events, "stimulus_" + stimulus)) {
    const double t0 = r.events.start_time()[i];
    for (const auto& [a, b] : bursts) {
      const double onset = static_cast<double>(a) / emg.rate_hz - t0;
      if (onset > 0.0 && onset < 0.2) {
        out.push_back(onset);
        break;
      }
    }
  }
  return out;
}

TEST(MyoclonusPhenotype, StimulusToJerkLatencyMatches) {
  for (const auto& [scenario, muscle, stimulus] :
       {std::tuple<std::string, std::string, std::string>{"cortical_reflex_myoclonus", "flexor_carpi_radialis", "tap"},
        {"brainstem_startle", "rectus_abdominis_upper", "sound"}}) {
    const auto s = bundled(scenario);
    const TrialRecord r = engine::run_trial(s, 0);
    const auto lat = stimulus_latencies(r, muscle, stimulus);
    ASSERT_GE(lat.size(), 4u) << scenario;
    const double configured = s.myoclonus.front().responses.front().latency_s.median();
    EXPECT_NEAR(median_of(lat), configured, 0.006) << scenario;
    // Evoked jerks are the labelled stimulus children, with the latency the labels report.
    for (const std::size_t i : events_of(r.events, std::string("myoclonus_") + (stimulus == "tap" ? "cortical" : "subcortical"))) {
      const std::int64_t parent = r.events.parent()[i];
      if (parent < 0) continue;
      EXPECT_EQ(r.events.label()[static_cast<std::size_t>(parent)], "stimulus_" + stimulus);
      EXPECT_NEAR(r.events.real_columns().at("latency")[i], configured, 0.02);
    }
  }
}

TEST(MyoclonusPhenotype, PropriospinalSpreadOrderAndVelocity) {
  const auto s = bundled("propriospinal_myoclonus");
  const TrialRecord r = engine::run_trial(s, 0);
  const auto& emg = series(r, "emg");
  const auto& g = s.myoclonus.front();
  // Per muscle, the onsets of its EMG bursts (2 ms envelope); per jerk, each muscle's first
  // onset within 60 ms of the earliest one.
  std::vector<std::vector<double>> onsets(emg.channels.size());
  for (std::size_t c = 0; c < emg.channels.size(); ++c)
    for (const auto& [a, b] : detect_bursts(emg_envelope(emg, c, 0.002), emg.rate_hz, 0.15, 0.03, 0.03))
      onsets[c].push_back(static_cast<double>(a) / emg.rate_hz);
  std::vector<double> distance, delay;
  for (const double t0 : onsets[channel_index(emg.channels, "erector_spinae_thoracic")]) {
    for (std::size_t c = 0; c < emg.channels.size(); ++c) {
      const auto it = std::lower_bound(onsets[c].begin(), onsets[c].end(), t0 - 0.01);
      if (it == onsets[c].end() || *it > t0 + 0.06) continue;
      distance.push_back(std::abs(s.model.physiology.muscles[c].cord_position_m - g.origin_position_m));
      delay.push_back(*it - t0);
    }
  }
  ASSERT_GT(distance.size(), 40u);
  // Least-squares slope of delay against distance: 1 / conduction velocity.
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < distance.size(); ++i) {
    mx += distance[i] / static_cast<double>(distance.size());
    my += delay[i] / static_cast<double>(distance.size());
  }
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < distance.size(); ++i) {
    sxy += (distance[i] - mx) * (delay[i] - my);
    sxx += (distance[i] - mx) * (distance[i] - mx);
  }
  const double velocity = sxx / sxy;
  EXPECT_NEAR(velocity, g.spread_velocity_m_s, 0.25 * g.spread_velocity_m_s);
  // Order: the lumbar erector (farthest from T9) fires last on average.
  const auto mean_delay = [&](const std::string& muscle) {
    const double d = std::abs(s.model.physiology.muscles[channel_index(emg.channels, muscle)].cord_position_m - g.origin_position_m);
    double sum = 0;
    int n = 0;
    for (std::size_t i = 0; i < distance.size(); ++i)
      if (std::abs(distance[i] - d) < 1e-9) {
        sum += delay[i];
        ++n;
      }
    return sum / n;
  };
  EXPECT_GT(mean_delay("erector_spinae_lumbar"), mean_delay("rectus_abdominis_lower") + 0.01);
}

TEST(MyoclonusPhenotype, BrainstemJerksAreGeneralisedWithRostroCaudalOnsets) {
  const auto s = bundled("brainstem_startle");
  const TrialRecord r = engine::run_trial(s, 0);
  const auto& emg = series(r, "emg");
  // EMG onsets (2 ms envelope) of the highest (T7) and lowest (L2) pools after each jerk.
  const auto onsets = [&](const std::string& muscle) {
    std::vector<double> out;
    for (const auto& [a, b] : detect_bursts(emg_envelope(emg, channel_index(emg.channels, muscle), 0.002), emg.rate_hz, 0.15, 0.03, 0.05))
      out.push_back(static_cast<double>(a) / emg.rate_hz);
    return out;
  };
  const auto upper = onsets("rectus_abdominis_upper"), lumbar = onsets("erector_spinae_lumbar");
  const auto& muscles = s.model.physiology.muscles;
  const double expected = (muscles[channel_index(emg.channels, "erector_spinae_lumbar")].cord_position_m -
                           muscles[channel_index(emg.channels, "rectus_abdominis_upper")].cord_position_m) /
                          s.myoclonus.front().spread_velocity_m_s;
  std::vector<double> lags;
  for (const double t : upper) {
    const auto it = std::lower_bound(lumbar.begin(), lumbar.end(), t - 0.02);
    if (it != lumbar.end() && *it < t + 0.05) lags.push_back(*it - t);
  }
  ASSERT_GE(lags.size(), 4u);  // generalised: every jerk reaches both ends of the trunk
  EXPECT_NEAR(median_of(lags), expected, 0.004);
  EXPECT_GT(median_of(lags), 0.0);  // rostral before caudal
}

TEST(MyoclonusPhenotype, NegativeMyoclonusSilentPeriodsMeasuredFromEmgMatchTheLabels) {
  const TrialRecord r = engine::run_trial(bundled("negative_myoclonus"), 0);
  const auto& emg = series(r, "emg");
  const std::string muscle = "extensor_carpi_radialis";
  const auto env = emg_envelope(emg, channel_index(emg.channels, muscle), 0.02);
  // Silent periods: the envelope below 15 % of its median during the hold, for at least 40 ms.
  std::vector<double> hold(env.begin() + static_cast<std::ptrdiff_t>(1.5 * emg.rate_hz), env.end());
  const double quiet = 0.15 * median_of(hold);
  std::vector<std::pair<double, double>> silences;
  for (auto k = static_cast<std::size_t>(1.5 * emg.rate_hz); k < env.size();) {
    if (env[k] >= quiet) {
      ++k;
      continue;
    }
    std::size_t j = k;
    while (j < env.size() && env[j] < quiet) ++j;
    if (static_cast<double>(j - k) / emg.rate_hz >= 0.04) silences.emplace_back(static_cast<double>(k) / emg.rate_hz, static_cast<double>(j) / emg.rate_hz);
    k = j;
  }
  const auto labelled = events_of(r.events, "myoclonic_silent_period", muscle);
  ASSERT_GE(labelled.size(), 5u);
  // Every labelled silent period (at least 50 ms of a pool that cannot fire) is silent in the EMG.
  for (const std::size_t i : labelled) {
    const double a = r.events.start_time()[i], b = r.events.stop_time()[i];
    EXPECT_GE(b - a, 0.05 - 1e-9) << "a silent period shorter than the 50 ms of negative myoclonus";
    const auto match = std::find_if(silences.begin(), silences.end(), [&](const auto& s) { return s.first < b && s.second > a; });
    ASSERT_NE(match, silences.end()) << "labelled silent period at " << a << " s not found in the EMG";
    EXPECT_NEAR(match->first, a, 0.03);
    EXPECT_NEAR(match->second - match->first, b - a, std::max(0.03, 0.2 * (b - a)));
  }
  // Every EMG silence clearly above the rule's 50 ms (beyond the detector's ±10 ms) is labelled.
  // Plain variables, not a structured binding: clang 14 (the sanitizer presets) cannot capture those.
  for (const auto& silence : silences) {
    const double a = silence.first, b = silence.second;
    if (b - a < 0.06) continue;
    const bool found = std::any_of(labelled.begin(), labelled.end(), [&](std::size_t i) {
      return r.events.start_time()[i] < b && r.events.stop_time()[i] > a;
    });
    EXPECT_TRUE(found) << "EMG silence at " << a << " s (" << (b - a) * 1e3 << " ms) has no label";
  }
}

TEST(MyoclonusPhenotype, EveryLabelledJerkIsVisibleInTheKinematics) {
  // The same trial with and without its generators (same seed: the same noise, dystonia and
  // sensors), so the difference in angular acceleration is what the jerks did. Every labelled
  // jerk must move the limb by more than three times the bundled accelerometer noise.
  for (const std::string name : {"cortical_reflex_myoclonus", "brainstem_startle", "propriospinal_myoclonus", "negative_myoclonus",
                                 "myoclonus_dystonia"}) {
    const auto with = bundled(name, quiet_sensors());
    auto without = with;
    without.myoclonus.clear();
    const TrialRecord r = engine::run_trial(with, 0);
    const TrialRecord base = engine::run_trial(without, 0);
    const auto& acc = series(r, "kinematics/acceleration");
    const auto& acc0 = series(base, "kinematics/acceleration");
    const double sensor_noise = bundled(name).signals.kinematics.acceleration_noise_rad_s2;
    std::size_t jerks = 0;
    for (std::size_t i = 0; i < r.events.size(); ++i) {
      if (r.events.label()[i].rfind("myoclonus_", 0) != 0) continue;
      ++jerks;
      double peak = 0;
      for (auto k = static_cast<std::size_t>(r.events.start_time()[i] * acc.rate_hz);
           k < std::min(acc.n_samples(), static_cast<std::size_t>((r.events.start_time()[i] + 0.2) * acc.rate_hz)); ++k)
        peak = std::max(peak, std::abs(static_cast<double>(acc.at(k, 0)) - acc0.at(k, 0)));
      EXPECT_GT(peak, 3.0 * sensor_noise) << name << ": jerk at " << r.events.start_time()[i] << " s";
    }
    EXPECT_GT(jerks, 3u) << name;
  }
}

TEST(MyoclonusPhenotype, MyoclonusAndDystoniaKeepSeparateBitsWhereTheyOverlap) {
  const TrialRecord r = engine::run_trial(bundled("myoclonus_dystonia"), 0);
  const LabelMask jerk = r.labels.mask_of("myoclonus"), both = r.labels.mask_of("dystonia") | jerk;
  std::size_t overlap = 0, myoclonus = 0;
  for (const LabelMask m : r.labels.data) {
    overlap += (m & both) == both;
    myoclonus += (m & jerk) != 0;
  }
  EXPECT_GT(myoclonus, 0u);
  EXPECT_GT(overlap, 0u);  // jerks during dystonic contraction carry both bits
}

}  // namespace
}  // namespace nmsim::testing
