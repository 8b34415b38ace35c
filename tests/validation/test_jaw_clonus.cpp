// Jaw clonus (scenarios/jaw_clonus.yaml, models/jaw.yaml): the jaw closers' brainstem stretch
// reflex, unstable above its critical gain, sustains clonus under a held press on the chin. The
// loop is five times shorter than the ankle's, so the clonus is faster. Measured from the
// noise-free jaw angle and the EMG, independently of the labeller, at several presses, gains
// (relative to the critical gain that `nmsim stability` reports) and seeds.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "analysis/stability.hpp"
#include "engine/trial_runner.hpp"
#include "phenotype_measures.hpp"

namespace nmsim::testing {
namespace {

// The bundled jaw scenario with noise-free kinematics, a hold of `hold_s`, and `sets`.
scenario::Scenario jaw(double hold_s, std::vector<std::string> sets) {
  for (const char* key : {"angle_noise", "velocity_noise", "acceleration_noise", "accelerometer_noise", "torque_noise"})
    sets.push_back(std::string("signals.kinematics.") + key + "=0");
  sets.push_back("protocol[2].duration=" + std::to_string(hold_s));
  return bundled("jaw_clonus", sets);
}

analysis::StabilityReport critical_of(const scenario::Scenario& s) {
  return analysis::critical_gain(s.model.physiology, s.protocol, analysis::default_stability_phase(s.protocol));
}

// The longest clonus episode on `muscle`, or none (row index -1).
long longest_episode(const EventTable& ev, const std::string& muscle) {
  long best = -1;
  for (const std::size_t i : events_of(ev, "clonus_episode", muscle))
    if (best < 0 || ev.stop_time()[i] - ev.start_time()[i] > ev.stop_time()[static_cast<std::size_t>(best)] -
                                                                ev.start_time()[static_cast<std::size_t>(best)])
      best = static_cast<long>(i);
  return best;
}

TEST(JawClonus, TheHeldPressSustainsFastClonusThatStopsOnRelease) {
  const auto s = jaw(12.0, {});
  const auto crit = critical_of(s);
  ASSERT_TRUE(crit.critical_found);
  ASSERT_GT(s.model.physiology.spinal.reflex_gain, crit.critical_gain) << "the bundled gain must be above critical";
  const TrialRecord r = engine::run_trial(s, 0);
  const auto& ev = r.events;
  const long e = longest_episode(ev, "masseter");
  ASSERT_GE(e, 0) << "no masseter clonus episode";
  const auto i = static_cast<std::size_t>(e);
  // The hold runs from 1.1 s to 13.1 s; the episode covers it, beats on through the few damped
  // cycles of the jaw's return after the release, and ends within a period of its last peak.
  EXPECT_EQ(ev.int_columns().at("sustained")[i], 1);
  EXPECT_LT(ev.start_time()[i], 1.5);
  EXPECT_GT(ev.stop_time()[i], 12.9);
  EXPECT_LT(ev.stop_time()[i], 13.1 + 0.5);
  const double f = ev.real_columns().at("frequency")[i];
  double last_peak = 0;
  for (const std::size_t b : events_of(ev, "clonus_beat", "masseter"))
    if (ev.parent()[b] == e) last_peak = std::max(last_peak, ev.real_columns().at("peak_time")[b]);
  EXPECT_LE(ev.stop_time()[i] - last_peak, 1.0 / f);
  // The labelled rate is the jaw's oscillation, which is the loop's Hopf frequency.
  const auto osc = measure(series(r, "kinematics/angle"), 3.0, 12.0);
  EXPECT_NEAR(f, osc.frequency_hz, 0.3);
  EXPECT_NEAR(f, crit.critical_frequency_hz, 1.0);
  // Visible: the chin (9 cm from the condyle) moves by a few tenths of a millimetre and
  // accelerates by a few m/s^2; nothing after release.
  EXPECT_GT(osc.peak_to_peak * 0.09, 1.5e-4);
  EXPECT_LT(measure(series(r, "kinematics/angle"), 13.8, 15.0).peak_to_peak, 0.1 * osc.peak_to_peak);
  // The opener has almost no spindles: no clonus of its own.
  EXPECT_TRUE(events_of(ev, "clonus_beat", "digastric").empty());
}

TEST(JawClonus, FasterThanAnkleClonusBecauseTheBrainstemLoopIsShorter) {
  const TrialRecord jaw_trial = engine::run_trial(jaw(4.0, {}), 0);
  const TrialRecord ankle = engine::run_trial(clonus_scenario({"protocol[2].duration=6"}), 0);
  const long j = longest_episode(jaw_trial.events, "masseter"), a = longest_episode(ankle.events, "soleus");
  ASSERT_GE(j, 0);
  ASSERT_GE(a, 0);
  const double f_jaw = jaw_trial.events.real_columns().at("frequency")[static_cast<std::size_t>(j)];
  const double f_ankle = ankle.events.real_columns().at("frequency")[static_cast<std::size_t>(a)];
  EXPECT_GT(f_jaw, 1.5 * f_ankle) << "jaw " << f_jaw << " Hz, ankle " << f_ankle << " Hz";
}

// Across presses, gains relative to the critical gain and seeds: below critical the press gives
// at most a few damped beats and no sustained episode; above, clonus is sustained through the
// hold at the analysis' frequency, with one masseter EMG burst per labelled beat.
TEST(JawClonus, SustainedExactlyAboveTheCriticalGainAcrossPressesAndSeeds) {
  for (const double press : {0.05, 0.1, 0.2}) {
    const std::string load = "protocol[2].load_torque=" + std::to_string(press);
    const auto crit = critical_of(jaw(4.0, {load}));
    ASSERT_TRUE(crit.critical_found) << press;
    for (const double ratio : {0.7, 1.3})
      for (const char* seed : {"1", "7"}) {
        const std::string where = "press " + std::to_string(press) + " N*m, gain " + std::to_string(ratio) + "x critical, seed " + seed;
        const auto s = jaw(4.0, {load, "seed=" + std::string(seed),
                                 "parameters.spinal.reflex_gain=" + std::to_string(ratio * crit.critical_gain)});
        const TrialRecord r = engine::run_trial(s, 0);
        const auto& ev = r.events;
        const long e = longest_episode(ev, "masseter");
        if (ratio < 1.0) {
          EXPECT_LE(events_of(ev, "clonus_beat", "masseter").size(), 4u) << where;
          EXPECT_TRUE(e < 0 || ev.int_columns().at("sustained")[static_cast<std::size_t>(e)] == 0) << where;
          continue;
        }
        ASSERT_GE(e, 0) << where;
        const auto i = static_cast<std::size_t>(e);
        EXPECT_EQ(ev.int_columns().at("sustained")[i], 1) << where;
        EXPECT_GT(ev.stop_time()[i], 4.9) << where;
        EXPECT_NEAR(ev.real_columns().at("frequency")[i], crit.critical_frequency_hz, 1.5) << where;
        // Each beat in the hold's steady part holds a masseter EMG burst: its envelope inside the
        // beat clearly above the envelope in the gap before the next beat.
        const auto& emg = series(r, "emg");
        const auto env = emg_envelope(emg, channel_index(emg.channels, "masseter"), 0.005);
        auto mean_env = [&](double a, double b) {
          double sum = 0;
          std::size_t n = 0;
          for (auto k = static_cast<std::size_t>(a * emg.rate_hz); k < static_cast<std::size_t>(b * emg.rate_hz); ++k, ++n) sum += env[k];
          return sum / static_cast<double>(std::max<std::size_t>(n, 1));
        };
        std::vector<std::pair<double, double>> beats;
        for (const std::size_t b : events_of(ev, "clonus_beat", "masseter"))
          if (ev.start_time()[b] > 2.0 && ev.stop_time()[b] < 5.0) beats.emplace_back(ev.start_time()[b], ev.stop_time()[b]);
        std::sort(beats.begin(), beats.end());
        ASSERT_GT(beats.size(), 20u) << where;
        std::size_t bursts = 0;
        for (std::size_t b = 0; b + 1 < beats.size(); ++b)
          if (mean_env(beats[b].first, beats[b].second) > 1.3 * mean_env(beats[b].second, beats[b + 1].first)) ++bursts;
        EXPECT_GE(static_cast<double>(bursts), 0.9 * static_cast<double>(beats.size() - 1)) << where;
      }
  }
}

}  // namespace
}  // namespace nmsim::testing
