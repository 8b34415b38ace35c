// `nmsim inspect` and tools/nmsim_reader.py on a small generated dataset: what they report
// agrees with the /index table and the trials as read independently by DatasetReader.
#include <gtest/gtest.h>

#include <fstream>
#include <hdf5.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <variant>

#include "cli_harness.hpp"
#include "core/error.hpp"
#include "io/dataset_reader.hpp"
// test_cli links nmsim_pipeline but not nmsim_cli, so the command is compiled into this test.
#include "cli/inspect.hpp"
#include "io/schema.hpp"

namespace nmsim::cli_test {
namespace {

using cli::DatasetSummary;
using cli::print_dataset_summary;
using cli::summarize_dataset;
using Counted = std::map<std::string, std::uint64_t>;

// kShortScenario (0.8 s) as a dataset: 4 subjects x 2 trials, two classes, two splits, and a
// trial-level foot inertia that is sometimes far too small for the RK4 step, so that some
// trials fail and appear only in /index.
std::string dataset_scenario() {
  return std::string(kShortScenario) +
         "dataset:\n"
         "  subjects: 4\n"
         "  trials_per_subject: 2\n"
         "  vary:\n"
         "    - {path: parameters.joint.inertia, level: trial, distribution: choice, values: [0.03, 1.0e-6], "
         "weights: [3, 1]}\n"
         "    - {path: 'protocol[2].load_torque', level: subject, distribution: uniform, min: 3.0, max: 5.0}\n"
         "  classes:\n"
         "    healthy: {proportion: 0.5, set: {parameters.spinal.reflex_gain: 1.0}}\n"
         "    clonus: {proportion: 0.5, set: {parameters.spinal.reflex_gain: 6.0}}\n"
         "  splits: {train: 0.75, test: 0.25}\n";
}

template <class T>
const std::vector<T>& col(const ColumnTable& t, const std::string& name) {
  const ColumnTable::Column* c = t.find(name);
  if (c == nullptr || std::get_if<std::vector<T>>(c) == nullptr) throw std::runtime_error("index column " + name);
  return std::get<std::vector<T>>(*c);
}

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs a shell command; returns (exit code, stdout + stderr).
std::pair<int, std::string> shell(const std::string& command) {
  std::string out;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return {-1, "popen failed"};
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  const int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

constexpr const char* kPython = "/usr/bin/python3";

class Inspect : public ::testing::Test {
 protected:
  // One dataset for the whole suite: generating it is the slow part.
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("nmsim-inspect-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    write_text(dir_ / "dataset.yaml", dataset_scenario());
    file_ = dir_ / "dataset.h5";
    generated_ = run_nmsim({"run", (dir_ / "dataset.yaml").string(), "-o", file_.string(), "-q", "-j", "2"}, dir_);
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void SetUp() override { ASSERT_EQ(generated_.exit_code, 0) << generated_.err; }

  // A copy of the dataset for tests that damage it.
  static fs::path copy_of_dataset(const std::string& name) {
    const fs::path p = dir_ / name;
    fs::copy_file(file_, p, fs::copy_options::overwrite_existing);
    return p;
  }
  static bool inspect_registered() {
    return run_nmsim({"--help"}, dir_).out.find("inspect") != std::string::npos;
  }

  static inline fs::path dir_, file_;
  static inline RunResult generated_;
};

TEST_F(Inspect, SummaryAgreesWithTheIndexAndTheTrials) {
  const DatasetSummary s = summarize_dataset(file_);
  const io::DatasetReader r(file_);
  const ColumnTable index = r.read_index();
  const auto& trial = col<std::int64_t>(index, "trial");
  const auto& subject = col<std::int64_t>(index, "subject");
  const auto& phenotype = col<std::string>(index, "phenotype");
  const auto& split = col<std::string>(index, "split");
  const auto& status = col<std::string>(index, "status");
  const auto& reason = col<std::string>(index, "failure_reason");
  const std::vector<std::uint64_t> written = r.trial_indices();

  EXPECT_EQ(s.format_version, 1);
  EXPECT_EQ(s.generator, r.generator());
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.scenario_name, "cli_short");
  EXPECT_TRUE(s.has_index);
  ASSERT_EQ(index.rows(), 8u);
  EXPECT_EQ(s.planned, 8u);
  EXPECT_EQ(s.written, written.size());
  std::vector<std::pair<std::uint64_t, std::string>> failures;
  for (std::size_t i = 0; i < index.rows(); ++i)
    if (status[i] == "failed") failures.emplace_back(static_cast<std::uint64_t>(trial[i]), reason[i]);
  ASSERT_GT(failures.size(), 0u) << "the fixture should make some trial fail";
  ASSERT_LT(failures.size(), 8u) << "the fixture should keep some trials";
  EXPECT_EQ(s.failed, failures.size());
  EXPECT_EQ(s.written + s.failed, s.planned);
  EXPECT_EQ(s.failures, failures);  // fewer than kFailuresShown here, so all of them
  EXPECT_EQ(s.ok_not_written, 0u);
  EXPECT_EQ(s.first_trial, written.front());
  EXPECT_EQ(s.last_trial, written.back());

  // Classes and splits: trials and subjects per name, from the index.
  using Counts = std::map<std::string, std::pair<std::uint64_t, std::set<std::int64_t>>>;
  Counts classes, splits;
  for (std::size_t i = 0; i < index.rows(); ++i) {
    ++classes[phenotype[i]].first;
    classes[phenotype[i]].second.insert(subject[i]);
    ++splits[split[i]].first;
    splits[split[i]].second.insert(subject[i]);
  }
  const auto expect_groups = [](const std::vector<DatasetSummary::Group>& got, const Counts& want) {
    ASSERT_EQ(got.size(), want.size());
    std::size_t k = 0;
    for (const auto& [name, c] : want) {
      EXPECT_EQ(got[k].name, name);
      EXPECT_EQ(got[k].trials, c.first) << name;
      EXPECT_EQ(got[k].subjects, c.second.size()) << name;
      ++k;
    }
  };
  expect_groups(s.classes, classes);
  expect_groups(s.splits, splits);
  // The plan's own numbers: 2 + 2 subjects in classes, 3 + 1 in splits.
  EXPECT_EQ(classes.at("clonus").second.size(), 2u);
  EXPECT_EQ(splits.at("train").first, 6u);
  EXPECT_EQ(splits.at("test").first, 2u);
  EXPECT_EQ(s.subjects, 4u);

  // Durations, events and label bits, from the written trials.
  double duration = 0.0;
  Counted events, bits;
  std::uint64_t cells = 0;
  // The index counts clonus in each trial's lead muscle (most beats) and its highest grade.
  std::map<std::uint64_t, std::array<std::int64_t, 3>> lead;  // trial -> episodes, beats, grade
  for (const std::uint64_t t : written) {
    duration += r.trial_duration(t);
    const EventTable table = r.read_events(t);
    for (const auto& label : table.label()) ++events[label];
    std::map<std::string, std::array<std::int64_t, 2>> per_channel;
    std::int64_t grade = 0;
    for (std::size_t i = 0; i < table.size(); ++i) {
      if (table.label()[i] == "clonus_beat") ++per_channel[table.channel()[i]][1];
      if (table.label()[i] != "clonus_episode") continue;
      ++per_channel[table.channel()[i]][0];
      grade = std::max(grade, table.int_columns().at("duration_class")[i]);
    }
    std::array<std::int64_t, 3> best{0, 0, grade};
    for (const auto& [channel, c] : per_channel)
      if (c[1] > best[1]) best = {c[0], c[1], grade};
    lead[t] = best;
    const LabelSeries labels = r.read_labels(t);
    const auto names = r.label_bit_names(t);
    cells += labels.data.size();
    for (std::size_t b = 0; b < names.size(); ++b)
      for (const LabelMask m : labels.data) bits[names[b]] += (m >> b) & 1u;
  }
  EXPECT_DOUBLE_EQ(s.total_duration_s, duration);
  EXPECT_EQ(Counted(s.events.begin(), s.events.end()), events);
  EXPECT_GT(events["clonus_beat"], 0u) << "the clonus class should produce beats";
  std::size_t with_clonus = 0;
  for (std::size_t i = 0; i < index.rows(); ++i) {
    if (status[i] != "ok") continue;
    const auto t = static_cast<std::uint64_t>(col<std::int64_t>(index, "trial")[i]);
    EXPECT_EQ(col<std::int64_t>(index, "clonus_episodes")[i], lead.at(t)[0]) << "trial " << t;
    EXPECT_EQ(col<std::int64_t>(index, "clonus_beats")[i], lead.at(t)[1]) << "trial " << t;
    EXPECT_EQ(col<std::int64_t>(index, "clonus_grade")[i], lead.at(t)[2]) << "trial " << t;
    with_clonus += lead.at(t)[0] > 0;
  }
  EXPECT_GT(with_clonus, 0u);
  EXPECT_EQ(s.labels.cells, cells);
  EXPECT_EQ(Counted(s.labels.bits.begin(), s.labels.bits.end()), bits);
  EXPECT_EQ(s.labels.bits.front().first, "clonus");
  EXPECT_GT(s.labels.bits.front().second, 0u);

  // Varied values: one entry per "value:" column, with its range.
  std::vector<std::string> value_columns;
  for (const auto& [name, values] : index.columns())
    if (name.rfind("value:", 0) == 0) value_columns.push_back(name.substr(6));
  ASSERT_EQ(s.varied.size(), value_columns.size());
  ASSERT_EQ(s.varied.size(), 3u);  // reflex gain (classes), inertia, load torque
  for (std::size_t k = 0; k < s.varied.size(); ++k) {
    EXPECT_EQ(s.varied[k].path, value_columns[k]);
    const auto& v = col<double>(index, "value:" + value_columns[k]);
    EXPECT_EQ(s.varied[k].min, *std::min_element(v.begin(), v.end()));
    EXPECT_EQ(s.varied[k].max, *std::max_element(v.begin(), v.end()));
    EXPECT_LE(s.varied[k].min, s.varied[k].mean);
    EXPECT_LE(s.varied[k].mean, s.varied[k].max);
  }
  EXPECT_EQ(s.varied[0].distinct, 2u);  // the two classes' reflex gains
}

TEST_F(Inspect, PrintsTheNumbers) {
  const DatasetSummary s = summarize_dataset(file_);
  std::ostringstream out;
  print_dataset_summary(s, out);
  const std::string text = out.str();
  const auto has = [&](const std::string& pattern) {
    EXPECT_TRUE(std::regex_search(text, std::regex(pattern))) << "no match for /" << pattern << "/ in\n" << text;
  };
  has("scenario: +cli_short \\(");
  has("seed: +1\n");
  has("trials: +8 planned, " + std::to_string(s.written) + " written \\(indices [0-9]+\\.\\.[0-9]+\\), " +
      std::to_string(s.failed) + " failed\n");
  has("failed trial [0-9]+: numerical failure");
  has("subjects: +4\n");
  has("classes: +clonus: 4 trials, 2 subjects\n +healthy: 4 trials, 2 subjects\n");
  has("splits: +test: 2 trials, 1 subject\n +train: 6 trials, 3 subjects\n");
  for (const auto& [label, n] : s.events) has(label + " " + std::to_string(n));
  has("labels: +clonus [0-9.]+%, dystonia 0\\.00%, myoclonus 0\\.00%, dystonia_posture 0\\.00%, dystonia_spasm 0\\.00%, "
      "dystonia_tremor 0\\.00%, dystonia_overflow 0\\.00%, myoclonus_negative 0\\.00%, tremor 0\\.00%, tremor_physiological 0\\.00%, tremor_essential 0\\.00%, "
      "tremor_parkinsonian 0\\.00%, voluntary_rhythm 0\\.00% of " +
      std::to_string(s.labels.cells));
  has("varied: +path +min +mean +max +distinct\n");
  has("\n +parameters\\.spinal\\.reflex_gain +1 +[0-9.]+ +6 +2\n");
}

// A file with a recording chain: the artefact mask's occupancy, from the writer's counts, on a
// line of its own; files without one print no such line.
TEST_F(Inspect, ArtefactMaskOccupancy) {
  const fs::path chain = dir_ / "chain.h5";
  ASSERT_EQ(run_nmsim({"run", NMSIM_SOURCE_DIR "/scenarios/ankle_recording_chain.yaml", "-o", chain.string(), "-q",
                       "--set", "protocol[2].duration=6", "--set", "signals.emg.pops.rate=30"},
                      dir_).exit_code,
            0);
  const DatasetSummary s = summarize_dataset(chain);
  const io::DatasetReader r(chain);
  const LabelSeries mask = r.read_labels(0, io::schema::kArtefactsGroup);
  ASSERT_EQ(mask.bit_names, (std::vector<std::string>{"clipping", "electrode_pop", "dropout", "ecg_qrs", "electrode_shift"}));
  std::map<std::string, std::uint64_t> bits;
  for (std::size_t b = 0; b < mask.bit_names.size(); ++b)
    for (const LabelMask m : mask.data) bits[mask.bit_names[b]] += (m >> b) & 1u;
  EXPECT_EQ(s.artefacts.cells, mask.data.size());
  EXPECT_EQ(Counted(s.artefacts.bits.begin(), s.artefacts.bits.end()), bits);
  EXPECT_GT(bits["electrode_pop"], 0u);
  std::ostringstream out, plain;
  print_dataset_summary(s, out);
  EXPECT_TRUE(std::regex_search(out.str(), std::regex("\nartefacts: +clipping [0-9.]+%, electrode_pop [0-9.]+%, "
                                                      "dropout [0-9.]+%, ecg_qrs 0\\.00%, electrode_shift 0\\.00% of " + std::to_string(mask.data.size()))))
      << out.str();
  print_dataset_summary(summarize_dataset(file_), plain);
  EXPECT_EQ(plain.str().find("artefacts:"), std::string::npos);
}

TEST_F(Inspect, CommandLine) {
  if (!inspect_registered()) GTEST_SKIP() << "`nmsim inspect` is not registered in src/cli/app.cpp yet";
  const RunResult r = run_nmsim({"inspect", file_.string()}, dir_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ostringstream expected;
  print_dataset_summary(summarize_dataset(file_), expected);
  EXPECT_EQ(r.out, expected.str());

  write_text(dir_ / "not.h5", "not HDF5");
  const RunResult bad = run_nmsim({"inspect", (dir_ / "not.h5").string()}, dir_);
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("not an HDF5 file"), std::string::npos) << bad.err;
  EXPECT_EQ(bad.out, "");
  EXPECT_EQ(run_nmsim({"inspect", (dir_ / "missing.h5").string()}, dir_).exit_code, 2);
}

// Files edited in place here stand for files from before nmsim recorded a checksum: the edit
// breaks the checksum (which is itself refused), so the record is cleared.
void forget_checksum(const fs::path& p) {
  std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
  const std::string zeros(512, '\0');
  f.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
}

TEST_F(Inspect, OtherFilesAreInputErrors) {
  const auto expect_input_error = [](const fs::path& p, const std::string& detail) {
    try {
      summarize_dataset(p);
      ADD_FAILURE() << p << ": no error";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(detail), std::string::npos) << e.what();
      EXPECT_EQ(e.where().file, p.string());
    }
  };
  expect_input_error(dir_ / "missing.h5", "no such file");
  write_text(dir_ / "text.h5", "hello");
  expect_input_error(dir_ / "text.h5", "not an HDF5 file");
  {  // HDF5, but not nmsim
    const hid_t f = H5Fcreate((dir_ / "plain.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    H5Fclose(f);
  }
  expect_input_error(dir_ / "plain.h5", "not an nmsim dataset");
  {  // nmsim, but a trial's label matrix is 1-D: damaged inside
    const fs::path p = copy_of_dataset("damaged.h5");
    const hid_t f = H5Fopen(p.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    const std::string labels = "/trials/" + io::schema::trial_group_name(io::DatasetReader(file_).trial_indices().front()) +
                               "/labels/data";
    ASSERT_GE(H5Ldelete(f, labels.c_str(), H5P_DEFAULT), 0);
    const hsize_t n = 4;
    const hid_t space = H5Screate_simple(1, &n, nullptr);
    const hid_t d = H5Dcreate2(f, labels.c_str(), H5T_NATIVE_UINT16, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(d, 0);
    H5Dclose(d);
    H5Sclose(space);
    H5Fclose(f);
    expect_input_error(p, "damaged, or modified after nmsim wrote it");
    forget_checksum(p);
    expect_input_error(p, "damaged or unreadable nmsim dataset");
  }
}

TEST_F(Inspect, FileWithoutIndexListsTheTrials) {
  const fs::path p = copy_of_dataset("no_index.h5");
  {
    const hid_t f = H5Fopen(p.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    ASSERT_GE(H5Ldelete(f, "/index", H5P_DEFAULT), 0);
    H5Fclose(f);
    forget_checksum(p);
  }
  const DatasetSummary full = summarize_dataset(file_);
  const DatasetSummary s = summarize_dataset(p);
  EXPECT_FALSE(s.has_index);
  EXPECT_EQ(s.planned, full.written);
  EXPECT_EQ(s.written, full.written);
  EXPECT_EQ(s.failed, 0u);
  EXPECT_TRUE(s.classes.empty());
  EXPECT_TRUE(s.varied.empty());
  EXPECT_EQ(s.events, full.events);
  EXPECT_EQ(s.labels.cells, full.labels.cells);
  std::ostringstream out;
  print_dataset_summary(s, out);
  EXPECT_NE(out.str().find("(no /index: counted from /trials)"), std::string::npos) << out.str();

  if (::access(kPython, X_OK) != 0) return;
  const auto [code, text] = shell(std::string(kPython) + " " + quote(NMSIM_SOURCE_DIR "/tools/nmsim_reader.py") + " " +
                                  quote(p.string()) + " --index");
  EXPECT_EQ(code, 0) << text;
  EXPECT_NE(text.find("no /index"), std::string::npos) << text;
}

// Checks the Python module against expected counts given as key=value arguments.
constexpr const char* kPythonCheck = R"PY(
import pickle, sys
import numpy as np
sys.path.insert(0, sys.argv[1])
import nmsim_reader as nr
path = sys.argv[2]
expected = dict(a.split("=", 1) for a in sys.argv[3:])
got = {}
with nr.open_dataset(path) as f:
    idx = nr.read_index(f)
    got["planned"] = len(nr.select(f, status=None))
    got["ok"] = len(nr.select(f))
    got["failed"] = len(nr.select(f, status="failed"))
    for p in set(idx["phenotype"]):
        got["phenotype:" + p] = len(nr.select(f, phenotype=p))
    for s in set(idx["split"]):
        got["split:" + s] = len(nr.select(f, split=s))
    assert list(nr.select(f)) == nr.list_trials(f), "status ok selects exactly the written trials"
    assert len(nr.select(f, phenotype="clonus", split=["train", "test"])) == got["phenotype:clonus"]
    train = nr.select(f, split="train")
    w = nr.TrialWindows(path, train, length_s=0.2, step_s=0.1)
    got["windows:train"] = len(w)
    # The windows of the first trial are those of iter_windows.
    t0 = int(train[0])
    for k, (emg, mask) in enumerate(nr.iter_windows(nr.load_trial(f, t0), 0.2, 0.1)):
        e, m, t = w[k]
        assert t == t0 and np.array_equal(e, emg) and np.array_equal(m, mask), k
    e, m, t = w[len(w) - 1]
    assert e.shape == m.shape == (w.length, len(w.channels)) and e.dtype == np.float32 and m.dtype == np.uint16
    assert w.bit_names[0] == "clonus"
    w2 = pickle.loads(pickle.dumps(w))  # as DataLoader workers get it
    assert np.array_equal(w2[3][0], w[3][0])
errors = [f"{k}: expected {v}, got {got.get(k)}" for k, v in expected.items() if str(got.get(k)) != v]
print("\n".join(errors) or "ok")
sys.exit(1 if errors else 0)
)PY";

TEST_F(Inspect, PythonReaderAgreesWithTheIndex) {
  if (::access(kPython, X_OK) != 0) GTEST_SKIP() << kPython << " not found";
  const std::string reader = NMSIM_SOURCE_DIR "/tools/nmsim_reader.py";
  const auto [code, text] = shell(std::string(kPython) + " " + quote(reader) + " " + quote(file_.string()) + " --index");
  ASSERT_EQ(code, 0) << text;
  EXPECT_NE(text.find("8 trials planned"), std::string::npos) << text;

  // Expected counts from the C++ reader.
  const io::DatasetReader r(file_);
  const ColumnTable index = r.read_index();
  const auto& trial = col<std::int64_t>(index, "trial");
  const auto& status = col<std::string>(index, "status");
  const auto& phenotype = col<std::string>(index, "phenotype");
  const auto& split = col<std::string>(index, "split");
  Counted want{{"planned", index.rows()}, {"ok", 0}, {"failed", 0}, {"windows:train", 0}};
  for (std::size_t i = 0; i < index.rows(); ++i) {
    if (status[i] != "ok") {
      ++want["failed"];
      continue;
    }
    ++want["ok"];
    ++want["phenotype:" + phenotype[i]];
    ++want["split:" + split[i]];
    if (split[i] == "train") {  // windows of 400 samples every 200 (0.2 s / 0.1 s at 2 kHz)
      const std::size_t samples = r.read_labels(static_cast<std::uint64_t>(trial[i])).n_samples();
      want["windows:train"] += samples >= 400 ? (samples - 400) / 200 + 1 : 0;
    }
  }
  std::string command = std::string(kPython) + " -c " + quote(kPythonCheck) + " " + quote(NMSIM_SOURCE_DIR "/tools") +
                        " " + quote(file_.string());
  for (const auto& [key, n] : want) command += " " + quote(key + "=" + std::to_string(n));
  const auto [check_code, check_text] = shell(command);
  EXPECT_EQ(check_code, 0) << check_text;
  EXPECT_EQ(check_text, "ok\n");
}

}  // namespace
}  // namespace nmsim::cli_test
