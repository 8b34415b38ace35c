// The bundled scenario produces clinical ankle clonus through the physiology: sustained at
// 4–8 Hz while the load is held, gone after release, one EMG burst per labelled beat; at a
// normal reflex gain the same test gives at most a few damped beats.
#include <gtest/gtest.h>

#include <cmath>

#include "clonus_fixture.hpp"
#include "engine/trial_runner.hpp"

namespace nmsim::testing {
namespace {

std::size_t channel_of(const TimeSeries& s, const std::string& name) {
  for (std::size_t i = 0; i < s.channels.size(); ++i)
    if (s.channels[i] == name) return i;
  throw std::runtime_error("no channel " + name);
}

TEST(ClonusPhenotype, BundledScenarioSustainsClonusWhileTheLoadIsHeld) {
  const auto s = clonus_scenario({});
  engine::TrialStats stats;
  const TrialRecord r = engine::run_trial(s, 0, &stats);
  const auto& ev = r.events;
  // A sustained soleus episode covering most of the 25 s hold (1.2 s – 26.2 s), at 4–8 Hz.
  bool found = false;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (ev.label()[i] != "clonus_episode" || ev.channel()[i] != "soleus") continue;
    if (ev.stop_time()[i] - ev.start_time()[i] < 20.0) continue;
    found = true;
    EXPECT_EQ(ev.int_columns().at("sustained")[i], 1);
    EXPECT_EQ(ev.int_columns().at("duration_class")[i], 3);
    const double f = ev.real_columns().at("frequency")[i];
    EXPECT_GT(f, 4.0);
    EXPECT_LT(f, 8.0);
    EXPECT_LT(ev.start_time()[i], 3.0);
    EXPECT_GT(ev.stop_time()[i], 25.5);
    EXPECT_LT(ev.stop_time()[i], 27.5);  // stops soon after release at 26.2 s
  }
  EXPECT_TRUE(found) << "no sustained soleus clonus episode";

  // The mechanical oscillation is visible: several tenths of a degree, stopping after release.
  const auto& angle = series(r, "kinematics/angle");
  EXPECT_GT(measure(angle, 10.0, 20.0).peak_to_peak, 0.02);
  EXPECT_LT(measure(angle, 28.0, 30.0).peak_to_peak, 0.1 * measure(angle, 10.0, 20.0).peak_to_peak);
}

TEST(ClonusPhenotype, OneEmgBurstPerBeatPhaseLockedToTheStretch) {
  const auto s = clonus_scenario({"protocol[2].duration=8", "protocol[3].duration=0.5"});
  const TrialRecord r = engine::run_trial(s, 0);
  const auto& emg = series(r, "emg");
  const std::size_t sol = channel_of(emg, "soleus");
  // Rest EMG level (before the stretch at 1 s).
  double rest = 0.0;
  const auto n_rest = static_cast<std::size_t>(0.9 * emg.rate_hz);
  for (std::size_t k = 0; k < n_rest; ++k) rest += std::pow(emg.at(k, sol), 2);
  rest = std::sqrt(rest / static_cast<double>(n_rest));
  // Each soleus beat in the hold: EMG RMS inside the beat well above rest and above the gap
  // before the next beat.
  const auto& ev = r.events;
  std::vector<std::pair<double, double>> beats;
  for (std::size_t i = 0; i < ev.size(); ++i)
    if (ev.label()[i] == "clonus_beat" && ev.channel()[i] == "soleus" && ev.start_time()[i] > 3.0 &&
        ev.stop_time()[i] < 9.0)
      beats.emplace_back(ev.start_time()[i], ev.stop_time()[i]);
  ASSERT_GT(beats.size(), 20u);
  auto rms = [&](double a, double b) {
    double acc = 0.0;
    std::size_t n = 0;
    for (auto k = static_cast<std::size_t>(a * emg.rate_hz); k < static_cast<std::size_t>(b * emg.rate_hz); ++k, ++n)
      acc += std::pow(emg.at(k, sol), 2);
    return std::sqrt(acc / static_cast<double>(std::max<std::size_t>(n, 1)));
  };
  int bursts = 0;
  for (std::size_t b = 0; b + 1 < beats.size(); ++b) {
    const double in = rms(beats[b].first, beats[b].second);
    const double gap = rms(beats[b].second, beats[b + 1].first);
    // The inter-beat EMG is not silent at this gain (the pool keeps a modulated tonic
    // discharge), so the burst is asserted as a clear contrast rather than silence around it.
    if (in > 5.0 * rest && in > 1.5 * gap) ++bursts;
  }
  EXPECT_GE(bursts, static_cast<int>(0.9 * static_cast<double>(beats.size() - 1)));
}

TEST(ClonusPhenotype, NormalReflexGainGivesAtMostAFewDampedBeats) {
  const auto s = clonus_scenario({"parameters.spinal.reflex_gain=1.0"});
  const TrialRecord r = engine::run_trial(s, 0);
  const auto& ev = r.events;
  std::size_t beats = 0;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (ev.label()[i] == "clonus_beat") ++beats;
    if (ev.label()[i] == "clonus_episode") {
      EXPECT_EQ(ev.int_columns().at("sustained")[i], 0);
    }
  }
  EXPECT_LE(beats, 4u);
  const auto& angle = series(r, "kinematics/angle");
  EXPECT_LT(measure(angle, 5.0, 25.0).peak_to_peak, 1e-3);
}

TEST(ClonusPhenotype, LabelsMatchTheEventTable) {
  const auto s = clonus_scenario({"protocol[2].duration=5", "protocol[3].duration=0.5"});
  const TrialRecord r = engine::run_trial(s, 0);
  const auto& L = r.labels;
  const auto& ev = r.events;
  const LabelMask clonus = L.mask_of("clonus");
  for (std::size_t c = 0; c < L.channels.size(); ++c) {
    for (std::size_t k = 0; k < L.n_samples(); k += 7) {
      const double t = static_cast<double>(k) / L.rate_hz;
      bool in_episode = false;
      for (std::size_t i = 0; i < ev.size(); ++i)
        if (ev.label()[i] == "clonus_episode" && ev.channel()[i] == L.channels[c] && t >= ev.start_time()[i] &&
            t <= ev.stop_time()[i])
          in_episode = true;
      ASSERT_EQ((L.at(k, c) & clonus) != 0, in_episode) << L.channels[c] << " t=" << t;
    }
  }
}

}  // namespace
}  // namespace nmsim::testing
