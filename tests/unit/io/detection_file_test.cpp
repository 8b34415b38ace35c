// Detection files: CSV and HDF5 event tables read back as written, per-sample scores, and
// bad HDF5 files rejected with the dataset and row named.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "io/detection_file.hpp"
#include "io/hdf5_handle.hpp"
#include "io/hdf5_write.hpp"
#include "io_test_support.hpp"

namespace nmsim::io {
namespace {

scoring::DetectionTable sample_table() {
  scoring::DetectionTable t;
  t.add(0, "soleus", "clonus_episode", 1.25, 3.5, 0.75);
  const std::size_t r = t.add(2, "any", "clonus_beat", 0.1, 0.1 + 1.0 / 3.0);  // no score
  t.set_value(r, "frequency", 6.123456789012345);
  return t;
}

void expect_equal(const scoring::DetectionTable& a, const scoring::DetectionTable& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t r = 0; r < a.size(); ++r) {
    EXPECT_EQ(a.trial[r], b.trial[r]);
    EXPECT_EQ(a.channel[r], b.channel[r]);
    EXPECT_EQ(a.label[r], b.label[r]);
    EXPECT_EQ(a.start[r], b.start[r]);  // shortest round-trip text: exact
    EXPECT_EQ(a.stop[r], b.stop[r]);
    EXPECT_EQ(std::isnan(a.score[r]), std::isnan(b.score[r]));
    if (!std::isnan(a.score[r])) {
      EXPECT_EQ(a.score[r], b.score[r]);
    }
  }
  EXPECT_EQ(b.values.at("frequency")[1], a.values.at("frequency")[1]);
  EXPECT_TRUE(std::isnan(b.values.at("frequency")[0]));
}

TEST(DetectionFile, CsvAndHdf5RoundTripExactly) {
  const test::ScratchDir dir;
  for (const char* name : {"d.csv", "d.h5"}) {
    write_detection_file(dir / name, sample_table(), "unit test");
    expect_equal(sample_table(), read_detection_file(dir / name, nullptr).events);
  }
  EXPECT_EQ(dir.entries().size(), 2u);  // no temporary files left
}

TEST(DetectionFile, TargetsCheckTrialsAndChannels) {
  const test::ScratchDir dir;
  write_detection_file(dir / "d.h5", sample_table(), "");
  DetectionTargets targets;
  targets.channels[0] = {"soleus"};
  try {
    read_detection_file(dir / "d.h5", &targets);
    FAIL() << "trial 2 is not a target";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key_path(), "/detections/trial[1]");
    EXPECT_NE(std::string(e.what()).find("trial 2 is not a scorable trial"), std::string::npos);
  }
}

// Writes a raw HDF5 detection file with the given columns.
void write_columns(const std::filesystem::path& path, std::size_t n_start) {
  h5::silence_hdf5_errors();
  const h5::Handle f = h5::checked(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, "create");
  const h5::Handle g = h5::create_group(f.get(), "detections", H5P_DEFAULT);
  h5::write_vector(g.get(), "trial", std::vector<std::int64_t>{0, 0}, H5P_DEFAULT);
  h5::write_strings(g.get(), "channel", {"soleus", "soleus"}, H5P_DEFAULT);
  h5::write_strings(g.get(), "label", {"clonus", "clonus"}, H5P_DEFAULT);
  h5::write_vector(g.get(), "start", std::vector<double>(n_start, 1.0), H5P_DEFAULT);
  h5::write_vector(g.get(), "stop", std::vector<double>{2.0, 0.5}, H5P_DEFAULT);
}

TEST(DetectionFile, BadHdf5ColumnsNameTheDatasetAndRow) {
  const test::ScratchDir dir;
  write_columns(dir / "short.h5", 1);
  try {
    read_detection_file(dir / "short.h5", nullptr);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.key_path(), "/detections/start");
    EXPECT_NE(std::string(e.what()).find("has 1 rows, expected 2"), std::string::npos);
  }
  write_columns(dir / "reversed.h5", 2);
  try {
    read_detection_file(dir / "reversed.h5", nullptr);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.key_path(), "/detections/start[1]");  // stop 0.5 < start 1.0
  }
}

TEST(DetectionFile, PerSampleScores) {
  const test::ScratchDir dir;
  const auto path = dir / "scores.h5";
  {
    const h5::Handle f = h5::checked(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, "create");
    const h5::Handle g = h5::require_groups(f.get(), "scores/000003", H5P_DEFAULT);
    std::vector<float> data(100, 0.1f);
    for (std::size_t i = 20; i < 40; ++i) data[i] = 0.9f;
    const h5::Handle d = h5::write_matrix(g.get(), "clonus", data, 100, 1, {});
    h5::write_attr_f64(d.get(), "rate", 100.0);
    h5::write_attr_f64(d.get(), "starting_time", 0.0);
    h5::write_attr_strings(d.get(), "channels", {"soleus"});
  }
  const DetectionFile f = read_detection_file(path, nullptr);
  ASSERT_EQ(f.scores.size(), 1u);
  EXPECT_EQ(f.scores[0].trial, 3u);
  EXPECT_EQ(f.scores[0].label, "clonus");
  const auto d = scoring::detections_from_scores(f.scores[0], 0.5);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_DOUBLE_EQ(d.start[0], 0.2);
  EXPECT_DOUBLE_EQ(d.stop[0], 0.4);
}

}  // namespace
}  // namespace nmsim::io
