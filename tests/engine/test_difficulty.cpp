// Difficulty coordinates (docs/labels.md, "Difficulty coordinates"), measured on bundled
// scenarios against what the record itself says and against what the scenario asked for.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "engine/difficulty.hpp"
#include "engine/engine.hpp"

namespace nmsim::engine {
namespace {

const std::filesystem::path kScenarios = NMSIM_SOURCE_DIR "/scenarios";

Trial run(const std::string& name, const std::vector<std::string>& sets = {}) {
  return Simulation::from_file(kScenarios / (name + ".yaml"), {}, sets).run(0);
}

// The real column `column` of the longest row labelled `label`.
double of_longest(const EventTable& ev, const std::string& label, const std::string& column) {
  double longest = -1, value = NAN;
  for (std::size_t i = 0; i < ev.size(); ++i)
    if (ev.label()[i] == label && ev.stop_time()[i] - ev.start_time()[i] > longest)
      longest = ev.stop_time()[i] - ev.start_time()[i], value = ev.real_columns().at(column)[i];
  return value;
}

TEST(Difficulty, AMixedTrialCountsTwoFamiliesAndItsLookalikeFrequency) {
  const Trial t = run("ankle_clonus_with_tremor");
  EXPECT_EQ(t.stats.count("phenotype_mixture"), 2.0);
  const double f = of_longest(t.record.events, "tremor_parkinsonian", "frequency");
  ASSERT_FALSE(std::isnan(f));
  EXPECT_EQ(t.stats.count("lookalike_frequency"), f);
  const double distance = f < kClonusBandLow_hz ? kClonusBandLow_hz - f : f > kClonusBandHigh_hz ? f - kClonusBandHigh_hz : 0.0;
  EXPECT_EQ(t.stats.count("clonus_band_distance"), distance);
  EXPECT_EQ(t.stats.count("salience_db:clonus"), of_longest(t.record.events, "clonus_episode", "salience_db"));
  EXPECT_TRUE(std::isnan(t.stats.count("snr_db:recording"))) << "no clean EMG stored";
}

TEST(Difficulty, ALookalikeOutsideTheBandIsItsDistanceFromIt) {
  // Essential tremor at 9 Hz lies 1.8 Hz above the limb clonus band; nothing else is labelled.
  const Trial t = run("essential_tremor", {"tremor.hand.frequency=9", "tremor.hand.frequency_sd=0"});
  EXPECT_EQ(t.stats.count("phenotype_mixture"), 1.0);
  EXPECT_NEAR(t.stats.count("lookalike_frequency"), 9.0, 0.05);
  EXPECT_NEAR(t.stats.count("clonus_band_distance"), 9.0 - kClonusBandHigh_hz, 0.05);
  EXPECT_TRUE(std::isnan(t.stats.count("salience_db:clonus")));
}

TEST(Difficulty, ClonusAloneHasNoLookalikeAndItsSalienceFallsNearTheCriticalGain) {
  const Trial clear = run("ankle_clonus", {"protocol[2].duration=6"});
  EXPECT_EQ(clear.stats.count("phenotype_mixture"), 1.0);
  EXPECT_TRUE(std::isnan(clear.stats.count("lookalike_frequency")));
  EXPECT_TRUE(std::isnan(clear.stats.count("clonus_band_distance")));
  const Trial near = run("ankle_clonus", {"protocol[2].duration=6", "parameters.spinal.reflex_gain=2.7"});
  ASSERT_FALSE(std::isnan(near.stats.count("salience_db:clonus")));
  EXPECT_LT(near.stats.count("salience_db:clonus"), clear.stats.count("salience_db:clonus"));
}

TEST(Difficulty, TheRecordingSnrIsTheNoiseTheChainWasAskedToAdd) {
  for (const char* snr : {"0", "10", "20"}) {
    const Trial t = run("ankle_clonus", {"protocol[2].duration=4", "signals.emg.store_clean=true",
                                         std::string("signals.emg.coloured_noise.snr_db=") + snr,
                                         "signals.emg.coloured_noise.exponent=1"});
    EXPECT_NEAR(t.stats.count("snr_db:recording"), std::stod(snr), 0.05) << snr << " dB";
  }
}

}  // namespace
}  // namespace nmsim::engine
