// The engine facade (engine/engine.hpp) runs a trial in memory. This executable links
// nmsim_engine and GoogleTest only: no HDF5, no CLI11 (CMakeLists.txt checks the link closure).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

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

// ankle_recording_chain is ankle_clonus with the amplifier's low-pass and a recording chain:
// the muscles, labels and phenomenon events are those of ankle_clonus with the same low-pass,
// emg_clean is that run's EMG bit for bit, and the chain's artefacts are in their own mask and
// events, each event's samples marked with its bit and nothing else marked.
TEST(Simulation, RecordingChainDegradesTheEmgAfterLabelling) {
  const Trial chain = Simulation::from_file(kScenarios / "ankle_recording_chain.yaml", {}).run(0);
  const Trial plain = Simulation::from_file(kScenarios / "ankle_clonus.yaml", {}, {"signals.emg.lowpass=450"}).run(0);
  const TimeSeries* emg = find_series(chain.record, "emg");
  const TimeSeries* clean = find_series(chain.record, "emg_clean");
  const TimeSeries* reference = find_series(plain.record, "emg");
  ASSERT_TRUE(emg && clean && reference);
  EXPECT_EQ(find_series(plain.record, "emg_clean"), nullptr);
  EXPECT_EQ(clean->data, reference->data);
  EXPECT_EQ(chain.record.labels.data, plain.record.labels.data);
  EXPECT_TRUE(plain.record.artefacts.channels.empty());

  // Phenomenon events unchanged; artefact events on top.
  const EventTable& ev = chain.record.events;
  std::vector<double> starts;
  std::vector<std::string> labels;
  std::map<std::string, std::size_t> artefact_events;
  const LabelSeries& mask = chain.record.artefacts;
  ASSERT_EQ(mask.bit_names, (std::vector<std::string>{"clipping", "electrode_pop", "dropout", "ecg_qrs", "electrode_shift"}));
  ASSERT_EQ(mask.channels, emg->channels);
  ASSERT_EQ(mask.data.size(), emg->data.size());
  std::vector<LabelMask> expected(mask.data.size(), 0);
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (!ev.label()[i].starts_with("artefact_")) {
      starts.push_back(ev.start_time()[i]);
      labels.push_back(ev.label()[i]);
      continue;
    }
    if (ev.label()[i] == "artefact_sensor_saturation") {  // the accelerometer's, not an EMG channel's
      EXPECT_TRUE(ev.channel()[i].starts_with("kinematics/accelerometer/")) << ev.channel()[i];
      ++artefact_events["sensor_saturation"];
      continue;
    }
    const std::string bit = ev.label()[i].substr(9);
    ++artefact_events[bit];
    const auto c = static_cast<std::size_t>(
        std::find(mask.channels.begin(), mask.channels.end(), ev.channel()[i]) - mask.channels.begin());
    ASSERT_LT(c, mask.channels.size());
    // docs/labels.md: samples k with start <= k / rate < stop.
    const auto sample = [&](double t) { return static_cast<std::size_t>(std::ceil(t * emg->rate_hz - 1e-6)); };
    const std::size_t first = sample(ev.start_time()[i]);
    const std::size_t last = std::min(mask.n_samples(), sample(ev.stop_time()[i]));
    for (std::size_t k = first; k < last; ++k) expected[k * mask.channels.size() + c] |= mask.mask_of(bit);
  }
  EXPECT_EQ(starts, plain.record.events.start_time());
  EXPECT_EQ(labels, plain.record.events.label());
  EXPECT_EQ(mask.data, expected);
  // 3 pops and 1 dropout a minute per channel over 30 s: some of each, and the 3 mV pops clip.
  EXPECT_GT(artefact_events["electrode_pop"], 1u);
  EXPECT_GT(artefact_events["dropout"], 0u);
  EXPECT_GT(artefact_events["clipping"], 0u);
  EXPECT_GT(artefact_events["sensor_saturation"], 0u);  // the ±2 g accelerometer
  // A dropout reads 0 V; clipped samples sit at the rails, ±2.5 mV here.
  for (std::size_t k = 0; k < mask.data.size(); ++k) {
    if (mask.data[k] & mask.mask_of("dropout")) {
      EXPECT_EQ(emg->data[k], 0.0f);
    }
    if (mask.data[k] & mask.mask_of("clipping")) {
      EXPECT_NEAR(std::abs(emg->data[k]), 2.5e-3, 2e-6);
    }
  }
  std::size_t changed = 0;
  for (std::size_t k = 0; k < emg->data.size(); ++k) changed += emg->data[k] != clean->data[k];
  EXPECT_GT(changed, emg->data.size() * 9 / 10);
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
