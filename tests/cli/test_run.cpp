// The success path of `nmsim run` / `validate`, --set overrides, and reproducibility: the
// same seed gives bit-identical data; another seed changes only the random parts.
#include <gtest/gtest.h>

#include <cstdlib>

#include <algorithm>
#include <cstring>
#include <map>
#include <regex>

#include "cli_harness.hpp"
#include "io/dataset_reader.hpp"
#include "scenario/config_reader.hpp"
#include "nmsim/version.hpp"

namespace nmsim::cli_test {
namespace {

const std::string kBase(kShortScenario);

template <class T>
bool same_bytes(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

bool same_series(const TimeSeries& a, const TimeSeries& b) {
  return a.path == b.path && a.unit == b.unit && a.description == b.description && a.channels == b.channels &&
         same_bytes(std::vector<double>{a.rate_hz, a.starting_time_s}, std::vector<double>{b.rate_hz, b.starting_time_s}) &&
         same_bytes(a.data, b.data);
}

// Compares two trials field by field (bytes for numbers, so NaN == NaN) and reports each difference.
void expect_identical_trials(const io::DatasetReader& ra, const io::DatasetReader& rb) {
  ASSERT_EQ(ra.trial_indices(), rb.trial_indices());
  for (const std::uint64_t t : ra.trial_indices()) {
    const TrialRecord a = ra.read_trial(t), b = rb.read_trial(t);
    EXPECT_TRUE(same_bytes(std::vector<double>{a.duration_s}, std::vector<double>{b.duration_s}));
    ASSERT_EQ(a.series.size(), b.series.size());
    for (std::size_t i = 0; i < a.series.size(); ++i)
      EXPECT_TRUE(same_series(a.series[i], b.series[i])) << "series " << a.series[i].path << " differs";
    EXPECT_EQ(a.labels.channels, b.labels.channels);
    EXPECT_TRUE(same_bytes(a.labels.data, b.labels.data)) << "labels differ";
    EXPECT_EQ(ra.label_bit_names(t), rb.label_bit_names(t));
    EXPECT_EQ(ra.event_columns(t), rb.event_columns(t));
    const EventTable &ea = a.events, &eb = b.events;
    EXPECT_TRUE(same_bytes(ea.start_time(), eb.start_time())) << "events.start_time differs";
    EXPECT_TRUE(same_bytes(ea.stop_time(), eb.stop_time())) << "events.stop_time differs";
    EXPECT_EQ(ea.label(), eb.label());
    EXPECT_EQ(ea.channel(), eb.channel());
    EXPECT_TRUE(same_bytes(ea.parent(), eb.parent())) << "events.parent differs";
    ASSERT_EQ(ea.real_columns().size(), eb.real_columns().size());
    for (const auto& [name, col] : ea.real_columns()) {
      ASSERT_TRUE(eb.real_columns().count(name)) << name;
      EXPECT_TRUE(same_bytes(col, eb.real_columns().at(name))) << "events." << name << " differs";
    }
    ASSERT_EQ(ea.int_columns().size(), eb.int_columns().size());
    for (const auto& [name, col] : ea.int_columns()) {
      ASSERT_TRUE(eb.int_columns().count(name)) << name;
      EXPECT_TRUE(same_bytes(col, eb.int_columns().at(name))) << "events." << name << " differs";
    }
    ASSERT_EQ(a.parameters.size(), b.parameters.size());
    for (std::size_t i = 0; i < a.parameters.size(); ++i) {
      EXPECT_EQ(a.parameters[i].first, b.parameters[i].first);
      EXPECT_TRUE(same_bytes(std::vector<double>{a.parameters[i].second}, std::vector<double>{b.parameters[i].second}))
          << a.parameters[i].first;
    }
    EXPECT_EQ(a.phase_names, b.phase_names);
    EXPECT_TRUE(same_bytes(a.phase_start_s, b.phase_start_s));
    EXPECT_TRUE(same_bytes(a.phase_stop_s, b.phase_stop_s));
  }
}

const TimeSeries& series(const TrialRecord& rec, const std::string& path) {
  for (const auto& s : rec.series)
    if (s.path == path) return s;
  ADD_FAILURE() << "no series " << path;
  static const TimeSeries none;
  return none;
}

class Run : public CliTest {
 protected:
  // Runs `run SCENARIO -o out/NAME EXTRA...`, expects success and returns the output path.
  fs::path run_ok(const fs::path& scenario, const std::string& name, const std::vector<std::string>& extra = {}) {
    const fs::path target = out() / name;
    std::vector<std::string> args{"run", scenario.string(), "-o", target.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    const RunResult r = nmsim(args);
    EXPECT_EQ(r.exit_code, 0) << "stderr:\n" << r.err;
    EXPECT_TRUE(fs::is_regular_file(target));
    return target;
  }
};

TEST_F(Run, WritesFileAndPrintsSummary) {
  const fs::path s = scenario(kBase);
  const fs::path target = out() / "result.h5";
  const RunResult r = nmsim({"run", s.string(), "-o", target.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const std::regex expected("wrote " + std::regex_replace(target.string(), std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
                            "\ncli_short: 1 trial\\(s\\), 0\\.8 s simulated in [0-9.]+ s \\([0-9]+x real time\\); "
                            "(clonus: [0-9]+ episodes? and [0-9]+ beats? in the lead muscle \\([0-9.]+ per episode\\)"
                            "(, [0-9.]+ Hz)?, SCATS grade [1-3]|no clonus, dystonia or myoclonus labelled)\n");
  EXPECT_TRUE(std::regex_match(r.out, expected)) << "stdout:\n" << r.out;
  EXPECT_EQ(list_dir(out()), std::vector<std::string>{"result.h5"});  // no temporary file left

  const io::DatasetReader reader(target);
  EXPECT_EQ(reader.root_string_attribute("format"), "nmsim");
  EXPECT_EQ(reader.format_version(), 1);
  EXPECT_EQ(reader.generator(), std::string("nmsim ") + kVersion);
  ASSERT_TRUE(reader.has_provenance());
  const Provenance p = reader.read_provenance();
  EXPECT_EQ(p.seed, 1u);
  EXPECT_EQ(p.scenario_path, s.string());
  EXPECT_EQ(p.nmsim_version, kVersion);
  EXPECT_NE(p.command_line.find(" run " + s.string() + " -o " + target.string()), std::string::npos) << p.command_line;
  EXPECT_EQ(reader.trial_indices(), std::vector<std::uint64_t>{0});
  EXPECT_NEAR(reader.trial_duration(0), 0.8, 1e-12);
  const auto paths = reader.series_paths(0);
  for (const char* want : {"emg", "kinematics/angle", "internals/excitation"})
    EXPECT_NE(std::find(paths.begin(), paths.end(), want), paths.end()) << want;
  const TimeSeries emg = reader.read_series(0, "emg");
  EXPECT_EQ(emg.n_samples(), 1600u);  // 0.8 s at 2 kHz
  EXPECT_EQ(emg.channels, (std::vector<std::string>{"soleus", "gastrocnemius", "tibialis_anterior"}));
}

TEST_F(Run, QuietPrintsNothing) {
  const fs::path s = scenario(kBase);
  const fs::path target = out() / "result.h5";
  const RunResult r = nmsim({"run", "-q", s.string(), "-o", target.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(fs::is_regular_file(target));
}

TEST_F(Run, ValidateAcceptsScenario) {
  const fs::path s = scenario(kBase);
  const RunResult r = nmsim({"validate", s.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(s.string() + ": valid"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("scenario cli_short, model ankle"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 muscles, 3 protocol phases, 0.800 s, 1 trial(s), seed 1"), std::string::npos) << r.out;
  EXPECT_EQ(list_dir(dir()), (std::vector<std::string>{"out", "scenario.yaml"}));  // validate writes nothing
}

TEST_F(Run, SetReachesProvenanceAndParameters) {
  const fs::path s = scenario(kBase);
  const fs::path target = run_ok(s, "result.h5",
                                 {"--set", "parameters.spinal.reflex_gain=2.5", "--set", "protocol[2].duration=0.3"});
  const io::DatasetReader reader(target);
  const Provenance p = reader.read_provenance();
  EXPECT_NE(p.scenario_yaml.find("reflex_gain: 2.5"), std::string::npos) << p.scenario_yaml;
  EXPECT_EQ(p.scenario_yaml.find("reflex_gain: 6.0"), std::string::npos) << p.scenario_yaml;
  EXPECT_NE(p.scenario_yaml.find("duration: 0.3"), std::string::npos) << p.scenario_yaml;
  EXPECT_NE(p.model_yaml.find("reflex_gain: 2.5"), std::string::npos) << p.model_yaml;
  EXPECT_NE(p.command_line.find("--set parameters.spinal.reflex_gain=2.5"), std::string::npos) << p.command_line;
  EXPECT_NEAR(reader.trial_duration(0), 0.6, 1e-12);

  const auto params = reader.read_parameters(0);
  auto value_of = [&](const std::string& name) {
    for (const auto& [n, v] : params)
      if (n == name) return v;
    ADD_FAILURE() << "no parameter '" << name << "' in the trial's parameters table";
    return -1.0;
  };
  EXPECT_EQ(value_of("model.spinal.reflex_gain"), 2.5);
  EXPECT_EQ(value_of("protocol[2].duration"), 0.3);
  EXPECT_EQ(value_of("protocol[0].duration"), 0.1);  // untouched values keep the file's
}

TEST_F(Run, SameSeedGivesBitIdenticalData) {
  const fs::path s = scenario(kBase);
  const fs::path a = run_ok(s, "a.h5", {"--seed", "5"});
  const fs::path b = run_ok(s, "b.h5", {"--seed", "5"});
  const io::DatasetReader ra(a), rb(b);
  EXPECT_EQ(ra.read_provenance().seed, 5u);
  expect_identical_trials(ra, rb);
  // The fixture is long enough to have events, so the event columns are really compared.
  EXPECT_GT(ra.read_events(0).size(), 0u);
}

TEST_F(Run, SameInputsGiveByteIdenticalFile) {
  // Same relative arguments from two folders: even the recorded command line is the same,
  // so the whole file must be identical (docs/format.md: timestamps are off).
  scenario(kBase);
  fs::create_directory(dir() / "r1");
  fs::create_directory(dir() / "r2");
  for (const char* sub : {"r1", "r2"}) {
    const RunResult r = nmsim({"run", "../scenario.yaml", "-o", "out.h5"}, dir() / sub);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const std::string f1 = read_text(dir() / "r1" / "out.h5"), f2 = read_text(dir() / "r2" / "out.h5");
  EXPECT_GT(f1.size(), 0u);
  EXPECT_TRUE(f1 == f2) << "files differ (" << f1.size() << " vs " << f2.size() << " bytes)";
}

TEST_F(Run, OtherSeedChangesEmgButNotPhysiology) {
  const fs::path s = scenario(kBase);
  const fs::path a = run_ok(s, "a.h5", {"--seed", "5"});
  const fs::path c = run_ok(s, "c.h5", {"--seed", "6"});
  const io::DatasetReader ra(a), rc(c);
  EXPECT_EQ(rc.read_provenance().seed, 6u);
  const TrialRecord ta = ra.read_trial(0), tc = rc.read_trial(0);
  ASSERT_EQ(ta.series.size(), tc.series.size());
  // Random: EMG (motor units, firing, noise) and the noisy kinematic sensors.
  EXPECT_FALSE(same_bytes(series(ta, "emg").data, series(tc, "emg").data)) << "EMG ignores the seed";
  EXPECT_FALSE(same_bytes(series(ta, "kinematics/angle").data, series(tc, "kinematics/angle").data))
      << "angle sensor noise ignores the seed";
  // Deterministic: every internal series, the labels and the events.
  int internals = 0;
  for (const auto& sa : ta.series) {
    if (sa.path.rfind("internals/", 0) != 0) continue;
    ++internals;
    EXPECT_TRUE(same_series(sa, series(tc, sa.path))) << sa.path << " depends on the seed";
  }
  EXPECT_GE(internals, 6);
  EXPECT_TRUE(same_bytes(ta.labels.data, tc.labels.data)) << "labels depend on the seed";
  EXPECT_TRUE(same_bytes(ta.events.start_time(), tc.events.start_time())) << "events depend on the seed";
  EXPECT_TRUE(same_bytes(ta.events.stop_time(), tc.events.stop_time())) << "events depend on the seed";
  EXPECT_EQ(ta.events.label(), tc.events.label());
}

// Names may hold control characters (YAML "\e" escapes): printed escaped, never sent raw to the
// terminal.
TEST_F(Run, ControlCharactersInNamesArePrintedEscaped) {
  const fs::path s = scenario(edit(std::string(kShortScenario), "name: cli_short", "name: \"evil\\e[2J\\x07\""));
  const RunResult v = nmsim({"validate", s.string()});
  ASSERT_EQ(v.exit_code, 0) << v.err;
  EXPECT_NE(v.out.find("scenario evil\\x1b[2J\\x07,"), std::string::npos) << v.out;
  const RunResult r = nmsim({"run", s.string(), "-o", (out() / "e.h5").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const RunResult i = nmsim({"inspect", (out() / "e.h5").string()});
  ASSERT_EQ(i.exit_code, 0) << i.err;
  for (const std::string& text : {v.out, r.out, i.out}) {
    EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
    EXPECT_EQ(text.find('\x07'), std::string::npos) << text;
  }
}

// A single long trial shows how far it has got on a terminal (here the pseudo-terminal of
// script(1)), instead of nothing until it ends.
TEST_F(Run, LongSingleTrialShowsProgress) {
  if (std::system("command -v script >/dev/null") != 0) GTEST_SKIP() << "no script(1) for a terminal";
  const fs::path s = scenario(edit(std::string(kShortScenario), "hold, duration: 0.5", "hold, duration: 300.0"));
  const fs::path log = dir() / "terminal.txt";
  const std::string cmd = std::string("script -qec '") + NMSIM_BINARY + " run " + s.string() + " -o " +
                          (out() / "long.h5").string() + " -j 1' /dev/null > " + log.string() + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << read_text(log);
  EXPECT_NE(read_text(log).find(" of 300.3 s simulated"), std::string::npos) << read_text(log);
}

// The trial's parameters table carries each value's unit and the source its model file cites
// (docs/format.md, "parameters/"), for a bundled scenario as the command line writes it.
struct Row {
  double value;
  std::string unit, source;
};

std::map<std::string, Row> table(const fs::path& file) {
  const io::DatasetReader reader(file);
  const auto values = reader.read_parameters(0);
  const auto notes = reader.read_parameter_notes(0);
  std::map<std::string, Row> out;
  for (std::size_t i = 0; i < values.size(); ++i)
    out[values[i].first] = {values[i].second, notes.units.at(i), notes.sources.at(i)};
  return out;
}

// What models/ankle.yaml itself says about a key: the file is the reference, not a literal here.
std::string model_text(const std::string& muscle, const std::string& key, const std::string& part) {
  const auto doc = config::Document::load_file(fs::path(NMSIM_SOURCE_DIR) / "models" / "ankle.yaml");
  return doc.root().at("muscles").at(muscle).at(key).at(part).as_string();
}

TEST_F(Run, ParameterTableEveryValueOfABundledScenarioHasAUnitAndCitedValuesTheirSource) {
  const fs::path scenario = fs::path(NMSIM_SOURCE_DIR) / "scenarios" / "ankle_clonus.yaml";
  const auto rows = table(run_ok(scenario, "clonus.h5", {}));
  ASSERT_GT(rows.size(), 50u);
  std::size_t cited = 0;
  for (const auto& [name, row] : rows) {
    // "1" is a unit too: dimensionless ratios, gains, counts and switches (docs/format.md).
    EXPECT_FALSE(row.unit.empty()) << name;
    cited += !row.source.empty();
  }
  EXPECT_GT(cited, rows.size() / 2) << "most model values are cited in models/ankle.yaml";
  const Row& force = rows.at("model.muscles.soleus.max_isometric_force");
  EXPECT_EQ(force.unit, model_text("soleus", "max_isometric_force", "unit"));
  EXPECT_EQ(force.source, model_text("soleus", "max_isometric_force", "source"));
  EXPECT_EQ(rows.at("model.joint.inertia").unit, "kg*m^2");
  EXPECT_EQ(rows.at("protocol[2].duration").unit, "s");
  EXPECT_EQ(rows.at("seed").unit, "1");
}

// A distribution's parts are in the key's unit (sigma of a log-normal is dimensionless).
TEST_F(Run, ParameterTableDistributionPartsCarryTheirKeysUnit) {
  const fs::path scenario = fs::path(NMSIM_SOURCE_DIR) / "scenarios" / "cortical_reflex_myoclonus.yaml";
  const auto rows = table(run_ok(scenario, "myoclonus.h5", {}));
  std::size_t latency_parts = 0;
  for (const auto& [name, row] : rows) {
    EXPECT_FALSE(row.unit.empty()) << name;
    if (name.find(".latency.") != std::string::npos) {
      ++latency_parts;
      EXPECT_EQ(row.unit, "s") << name;
    }
  }
  EXPECT_EQ(latency_parts, 4u);  // mean, sd, min, max
}

// A value set on the command line is no longer the cited one: its source does not follow it.
TEST_F(Run, ParameterTableOverriddenValueLosesTheFilesSource) {
  const fs::path scenario = fs::path(NMSIM_SOURCE_DIR) / "scenarios" / "ankle_clonus.yaml";
  const auto rows = table(run_ok(scenario, "clonus.h5", {"--set", "parameters.muscles.soleus.max_isometric_force=3000"}));
  const Row& force = rows.at("model.muscles.soleus.max_isometric_force");
  EXPECT_EQ(force.value, 3000.0);
  EXPECT_EQ(force.unit, "N");
  EXPECT_EQ(force.source, "");
  EXPECT_FALSE(rows.at("model.muscles.gastrocnemius.max_isometric_force").source.empty());
}

}  // namespace
}  // namespace nmsim::cli_test
