// `nmsim score` and `nmsim detect` end to end on a small generated dataset: the truth scored
// against itself, no detections, a bundled detector through CSV and HDF5, splits, and bad
// detection files (located errors, exit 2, nothing written).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <regex>

#include "cli_harness.hpp"
#include "io/dataset_reader.hpp"

namespace nmsim::cli_test {
namespace {

// kShortScenario with a 4 s hold (enough clonus windows to train the learned baseline).
std::string dataset_scenario() {
  return edit(std::string(kShortScenario), "duration: 0.5, load_torque", "duration: 4.0, load_torque") +
         "dataset:\n"
         "  subjects: 4\n"
         "  trials_per_subject: 1\n"
         "  classes:\n"
         "    healthy: {proportion: 0.5, set: {parameters.spinal.reflex_gain: 1.0}}\n"
         "    clonus: {proportion: 0.5, set: {parameters.spinal.reflex_gain: 6.0}}\n"
         "  splits: {train: 0.5, test: 0.5}\n";
}

// A number in the report's JSON text after `"key": ` at the first occurrence after `anchor`.
double json_number(const std::string& json, const std::string& anchor, const std::string& key) {
  const auto a = json.find(anchor);
  if (a == std::string::npos) return NAN;
  const std::regex re("\"" + key + "\": (null|-?[0-9.eE+-]+)");
  std::smatch m;
  const std::string rest = json.substr(a);
  if (!std::regex_search(rest, m, re)) return NAN;
  return m[1] == "null" ? NAN : std::stod(m[1]);
}

class Score : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("nmsim-score-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "out");
    write_text(dir_ / "dataset.yaml", dataset_scenario());
    file_ = dir_ / "dataset.h5";
    generated_ = run_nmsim({"run", (dir_ / "dataset.yaml").string(), "-o", file_.string(), "-q", "-j", "2"}, dir_);
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void SetUp() override {
    ASSERT_EQ(generated_.exit_code, 0) << generated_.err;
    for (const auto& e : fs::directory_iterator(dir_ / "out")) fs::remove_all(e.path());
  }
  static RunResult nmsim(const std::vector<std::string>& args) { return run_nmsim(args, dir_); }
  static fs::path out(const std::string& name) { return dir_ / "out" / name; }
  static fs::path detections(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    write_text(p, text);
    return p;
  }
  // The dataset's own clonus episodes as a detection CSV.
  static std::string truth_csv() {
    const io::DatasetReader r(file_);
    std::string s = "trial,channel,label,start,stop,score,frequency\n";
    for (auto t : r.trial_indices()) {
      const EventTable e = r.read_events(t);
      for (std::size_t i = 0; i < e.size(); ++i)
        if (e.label()[i] == "clonus_episode")
          s += std::to_string(t) + "," + e.channel()[i] + ",clonus_episode," + std::to_string(e.start_time()[i]) + "," +
               std::to_string(e.stop_time()[i]) + ",1," + std::to_string(e.real_columns().at("frequency")[i]) + "\n";
    }
    return s;
  }

  static inline fs::path dir_, file_;
  static inline RunResult generated_;
};

TEST_F(Score, TruthAgainstItselfScoresOneOnEveryMetric) {
  const auto det = detections("truth.csv", truth_csv());
  const RunResult r = nmsim({"score", file_.string(), det.string(), "-o", out("card").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string json = read_text(out("card.json"));
  EXPECT_GT(json_number(json, "\"overall\"", "reference_events"), 0);
  EXPECT_EQ(json_number(json, "\"overall\"", "precision"), 1.0);
  EXPECT_EQ(json_number(json, "\"overall\"", "recall"), 1.0);
  EXPECT_EQ(json_number(json, "\"samples\"", "f1"), 1.0);
  EXPECT_EQ(json_number(json, "\"samples\"", "mcc"), 1.0);
  EXPECT_NEAR(json_number(json, "\"frequency\"", "mae"), 0.0, 1e-5);  // CSV keeps 6 decimals
  const std::string md = read_text(out("card.md"));
  EXPECT_NE(md.find("| `clonus_episode` | event rows |"), std::string::npos) << md.substr(0, 2000);
  EXPECT_NE(md.find("By `phenotype`"), std::string::npos);
}

TEST_F(Score, EmptyDetectionsGiveRecallZero) {
  const auto det = detections("empty.csv", "trial,channel,label,start,stop\n");
  const RunResult r = nmsim({"score", file_.string(), det.string(), "-o", out("empty").string(), "--labels", "clonus_episode"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string json = read_text(out("empty.json"));
  EXPECT_EQ(json_number(json, "\"overall\"", "recall"), 0.0);
  EXPECT_EQ(json_number(json, "\"overall\"", "detections"), 0.0);
}

TEST_F(Score, BundledDetectorThroughCsvAndHdf5GivesTheSameReport) {
  RunResult r = nmsim({"detect", "clonus_wavelet", file_.string(), "-o", out("w.csv").string(), "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = nmsim({"detect", "clonus_wavelet", file_.string(), "-o", out("w.h5").string(), "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(nmsim({"score", file_.string(), out("w.csv").string(), "-o", out("a").string(), "-q"}).exit_code, 0);
  ASSERT_EQ(nmsim({"score", file_.string(), out("w.h5").string(), "-o", out("b").string(), "-q"}).exit_code, 0);
  const std::string a = read_text(out("a.json")), b = read_text(out("b.json"));
  EXPECT_GT(json_number(a, "\"clonus_episode\"", "detections"), 0.0);
  for (const char* key : {"detections", "matched", "recall", "precision"})
    EXPECT_EQ(json_number(a, "\"clonus_episode\"", key), json_number(b, "\"clonus_episode\"", key)) << key;
}

TEST_F(Score, SplitSelectsTrialsAndUnknownSplitsAreErrors) {
  const auto det = detections("truth2.csv", truth_csv());
  RunResult r = nmsim({"score", file_.string(), det.string(), "-o", out("t").string(), "--split", "test", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json_number(read_text(out("t.json")), "{", "trials_scored"), 2.0);
  r = nmsim({"score", file_.string(), det.string(), "-o", out("u").string(), "--split", "val"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no split 'val' (valid: test, train)"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out("u.json")));
  EXPECT_FALSE(fs::exists(out("u.md")));
}

// --where selects by any /index column: numbers compare numerically, text by equality, and
// the selection is recorded in the report; a column or value that cannot be compared is bad
// input with nothing written.
TEST_F(Score, WhereSelectsTrialsByIndexColumns) {
  const auto det = detections("truth3.csv", truth_csv());
  const auto scored = [&](std::vector<std::string> extra) {
    std::vector<std::string> args{"score", file_.string(), det.string(), "-o", out("w").string(), "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    const RunResult r = nmsim(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json_number(read_text(out("w.json")), "{", "trials_scored");
  };
  EXPECT_EQ(scored({"--where", "phenotype=clonus"}), 2.0);
  EXPECT_EQ(scored({"--where", "phenotype!=clonus"}), 2.0);
  EXPECT_EQ(scored({"--where", "trial>=1"}), 3.0);
  EXPECT_EQ(scored({"--where", "trial>=1", "--where", "trial<3"}), 2.0);
  EXPECT_EQ(scored({"--where", "trial>3"}), 0.0);
  const double with_split = scored({"--where", "phenotype=clonus", "--split", "test"});
  EXPECT_EQ(scored({"--where", "phenotype=clonus", "--where", "split=test"}), with_split);
  EXPECT_NE(read_text(out("w.md")).find("only trials where `split=test`"), std::string::npos);

  const struct { std::vector<std::string> where; const char* message; } bad[] = {
      {{"--where", "phenotipe=clonus"}, "the index has no column 'phenotipe'"},
      {{"--where", "trial>=one"}, "must be a finite number, not 'one'"},
      {{"--where", "phenotype>clonus"}, "compares only with = or !="},
      {{"--where", "phenotype"}, "is not a condition"},
      {{"--where", "=clonus"}, "is not a condition"},
      {{"--where", "trial>="}, "is not a condition"},
  };
  for (const auto& b : bad) {
    std::vector<std::string> args{"score", file_.string(), det.string(), "-o", out("x").string()};
    args.insert(args.end(), b.where.begin(), b.where.end());
    const RunResult r = nmsim(args);
    EXPECT_EQ(r.exit_code, 2) << b.where.back();
    EXPECT_NE(r.err.find("--where"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(b.message), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out("x.json")));
  }
}

struct BadFile {
  const char* text;
  const char* location;  // expected ":line:column:" in the message
  const char* detail;
};

TEST_F(Score, BadDetectionFilesAreLocatedErrorsAndWriteNothing) {
  const BadFile cases[] = {
      {"trial,channel,label,start\n", ":1:1:", "missing column 'stop'"},
      {"trial,channel,label,start,stop\n0,soleus,clonus_episode,1.0\n", ":2:", "expected 5 fields"},
      {"# c\ntrial,channel,label,start,stop\n0,soleus,clonus_episode,abc,2\n", ":3:25:", "expected a time in seconds, got 'abc'"},
      {"trial,channel,label,start,stop\n0,soleus,clonus_episode,2,1\n", ":2:", "stops"},
      {"trial,channel,label,start,stop\n-1,soleus,clonus_episode,1,2\n", ":2:1:", "expected a trial index"},
      {"trial,channel,label,start,stop\n99,soleus,clonus_episode,1,2\n", ":2:1:", "trial 99 is not a scorable trial"},
      {"trial,channel,label,start,stop\n0,calf,clonus_episode,1,2\n", ":2:3:", "no channel 'calf' (valid: any, soleus"},
      {"trial,trial,label,start,stop\n", ":1:7:", "appears twice"},
      {"", ":1:1:", "the file is empty"},
  };
  int k = 0;
  for (const BadFile& c : cases) {
    const auto det = detections("bad" + std::to_string(k++) + ".csv", c.text);
    const RunResult r = nmsim({"score", file_.string(), det.string(), "-o", out("bad").string()});
    EXPECT_EQ(r.exit_code, 2) << c.text;
    EXPECT_NE(r.err.find(det.string() + c.location), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(c.detail), std::string::npos) << r.err;
    EXPECT_TRUE(list_dir(dir_ / "out").empty()) << c.text;
  }
}

TEST_F(Score, DetectRejectsUnknownDetectorsAndParameters) {
  RunResult r = nmsim({"detect", "nope", file_.string(), "-o", out("x.csv").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown detector 'nope' (valid: clonus_wavelet"), std::string::npos) << r.err;
  r = nmsim({"detect", "tremor_band", file_.string(), "-o", out("x.csv").string(), "--param", "window=2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown parameter 'window' (valid: band_high_hz"), std::string::npos) << r.err;
  EXPECT_TRUE(list_dir(dir_ / "out").empty());
  r = nmsim({"detect", "--list"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("myoclonus_45ms"), std::string::npos);
}

TEST_F(Score, LearnedBaselineTrainsOnTrainAndWritesEveryTrial) {
  const RunResult r = nmsim({"detect", "logistic", file_.string(), "-o", out("lr.csv").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string csv = read_text(out("lr.csv"));
  EXPECT_NE(csv.find("model[clonus] trained on"), std::string::npos) << csv.substr(0, 400);
  EXPECT_EQ(nmsim({"score", file_.string(), out("lr.csv").string(), "-o", out("lr").string(), "--split", "test", "-q"})
                .exit_code,
            0);
}

}  // namespace
}  // namespace nmsim::cli_test
