// A disk that fills while the output is written or committed (a small tmpfs, so a real ENOSPC):
// exit 4 with "No space left on device" and the output's path, no crash (HDF5's exit clean-up
// once segfaulted after such a failure, exit 139), no output and no temporary file left.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include "cli_harness.hpp"

namespace nmsim::cli_test {
namespace {

class DiskFull : public CliTest {
 protected:
  void TearDown() override {
    if (mounted_) ::umount2(small().c_str(), MNT_DETACH);
    CliTest::TearDown();
  }
  fs::path small() const { return dir() / "small"; }
  // A tmpfs of `size` at small(); false if this machine does not allow it.
  bool mount_small(const char* size) {
    fs::create_directories(small());
    mounted_ = ::mount("tmpfs", small().c_str(), "tmpfs", 0, (std::string("size=") + size).c_str()) == 0;
    return mounted_;
  }
  void expect_full_disk_reported(const RunResult& r) const {
    EXPECT_FALSE(r.signaled) << "crashed with signal " << r.exit_code - 128 << "; stderr:\n" << r.err;
    EXPECT_EQ(r.exit_code, 4) << r.err;
    EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(small().string()), std::string::npos) << r.err;  // the output's folder or path
    EXPECT_EQ(list_dir(small()), std::vector<std::string>{}) << "output or temporary file left behind";
  }

 private:
  bool mounted_ = false;
};

TEST_F(DiskFull, MergeCommitOnAFullDiskIsReportedNotACrash) {
  const auto [a, b] = two_shards();
  if (!mount_small("256k")) GTEST_SKIP() << "cannot mount a small tmpfs here";
  const fs::path merged = small() / "merged.h5";
  expect_full_disk_reported(nmsim({"merge", a.string(), b.string(), "-o", merged.string()}));
}

TEST_F(DiskFull, ExportMatOnAFullDiskIsReported) {
  const fs::path d = dir() / "data.h5";
  ASSERT_EQ(nmsim({"run", scenario(std::string(kShortScenario)).string(), "-o", d.string(), "-q"}).exit_code, 0);
  if (!mount_small("64k")) GTEST_SKIP() << "cannot mount a small tmpfs here";
  const fs::path mat = small() / "data.mat";
  expect_full_disk_reported(nmsim({"export-mat", d.string(), "-o", mat.string()}));
}

// The same under a file-size limit (EFBIG), which also crashed inside H5Ocopy. Open MPI cannot
// start under such a limit, so the MPI build (ci preset) skips this.
TEST_F(DiskFull, MergeBeyondTheFileSizeLimitIsReportedNotACrash) {
#ifdef NMSIM_TEST_WITH_MPI
  GTEST_SKIP() << "MPI cannot start under a file-size limit";
#endif
  const auto [a, b] = two_shards();
  const fs::path merged = out() / "merged.h5";
  const RunResult r = run_nmsim({"merge", a.string(), b.string(), "-o", merged.string()}, dir(), {}, 256 * 1024);
  EXPECT_FALSE(r.signaled) << "crashed with signal " << r.exit_code - 128 << "; stderr:\n" << r.err;
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("File too large"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(merged.string()), std::string::npos) << r.err;
  EXPECT_EQ(list_dir(out()), std::vector<std::string>{});
}

}  // namespace
}  // namespace nmsim::cli_test
