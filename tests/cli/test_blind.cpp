// `nmsim run --blind` and `nmsim blind`: a benchmark file without the answers, and the answer
// key beside it (pipeline/blind_export.hpp, docs/datasets.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "cli_harness.hpp"
#include "io/dataset_reader.hpp"

namespace nmsim::cli_test {
namespace {

// The short scenario as a two-class dataset with a stimulus in every trial, so that the key has
// classes, drawn values, labels and events that the blind file must not have; and with mains
// interference and the clean EMG kept beside it, which the blind file must not have either.
std::string dataset_scenario() {
  std::string text(kShortScenario);
  const std::string emg = "highpass: 10.0}";
  text.replace(text.find(emg), emg.size(), "highpass: 10.0, powerline: {frequency: 50.0, snr_db: 10.0}, store_clean: true}");
  const std::string hold = "{name: hold, duration: 0.5, load_torque: 4.0}";
  text.replace(text.find(hold), hold.size(), "{name: hold, duration: 0.5, load_torque: 4.0, stimuli: {tap: [0.2]}}");
  text += "dataset:\n"
          "  subjects: 4\n"
          "  classes:\n"
          "    normal: {proportion: 0.5, set: {parameters.spinal.reflex_gain: 1.0}}\n"
          "    clonus: {proportion: 0.5, set: {parameters.spinal.reflex_gain: 6.0}}\n"
          "  vary:\n"
          "    - {path: parameters.joint.inertia, level: subject, distribution: uniform, min: 0.025, max: 0.035}\n"
          "  splits: {train: 0.5, test: 0.5}\n";
  return text;
}

class Blind : public CliTest {};

TEST_F(Blind, RunWritesTheSignalsOnlyAndTheAnswerKeyBesideThem) {
  const fs::path s = scenario(dataset_scenario());
  const fs::path target = out() / "bench.h5", key = out() / "bench.key.h5";
  const RunResult r = nmsim({"run", s.string(), "-o", target.string(), "--blind", "-j", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("answer key"), std::string::npos) << r.out;
  EXPECT_EQ(list_dir(out()), (std::vector<std::string>{"bench.h5", "bench.key.h5"}));

  const io::DatasetReader blind(target), full(key);
  EXPECT_TRUE(blind.is_blind());
  EXPECT_FALSE(full.is_blind());
  ASSERT_EQ(blind.trial_indices(), full.trial_indices());
  // /index: who and which split, nothing about the class or how the trial was made.
  std::vector<std::string> columns;
  const ColumnTable blind_index = blind.read_index();
  for (const auto& [name, c] : blind_index.columns()) columns.push_back(name);
  EXPECT_EQ(columns, (std::vector<std::string>{"trial", "subject", "split", "status", "duration"}));
  EXPECT_NE(full.read_index().find("phenotype"), nullptr);
  EXPECT_NE(full.read_index().find("value:parameters.spinal.reflex_gain"), nullptr);
  // Provenance that would let the plan (and so the classes) be recomputed is gone.
  const Provenance p = blind.read_provenance();
  EXPECT_TRUE(p.scenario_yaml.empty() && p.model_yaml.empty() && p.command_line.empty() && p.scenario_path.empty());
  EXPECT_EQ(p.seed, 0u);
  EXPECT_FALSE(p.nmsim_version.empty());
  std::size_t key_events = 0;
  for (const std::uint64_t t : blind.trial_indices()) {
    const TrialRecord b = blind.read_trial(t), f = full.read_trial(t);
    EXPECT_TRUE(b.labels.data.empty() && b.labels.channels.empty()) << "trial " << t;
    EXPECT_TRUE(b.parameters.empty() && b.parameter_units.empty() && b.parameter_sources.empty());
    EXPECT_FALSE(f.parameter_sources.empty());  // what the blind file drops was there
    // Every series a recording has, bit for bit; no internals, no clean EMG.
    std::size_t kept = 0;
    EXPECT_TRUE(std::any_of(f.series.begin(), f.series.end(), [](const auto& x) { return x.path == "emg_clean"; }));
    for (const auto& fs_series : f.series) {
      if (fs_series.path.rfind("internals/", 0) == 0 || fs_series.path == "emg_clean") continue;
      ASSERT_LT(kept, b.series.size());
      EXPECT_EQ(b.series[kept].path, fs_series.path);
      EXPECT_EQ(b.series[kept].data.size(), fs_series.data.size());
      EXPECT_EQ(std::memcmp(b.series[kept].data.data(), fs_series.data.data(), fs_series.data.size() * sizeof(float)), 0)
          << fs_series.path;
      ++kept;
    }
    EXPECT_EQ(kept, b.series.size());
    // Only the examination's stimuli remain of the events.
    ASSERT_EQ(b.events.size(), 1u) << "trial " << t;
    EXPECT_EQ(b.events.label()[0], "stimulus_tap");
    key_events += f.events.size();
    EXPECT_EQ(b.phase_names, f.phase_names);
  }
  EXPECT_GT(key_events, blind.trial_indices().size()) << "the clonus class's beats are in the key only";
}

TEST_F(Blind, ExportOfAnExistingFileMatchesRunBlindAndABlindFileIsRefused) {
  const fs::path s = scenario(dataset_scenario());
  ASSERT_EQ(nmsim({"run", s.string(), "-o", (out() / "a.h5").string(), "--blind", "-q"}).exit_code, 0);
  const RunResult r = nmsim({"blind", (out() / "a.key.h5").string(), "-o", (out() / "b.h5").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const io::DatasetReader a(out() / "a.h5"), b(out() / "b.h5");
  ASSERT_EQ(a.trial_indices(), b.trial_indices());
  for (const std::uint64_t t : a.trial_indices()) {
    const auto ea = a.read_series(t, "emg"), eb = b.read_series(t, "emg");
    EXPECT_EQ(std::memcmp(ea.data.data(), eb.data.data(), ea.data.size() * sizeof(float)), 0);
  }
  const RunResult again = nmsim({"blind", (out() / "a.h5").string(), "-o", (out() / "c.h5").string()});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already a blind export"), std::string::npos) << again.err;
  EXPECT_FALSE(fs::exists(out() / "c.h5"));
}

}  // namespace
}  // namespace nmsim::cli_test
