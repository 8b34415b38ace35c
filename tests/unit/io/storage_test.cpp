// How data is laid out on disk: chunking, optional compression, UTF-8 strings,
// reproducible bytes.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "io/dataset_reader.hpp"
#include "io/dataset_writer.hpp"
#include "io/schema.hpp"
#include "io_test_support.hpp"

namespace nmsim::io {
namespace {

namespace fs = std::filesystem;
using test::make_provenance;
using test::make_trial;
using test::ScratchDir;

// Minimal RAII for the raw HDF5 inspection below.
struct Id {
  hid_t id;
  herr_t (*close)(hid_t);
  ~Id() {
    if (id >= 0) close(id);
  }
};

struct Layout {
  H5D_layout_t layout = H5D_LAYOUT_ERROR;
  std::vector<hsize_t> chunk;
  std::vector<H5Z_filter_t> filters;
};

Layout layout_of(const fs::path& file, const std::string& dataset) {
  Id f{H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  Id d{H5Dopen2(f.id, dataset.c_str(), H5P_DEFAULT), H5Dclose};
  Id p{H5Dget_create_plist(d.id), H5Pclose};
  Layout out;
  out.layout = H5Pget_layout(p.id);
  if (out.layout == H5D_CHUNKED) {
    hsize_t dims[2] = {0, 0};
    const int rank = H5Pget_chunk(p.id, 2, dims);
    out.chunk.assign(dims, dims + rank);
  }
  const int n = H5Pget_nfilters(p.id);
  for (int i = 0; i < n; ++i) {
    unsigned flags = 0, config = 0;
    std::size_t n_values = 0;
    out.filters.push_back(H5Pget_filter2(p.id, static_cast<unsigned>(i), &flags, &n_values, nullptr, 0, nullptr, &config));
  }
  return out;
}

H5T_cset_t cset_of_attribute(const fs::path& file, const std::string& object, const std::string& attr) {
  Id f{H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  Id a{H5Aopen_by_name(f.id, object.c_str(), attr.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose};
  Id t{H5Aget_type(a.id), H5Tclose};
  EXPECT_GT(H5Tis_variable_str(t.id), 0) << object << "@" << attr;
  return H5Tget_cset(t.id);
}

H5T_cset_t cset_of_dataset(const fs::path& file, const std::string& dataset) {
  Id f{H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  Id d{H5Dopen2(f.id, dataset.c_str(), H5P_DEFAULT), H5Dclose};
  Id t{H5Dget_type(d.id), H5Tclose};
  EXPECT_GT(H5Tis_variable_str(t.id), 0) << dataset;
  return H5Tget_cset(t.id);
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ChunkShape, ClampsToDataAndTarget) {
  using schema::chunk_shape;
  EXPECT_FALSE(chunk_shape(0, 3, 4).has_value());
  EXPECT_FALSE(chunk_shape(100, 0, 4).has_value());
  const auto small = chunk_shape(100, 3, 4);  // whole dataset in one chunk
  ASSERT_TRUE(small);
  EXPECT_EQ(small->rows, 100u);
  EXPECT_EQ(small->cols, 3u);
  const auto emg = chunk_shape(60000, 3, 4);  // 703 KiB -> 6 equal chunks of 10000 rows
  ASSERT_TRUE(emg);
  EXPECT_EQ(emg->rows, 10000u);
  EXPECT_EQ(emg->cols, 3u);
  const auto big = chunk_shape(10'000'000, 1, 4);
  EXPECT_LE(big->rows * 4, schema::kTargetChunkBytes);
  EXPECT_GE(big->rows * 4, schema::kTargetChunkBytes / 2);
  const auto wide = chunk_shape(10, 100000, 8);  // a row wider than the target
  EXPECT_EQ(wide->rows, 1u);
  EXPECT_EQ(wide->cols * 8, schema::kTargetChunkBytes);
}

TEST(Storage, TimeSeriesAreChunkedAlongTimeAndUncompressedByDefault) {
  ScratchDir dir;
  const auto out = dir / "set.h5";
  {
    DatasetWriter w(out);
    w.write_trial(make_trial(0, 30.0));
    w.commit();
  }
  const Layout emg = layout_of(out, "trials/000000/emg/data");
  EXPECT_EQ(emg.layout, H5D_CHUNKED);
  EXPECT_EQ(emg.chunk, (std::vector<hsize_t>{10000, 3}));
  EXPECT_TRUE(emg.filters.empty());
  const Layout labels = layout_of(out, "trials/000000/labels/data");
  EXPECT_EQ(labels.layout, H5D_CHUNKED);
  EXPECT_EQ(labels.chunk, (std::vector<hsize_t>{20000, 3}));
  // 30000×1 float32 fits in one chunk: stored contiguously (a one-chunk index buys nothing).
  EXPECT_EQ(layout_of(out, "trials/000000/kinematics/angle/data").layout, H5D_CONTIGUOUS);
  EXPECT_EQ(layout_of(out, "trials/000000/events/start_time").layout, H5D_CONTIGUOUS);
}

TEST(Storage, CompressionIsLosslessAndSmaller) {
  ScratchDir dir;
  TrialRecord trial = make_trial(0, 10.0);
  for (auto& s : trial.series)  // quantise so gzip has something to find
    for (auto& v : s.data) v = static_cast<float>(static_cast<int>(v * 1e4f)) * 1e-4f;
  {
    DatasetWriter plain(dir / "plain.h5");
    plain.write_trial(trial);
    plain.commit();
    DatasetWriter packed(dir / "packed.h5", DatasetWriter::Options{.compress = true, .gzip_level = 6});
    packed.write_trial(trial);
    packed.commit();
  }
  const Layout emg = layout_of(dir / "packed.h5", "trials/000000/emg/data");
  EXPECT_EQ(emg.filters, (std::vector<H5Z_filter_t>{H5Z_FILTER_SHUFFLE, H5Z_FILTER_DEFLATE}));
  EXPECT_EQ(layout_of(dir / "packed.h5", "trials/000000/labels/data").filters.size(), 2u);
  // With compression even a one-chunk series is chunked (filters need chunks).
  const Layout angle = layout_of(dir / "packed.h5", "trials/000000/kinematics/angle/data");
  EXPECT_EQ(angle.layout, H5D_CHUNKED);
  EXPECT_EQ(angle.chunk, (std::vector<hsize_t>{10000, 1}));
  EXPECT_LT(fs::file_size(dir / "packed.h5"), fs::file_size(dir / "plain.h5") / 2);
  DatasetReader r(dir / "packed.h5");
  const TrialRecord back = r.read_trial(0);
  for (std::size_t i = 0; i < trial.series.size(); ++i) EXPECT_EQ(back.series[i].data, trial.series[i].data);
  EXPECT_EQ(back.labels.data, trial.labels.data);
}

TEST(Storage, BadGzipLevelIsAnInputError) {
  ScratchDir dir;
  EXPECT_THROW(DatasetWriter(dir / "x.h5", DatasetWriter::Options{.compress = true, .gzip_level = 12}), InputError);
  EXPECT_TRUE(dir.entries().empty());
}

TEST(Storage, EmptySeriesWithCompressionWork) {
  ScratchDir dir;
  TrialRecord trial = make_trial(0, 0.0);
  ASSERT_EQ(trial.series[0].n_samples(), 0u);
  {
    DatasetWriter w(dir / "x.h5", DatasetWriter::Options{.compress = true});
    w.write_trial(trial);
    w.commit();
  }
  EXPECT_EQ(layout_of(dir / "x.h5", "trials/000000/emg/data").layout, H5D_CONTIGUOUS);
  EXPECT_EQ(DatasetReader(dir / "x.h5").read_series(0, "emg").channels.size(), 3u);
}

TEST(Storage, AllStringsAreVariableLengthUtf8) {
  ScratchDir dir;
  const auto out = dir / "set.h5";
  {
    DatasetWriter w(out);
    w.write_provenance(make_provenance());
    w.write_trial(make_trial(0, 0.2));
    w.commit();
  }
  EXPECT_EQ(cset_of_attribute(out, "/", "format"), H5T_CSET_UTF8);
  EXPECT_EQ(cset_of_attribute(out, "/", "generator"), H5T_CSET_UTF8);
  EXPECT_EQ(cset_of_attribute(out, "trials/000000/emg/data", "unit"), H5T_CSET_UTF8);
  EXPECT_EQ(cset_of_attribute(out, "trials/000000/emg/data", "channels"), H5T_CSET_UTF8);
  EXPECT_EQ(cset_of_attribute(out, "trials/000000/labels/data", "bit_names"), H5T_CSET_UTF8);
  EXPECT_EQ(cset_of_attribute(out, "trials/000000/events", "columns"), H5T_CSET_UTF8);
  EXPECT_EQ(cset_of_dataset(out, "provenance/scenario_yaml"), H5T_CSET_UTF8);
  EXPECT_EQ(cset_of_dataset(out, "trials/000000/events/label"), H5T_CSET_UTF8);
  EXPECT_EQ(cset_of_dataset(out, "trials/000000/parameters/name"), H5T_CSET_UTF8);
  EXPECT_EQ(cset_of_dataset(out, "trials/000000/protocol/phase"), H5T_CSET_UTF8);
}

TEST(Storage, SameInputGivesIdenticalBytes) {
  ScratchDir dir;
  for (const char* name : {"a.h5", "b.h5"}) {
    DatasetWriter w(dir / name);
    w.write_provenance(make_provenance());
    w.write_trial(make_trial(0, 1.0));
    w.write_trial(make_trial(1, 1.0));
    w.commit();
  }
  EXPECT_TRUE(slurp(dir / "a.h5") == slurp(dir / "b.h5"));
}

}  // namespace
}  // namespace nmsim::io
