// Multi-trial generation: the file does not depend on the thread count, the index lists every
// planned trial (failed ones included, with their reason), and failed trials are not data.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <type_traits>
#include <variant>

#include "analysis/stability.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "io/dataset_reader.hpp"
#include "pipeline/merge.hpp"
#include "pipeline/dataset_run.hpp"
#include "scenario/scenario.hpp"
#include "../support/short_ankle_clonus.hpp"

namespace nmsim::testing {
namespace {

namespace fs = std::filesystem;

// A short version of the bundled scenario with a small dataset block.
std::string short_dataset(const std::string& extra_vary) {
  std::string text = short_ankle_clonus(NMSIM_SOURCE_DIR);
  text += "dataset:\n"
          "  subjects: 3\n"
          "  trials_per_subject: 2\n"
          "  vary:\n"
          "    - {path: parameters.spinal.reflex_gain, level: subject, distribution: uniform, min: 2.0, max: 8.0}\n" +
          extra_vary;
  return text;
}

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("nmsim_dataset_test_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

pipeline::RunSummary generate(const fs::path& scenario, const fs::path& out, unsigned threads) {
  pipeline::DatasetRequest r;
  r.scenario_file = scenario;
  r.output = out;
  r.threads = threads;
  r.command_line = "test";
  return pipeline::generate_dataset(r);
}

// The dataset as two shards, generated second half first, each expected to hold `trials`.
std::vector<fs::path> generate_halves(const fs::path& scenario, const fs::path& dir, std::uint64_t trials) {
  std::vector<fs::path> shards;
  for (std::uint64_t k : {2u, 1u}) {
    pipeline::DatasetRequest r;
    r.scenario_file = scenario;
    r.output = dir / ("shard" + std::to_string(k) + ".h5");
    r.shard = pipeline::Shard{k, 2};
    r.threads = 1;
    EXPECT_EQ(pipeline::generate_dataset(r).trials, trials);
    shards.push_back(r.output);
  }
  return shards;
}

template <class T>
bool same_bytes(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

// Same trials with bit-identical arrays, and the same index.
void expect_same_data(const fs::path& x, const fs::path& y) {
  const io::DatasetReader a(x), b(y);
  ASSERT_EQ(a.trial_indices(), b.trial_indices());
  for (std::uint64_t i : a.trial_indices()) {
    ASSERT_EQ(a.series_paths(i), b.series_paths(i));
    for (const auto& path : a.series_paths(i))
      EXPECT_TRUE(same_bytes(a.read_series(i, path).data, b.read_series(i, path).data)) << "trial " << i << " " << path;
    EXPECT_TRUE(same_bytes(a.read_labels(i).data, b.read_labels(i).data)) << i;
    EXPECT_EQ(a.read_parameters(i), b.read_parameters(i)) << i;
    EXPECT_EQ(a.read_events(i).start_time(), b.read_events(i).start_time()) << i;
  }
  const ColumnTable ia = a.read_index(), ib = b.read_index();
  ASSERT_EQ(ia.columns().size(), ib.columns().size());
  for (std::size_t c = 0; c < ia.columns().size(); ++c) {
    EXPECT_EQ(ia.columns()[c].first, ib.columns()[c].first);
    std::visit(
        [&](const auto& col) {
          using V = std::decay_t<decltype(col)>;
          const auto& other = std::get<V>(ib.columns()[c].second);
          if constexpr (std::is_same_v<V, std::vector<double>>)
            EXPECT_TRUE(same_bytes(col, other)) << ia.columns()[c].first;  // NaN-safe
          else
            EXPECT_EQ(col, other) << ia.columns()[c].first;
        },
        ia.columns()[c].second);
  }
}

TEST(DatasetGeneration, ResumedRunEqualsAnUninterruptedOne) {
  const fs::path dir = fresh_dir("resume");
  const fs::path scenario = dir / "s.yaml";
  std::ofstream(scenario) << short_dataset("");
  generate(scenario, dir / "whole.h5", 2);

  pipeline::DatasetRequest r;
  r.scenario_file = scenario;
  r.output = dir / "resumed.h5";
  r.threads = 2;
  // Stop after three trials are stored, as Ctrl-C would.
  EXPECT_THROW(pipeline::generate_dataset(r, [](const pipeline::Progress& p) { if (p.done == 3) request_stop(); }),
               Interrupted);
  clear_stop_request();
  EXPECT_FALSE(fs::exists(r.output));
  const fs::path parts = pipeline::parts_folder(r.output);
  ASSERT_TRUE(fs::is_directory(parts));
  std::size_t kept = 0;
  for (const auto& e : fs::directory_iterator(parts)) kept += e.path().extension() == ".part";
  EXPECT_GE(kept, 3u);

  // Without --resume the leftover is reported, and resuming with another seed is refused.
  EXPECT_THROW(pipeline::generate_dataset(r), InputError);
  pipeline::DatasetRequest other = r;
  other.resume = true;
  other.seed = 99;
  EXPECT_THROW(pipeline::generate_dataset(other), InputError);
  EXPECT_TRUE(fs::is_directory(parts));

  r.resume = true;
  const auto resumed = pipeline::generate_dataset(r);
  EXPECT_EQ(resumed.reused, kept);  // the kept trials were not recomputed
  EXPECT_EQ(resumed.trials, 6u);
  EXPECT_FALSE(fs::exists(parts));
  expect_same_data(dir / "whole.h5", r.output);
  fs::remove_all(dir);
}

TEST(DatasetGeneration, MergedShardsEqualASingleRun) {
  const fs::path dir = fresh_dir("shards");
  const fs::path scenario = dir / "s.yaml";
  std::ofstream(scenario) << short_dataset("");
  generate(scenario, dir / "whole.h5", 1);
  const std::vector<fs::path> shards = generate_halves(scenario, dir, 3u);
  const auto m = pipeline::merge_shards(shards, dir / "merged.h5", "test merge");
  EXPECT_EQ(m.trials, 6u);
  expect_same_data(dir / "whole.h5", dir / "merged.h5");
  // Linked instead of copied: the same data through external links, a much smaller file.
  pipeline::merge_shards(shards, dir / "linked.h5", "test merge --link", true);
  expect_same_data(dir / "whole.h5", dir / "linked.h5");
  EXPECT_LT(fs::file_size(dir / "linked.h5") * 10, fs::file_size(dir / "merged.h5"));
  // A shard of the same dataset generated with another seed does not belong.
  pipeline::DatasetRequest other;
  other.scenario_file = scenario;
  other.output = dir / "other.h5";
  other.shard = pipeline::Shard{2, 2};
  other.seed = 7;
  pipeline::generate_dataset(other);
  std::vector<fs::path> mixed = {dir / "shard1.h5", dir / "other.h5"};
  EXPECT_THROW(pipeline::merge_shards(mixed, dir / "bad.h5", ""), InputError);
  // A missing shard, a repeated shard and a whole dataset are refused, writing nothing.
  EXPECT_THROW(pipeline::merge_shards({shards[0]}, dir / "bad.h5", ""), InputError);
  EXPECT_THROW(pipeline::merge_shards({shards[0], shards[0]}, dir / "bad.h5", ""), InputError);
  EXPECT_THROW(pipeline::merge_shards({shards[0], dir / "whole.h5"}, dir / "bad.h5", ""), InputError);
  EXPECT_FALSE(fs::exists(dir / "bad.h5"));
  EXPECT_THROW(pipeline::parse_shard("3/2"), InputError);
  EXPECT_THROW(pipeline::parse_shard("0/0"), InputError);
  EXPECT_THROW(pipeline::parse_shard("1/"), InputError);
  fs::remove_all(dir);
}

TEST(DatasetGeneration, ClassTagsAreIndexedPerTrialAndSurviveTheMerge) {
  const fs::path dir = fresh_dir("tags");
  const fs::path scenario = dir / "s.yaml";
  std::ofstream(scenario) << short_dataset("") +
                                 "  classes:\n"
                                 "    near: {proportion: 0.34, tags: [near_threshold, hard]}\n"
                                 "    clear: {proportion: 0.33, tags: [hard]}\n"
                                 "    plain: {proportion: 0.33}\n";
  generate(scenario, dir / "whole.h5", 2);
  const ColumnTable index = io::DatasetReader(dir / "whole.h5").read_index();
  const auto& phenotype = std::get<std::vector<std::string>>(*index.find("phenotype"));
  const auto& near = std::get<std::vector<std::int64_t>>(*index.find("tag:near_threshold"));
  const auto& hard = std::get<std::vector<std::int64_t>>(*index.find("tag:hard"));
  ASSERT_EQ(phenotype.size(), 6u);
  for (std::size_t i = 0; i < phenotype.size(); ++i) {
    EXPECT_EQ(near[i], phenotype[i] == "near" ? 1 : 0) << i;
    EXPECT_EQ(hard[i], phenotype[i] == "plain" ? 0 : 1) << i;
  }
  // The difficulty coordinates are columns too.
  for (const char* column : {"phenotype_mixture", "lookalike_frequency", "clonus_band_distance", "salience_db:clonus", "snr_db:recording"})
    EXPECT_NE(index.find(column), nullptr) << column;
  const std::vector<fs::path> shards = generate_halves(scenario, dir, 3u);
  pipeline::merge_shards(shards, dir / "merged.h5", "test merge");
  expect_same_data(dir / "whole.h5", dir / "merged.h5");
  fs::remove_all(dir);
}

TEST(DatasetGeneration, CompressionIsLosslessAndSmaller) {
  const fs::path dir = fresh_dir("compress");
  const fs::path scenario = dir / "s.yaml";
  std::ofstream(scenario) << short_dataset("");
  generate(scenario, dir / "plain.h5", 2);
  pipeline::DatasetRequest r;
  r.scenario_file = scenario;
  r.output = dir / "gz.h5";
  r.compress = true;
  pipeline::generate_dataset(r);
  expect_same_data(dir / "plain.h5", dir / "gz.h5");
  EXPECT_LT(fs::file_size(dir / "gz.h5"), fs::file_size(dir / "plain.h5") * 3 / 4);
  fs::remove_all(dir);
}

TEST(DatasetGeneration, OneAndTwoThreadsWriteIdenticalData) {
  const fs::path dir = fresh_dir("threads");
  const fs::path scenario = dir / "s.yaml";
  std::ofstream(scenario) << short_dataset(
      "    - {path: 'protocol[2].load_torque', level: trial, distribution: normal, mean: 4.0, sd: 0.5, min: 3.0, max: 5.0}\n");
  const auto one = generate(scenario, dir / "one.h5", 1);
  const auto two = generate(scenario, dir / "two.h5", 2);
  EXPECT_EQ(one.trials, 6u);
  EXPECT_EQ(two.threads, 2u);
  const io::DatasetReader a(dir / "one.h5"), b(dir / "two.h5");
  ASSERT_EQ(a.trial_indices(), b.trial_indices());
  ASSERT_EQ(a.trial_indices().size(), 6u);
  for (std::uint64_t i : a.trial_indices()) {
    for (const auto& path : a.series_paths(i)) {
      EXPECT_TRUE(same_bytes(a.read_series(i, path).data, b.read_series(i, path).data)) << "trial " << i << " " << path;
    }
    EXPECT_TRUE(same_bytes(a.read_labels(i).data, b.read_labels(i).data)) << i;
    EXPECT_EQ(a.read_parameters(i), b.read_parameters(i)) << i;
  }
  // Different trials of one subject share the subject's gain but not their load.
  const ColumnTable index = a.read_index();
  for (const auto& st : std::get<std::vector<std::string>>(*index.find("status"))) EXPECT_EQ(st, "ok");
  const auto& gain = std::get<std::vector<double>>(*index.find("value:parameters.spinal.reflex_gain"));
  const auto& load = std::get<std::vector<double>>(*index.find("value:protocol[2].load_torque"));
  const auto& subject = std::get<std::vector<std::int64_t>>(*index.find("subject"));
  ASSERT_EQ(gain.size(), 6u);
  for (std::size_t i = 0; i + 1 < 6; ++i) {
    if (subject[i] == subject[i + 1]) {
      EXPECT_EQ(gain[i], gain[i + 1]);
      EXPECT_NE(load[i], load[i + 1]);
    }
  }
  // The value the trial used is the value the index reports.
  for (std::uint64_t i : a.trial_indices()) {
    bool found = false;
    for (const auto& [name, v] : a.read_parameters(i))
      if (name == "model.spinal.reflex_gain") {
        EXPECT_EQ(v, gain[i]);
        found = true;
      }
    EXPECT_TRUE(found);
  }
  fs::remove_all(dir);
}

// A loop the dystonic cortex keeps oscillating has no critical gain: a class that draws its gain
// relative to one cannot run (indexed with the reason), a class that draws it in absolute terms
// runs, with critical_gain and gain_ratio NaN.
TEST(DatasetGeneration, WithoutACriticalGainOnlyRelativeDrawsFail) {
  const fs::path dir = fresh_dir("no_critical_gain");
  std::ifstream in(NMSIM_SOURCE_DIR "/scenarios/ankle_clonus_with_dystonia.yaml");
  std::stringstream text;
  text << in.rdbuf()
       << "dataset:\n"
          "  subjects: 4\n"
          "  classes:\n"
          "    relative:\n"
          "      proportion: 0.5\n"
          "      vary: [{path: parameters.spinal.reflex_gain, level: subject, distribution: uniform, min: 0.5, max: 0.8, relative_to: critical_gain}]\n"
          "    absolute:\n"
          "      proportion: 0.5\n"
          "      vary: [{path: parameters.spinal.reflex_gain, level: subject, distribution: uniform, min: 3.0, max: 5.0}]\n";
  std::string yaml = text.str();
  yaml.replace(yaml.find("model: ankle"), 12, "model: " NMSIM_SOURCE_DIR "/models/ankle.yaml");
  const fs::path scenario = dir / "s.yaml";
  std::ofstream(scenario) << yaml;
  (void)generate(scenario, dir / "d.h5", 2);
  const ColumnTable index = io::DatasetReader(dir / "d.h5").read_index();
  const auto& phenotype = std::get<std::vector<std::string>>(*index.find("phenotype"));
  const auto& status = std::get<std::vector<std::string>>(*index.find("status"));
  const auto& reason = std::get<std::vector<std::string>>(*index.find("failure_reason"));
  const auto& critical = std::get<std::vector<double>>(*index.find("critical_gain"));
  ASSERT_EQ(status.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    SCOPED_TRACE(phenotype[i]);
    if (phenotype[i] == "relative") {
      EXPECT_EQ(status[i], "failed");
      EXPECT_NE(reason[i].find("unstable already at the smallest reflex gain"), std::string::npos) << reason[i];
    } else {
      EXPECT_EQ(status[i], "ok") << reason[i];
      EXPECT_TRUE(std::isnan(critical[i]));
    }
  }
  fs::remove_all(dir);
}

TEST(DatasetGeneration, NumericallyFailingTrialsAreIndexedNotWritten) {
  const fs::path dir = fresh_dir("failures");
  const fs::path scenario = dir / "s.yaml";
  // A near-massless foot (1e-5 kg*m^2) is far too stiff for the 2.5 ms RK4 step and blows up;
  // which trials get it is random.
  std::ofstream(scenario) << short_dataset(
      "    - {path: parameters.joint.inertia, level: trial, distribution: choice, values: [0.03, 1.0e-5]}\n");
  const auto summary = generate(scenario, dir / "f.h5", 2);
  const io::DatasetReader f(dir / "f.h5");
  const ColumnTable index = f.read_index();
  const auto& status = std::get<std::vector<std::string>>(*index.find("status"));
  const auto& reason = std::get<std::vector<std::string>>(*index.find("failure_reason"));
  const auto& inertia = std::get<std::vector<double>>(*index.find("value:parameters.joint.inertia"));
  ASSERT_EQ(status.size(), 6u);
  std::uint64_t failed = 0;
  const auto written = f.trial_indices();
  for (std::size_t i = 0; i < 6; ++i) {
    const bool is_written = std::find(written.begin(), written.end(), i) != written.end();
    if (inertia[i] < 1e-3) {
      EXPECT_EQ(status[i], "failed") << i;
      EXPECT_NE(reason[i].find("numerical failure"), std::string::npos) << reason[i];
      EXPECT_FALSE(is_written) << i;
      ++failed;
    } else {
      EXPECT_EQ(status[i], "ok") << i << ": " << reason[i];
      EXPECT_TRUE(reason[i].empty());
      EXPECT_TRUE(is_written) << i;
    }
  }
  EXPECT_GT(failed, 0u) << "the fixture should make at least one trial fail";
  EXPECT_LT(failed, 6u) << "the fixture should keep some trials";
  EXPECT_EQ(summary.failed, failed);

  // With fail_fast the first failure aborts the run and no output is written; trials finished
  // before it stay in the parts folder (nothing is lost), but no temporary file.
  pipeline::DatasetRequest r;
  r.scenario_file = scenario;
  r.output = dir / "ff.h5";
  r.threads = 2;
  r.fail_fast = true;
  EXPECT_THROW(pipeline::generate_dataset(r), NumericalError);
  EXPECT_FALSE(fs::exists(r.output));
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path().filename().string().find(".ff.h5.tmp"), std::string::npos) << e.path();
  fs::remove_all(dir);
}

// A gain drawn relative to the critical gain: each trial's critical gain is found by the
// stability analysis of that trial's own scenario (its subject's delay, its push), the gain is
// set to ratio × that, and the index records both, so a scorer can stratify by the ratio.
TEST(DatasetGeneration, GainRelativeToTheCriticalGainIsResolvedPerTrialAndIndexed) {
  const fs::path dir = fresh_dir("relative");
  const fs::path scenario = dir / "s.yaml";
  std::string text = short_dataset("    - {path: 'protocol[2].load_torque', level: trial, distribution: uniform, min: 1.0, max: 8.0}\n"
                                   "    - {path: parameters.defaults.reflex.delay, level: subject, distribution: uniform, min: 0.025, max: 0.07}\n");
  const std::string absolute = "{path: parameters.spinal.reflex_gain, level: subject, distribution: uniform, min: 2.0, max: 8.0}";
  text.replace(text.find(absolute), absolute.size(),
               "{path: parameters.spinal.reflex_gain, level: subject, distribution: uniform, min: 0.5, max: 2.0, relative_to: critical_gain}");
  // The analysis takes the longest phase without a hand servo: make that the held push.
  const std::string hold = "{name: hold, duration: 1.0, load_torque: 4.0}";
  text.replace(text.find(hold), hold.size(), "{name: hold, duration: 1.5, load_torque: 4.0}");
  std::ofstream(scenario) << text;
  generate(scenario, dir / "r.h5", 2);
  const io::DatasetReader f(dir / "r.h5");
  const ColumnTable index = f.read_index();
  const auto& critical = std::get<std::vector<double>>(*index.find("critical_gain"));
  const auto& ratio = std::get<std::vector<double>>(*index.find("gain_ratio"));
  const auto& gain = std::get<std::vector<double>>(*index.find("value:parameters.spinal.reflex_gain"));
  ASSERT_EQ(critical.size(), 6u);

  pipeline::DatasetRequest request;
  request.scenario_file = scenario;
  const scenario::ScenarioSource source(scenario);
  const scenario::DatasetPlan plan = pipeline::dataset_trials(request).plan();
  for (std::uint64_t i = 0; i < plan.size(); ++i) {
    const scenario::TrialPlan t = plan.trial(i);
    ASSERT_EQ(t.relative.size(), 1u);
    // The reference: the full analysis of the trial's scenario without the relative value.
    const scenario::Scenario s = source.load(t.overrides, std::nullopt);
    const auto full = analysis::analyse_stability(s.model.physiology, s.protocol, analysis::default_stability_phase(s.protocol));
    ASSERT_TRUE(full.critical_found);
    EXPECT_NEAR(critical[i] / full.critical_gain, 1.0, 1e-5) << "trial " << i;
    EXPECT_NEAR(ratio[i], t.relative[0].ratio, 1e-12) << "trial " << i;
    EXPECT_DOUBLE_EQ(gain[i], t.relative[0].ratio * critical[i]) << "trial " << i;
    // The trial ran with that gain (its parameters table).
    std::size_t found = 0;
    for (const auto& [name, value] : f.read_parameters(i)) {
      if (name != "model.spinal.reflex_gain") continue;
      EXPECT_DOUBLE_EQ(value, gain[i]) << "trial " << i;
      ++found;
    }
    EXPECT_EQ(found, 1u);
  }
  // The two trials of a subject share the ratio but not the critical gain (their pushes differ).
  EXPECT_EQ(ratio[0], ratio[1]);
  EXPECT_NE(critical[0], critical[1]);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace nmsim::testing
