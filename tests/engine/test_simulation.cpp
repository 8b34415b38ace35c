// The engine facade (engine/engine.hpp) runs a trial in memory. This executable links
// nmsim_engine and GoogleTest only: no HDF5, no CLI11 (CMakeLists.txt checks the link closure).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "../cli/cli_harness.hpp"
#include "core/error.hpp"
#include "engine/engine.hpp"

namespace nmsim::engine {
namespace {

const std::filesystem::path kScenarios = NMSIM_SOURCE_DIR "/scenarios";
const std::filesystem::path kModels = NMSIM_SOURCE_DIR "/models";

// The command-line tests' short ankle scenario (0.8 s at 6x reflex gain).
const std::string kShort(cli_test::kShortScenario);

const TimeSeries* find_series(const TrialRecord& r, const std::string& path) {
  const auto it = std::find_if(r.series.begin(), r.series.end(), [&](const TimeSeries& s) { return s.path == path; });
  return it == r.series.end() ? nullptr : &*it;
}

TEST(Simulation, FromFileRunsATrialInMemory) {
  const Simulation sim = Simulation::from_file(kScenarios / "ankle_clonus.yaml", {});
  EXPECT_EQ(sim.scenario().name, "ankle_clonus");
  const Trial t = sim.run(0);
  const TimeSeries* emg = find_series(t.record, "emg");
  const TimeSeries* angle = find_series(t.record, "kinematics/angle");
  ASSERT_NE(emg, nullptr);
  ASSERT_NE(angle, nullptr);
  EXPECT_EQ(emg->n_channels(), 3u);
  EXPECT_EQ(emg->n_samples(), static_cast<std::size_t>(30.0 * emg->rate_hz));
  EXPECT_EQ(t.record.labels.n_samples(), emg->n_samples());
  // 6x reflex gain under a held push: clonus, labelled and counted.
  EXPECT_GT(t.stats.count("clonus_beats"), 10.0);
  EXPECT_GT(t.record.events.size(), 10u);
  EXPECT_EQ(t.provenance.seed, sim.scenario().seed);
  EXPECT_NE(t.provenance.model_yaml.find("soleus"), std::string::npos);
}

TEST(Simulation, FromTextUsesOnlyTheGivenModelDirs) {
  const Simulation sim = Simulation::from_text(kShort, {kModels});
  const Trial a = sim.run(0), b = sim.run(0);
  ASSERT_NE(find_series(a.record, "emg"), nullptr);
  EXPECT_EQ(find_series(a.record, "emg")->data, find_series(b.record, "emg")->data);  // deterministic
  EXPECT_EQ(a.record.labels.data, b.record.labels.data);
  // Another seed (or trial) draws other motor units and noise.
  EXPECT_NE(find_series(sim.run(0, 4).record, "emg")->data, find_series(a.record, "emg")->data);
  EXPECT_NE(find_series(sim.run(1).record, "emg")->data, find_series(a.record, "emg")->data);

  try {
    (void)Simulation::from_text(kShort, {}, {}, "my-text");
    FAIL() << "the model was found without a model folder";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, "my-text");
    EXPECT_EQ(e.key_path(), "model");
    EXPECT_NE(std::string(e.what()).find("unknown model 'ankle'"), std::string::npos) << e.what();
  }
}

TEST(Simulation, SetsApplyAsOnTheCommandLine) {
  const Simulation sim = Simulation::from_text(kShort, {kModels}, {"parameters.spinal.reflex_gain=1"});
  EXPECT_EQ(sim.scenario().model.physiology.spinal.reflex_gain, 1.0);
  EXPECT_EQ(sim.run(0).stats.count("clonus_beats"), 0.0);  // normal reflexes: no clonus
  EXPECT_THROW((void)Simulation::from_text(kShort, {kModels}, {"parameters.spinal.no_such_key=1"}), InputError);
}

}  // namespace
}  // namespace nmsim::engine
