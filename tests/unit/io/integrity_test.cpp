// Integrity of dataset files: the whole-file checksum (io/file_checksum.hpp) finds any damaged
// byte before HDF5 parses the file, and a dataset's declared size is checked against what the
// file stores before anything is allocated for it.
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "core/error.hpp"
#include "io/dataset_reader.hpp"
#include "io/dataset_writer.hpp"
#include "io/file_checksum.hpp"
#include "io/hdf5_write.hpp"
#include "io/schema.hpp"
#include "io_test_support.hpp"

namespace nmsim::io::test {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
void spit(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes; }

fs::path write_dataset(const ScratchDir& dir) {
  const fs::path p = dir / "data.h5";
  DatasetWriter w(p);
  w.write_provenance(make_provenance());
  w.write_trial(make_trial(0, 1.0));
  w.write_trial(make_trial(1, 1.0));
  w.commit();
  return p;
}

TEST(Integrity, WrittenFilesCarryAVerifiedChecksum) {
  ScratchDir dir;
  const fs::path p = write_dataset(dir);
  EXPECT_EQ(check_seal(p).status, SealCheck::Status::verified);
  EXPECT_TRUE(DatasetReader(p).verified_checksum().has_value());
}

// 50 flipped bytes passed `inspect` before; now each single flipped byte anywhere is damage.
TEST(Integrity, AnyFlippedByteIsDamage) {
  ScratchDir dir;
  const fs::path p = write_dataset(dir);
  const std::string good = slurp(p);
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::size_t> where(kUserBlockBytes, good.size() - 1);
  for (int k = 0; k < 50; ++k) {
    std::string bad = good;
    const std::size_t at = where(rng);
    bad[at] = static_cast<char>(bad[at] ^ (1 << (k % 8)));
    spit(dir / "bad.h5", bad);
    EXPECT_EQ(check_seal(dir / "bad.h5").status, SealCheck::Status::mismatch) << "byte " << at;
    try {
      DatasetReader r(dir / "bad.h5");
      ADD_FAILURE() << "a file with byte " << at << " flipped was read";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
    }
  }
  spit(dir / "short.h5", good.substr(0, good.size() - 1));
  EXPECT_THROW(DatasetReader{dir / "short.h5"}, InputError);
  spit(dir / "long.h5", good + "x");
  EXPECT_THROW(DatasetReader{dir / "long.h5"}, InputError);
}

// A small file declaring a huge label matrix (chunked and compressed, nothing stored) made
// inspect allocate gigabytes; the declared size is now checked against the stored bytes.
TEST(Integrity, DeclaredSizesBeyondTheStoredBytesAreRefused) {
  ScratchDir dir;
  const fs::path p = dir / "liar.h5";
  {
    h5::silence_hdf5_errors();
    const h5::Handle f = h5::checked(H5Fcreate(p.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, "create");
    h5::write_attr_string(f.get(), schema::kAttrFormat, schema::kFormatName);
    h5::write_attr_i32(f.get(), schema::kAttrFormatVersion, schema::kFormatVersion);
    const h5::CreationLists lists = h5::make_creation_lists();
    const h5::Handle trials = h5::create_group(f.get(), schema::kTrialsGroup, lists.group.get());
    const h5::Handle trial = h5::create_group(trials.get(), "000000", lists.group.get());
    const h5::Handle labels = h5::create_group(trial.get(), schema::kLabelsGroup, lists.group.get());
    const h5::Handle dcpl = h5::checked_plist(H5Pcreate(H5P_DATASET_CREATE), "dcpl");
    const hsize_t chunk[2] = {65536, 3}, dims[2] = {1'000'000'000, 3};
    h5::check(H5Pset_chunk(dcpl.get(), 2, chunk), "chunk");
    h5::check(H5Pset_deflate(dcpl.get(), 4), "deflate");
    const h5::Handle space = h5::checked_space(H5Screate_simple(2, dims, nullptr), "space");
    const h5::Handle data = h5::checked_dataset(
        H5Dcreate2(labels.get(), "data", H5T_STD_U16LE, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT), "create");
  }
  EXPECT_LT(fs::file_size(p), 64u * 1024);
  const DatasetReader r(p);
  try {
    r.read_labels(0);
    ADD_FAILURE() << "a 6 GB label matrix declared in a small file was read";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("but the file stores only"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace nmsim::io::test
