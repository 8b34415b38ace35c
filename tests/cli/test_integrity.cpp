// Damaged or tampered data are reported, never passed on: inspect and merge verify the whole-file
// checksum, and a file merged with --link notices when a shard it links to is replaced.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "cli_harness.hpp"

namespace nmsim::cli_test {
namespace {

using Integrity = CliTest;

void flip_byte(const fs::path& p, std::size_t at) {
  std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(at));
  char c = 0;
  f.get(c);
  f.seekp(static_cast<std::streamoff>(at));
  f.put(static_cast<char>(c ^ 0x10));
}

TEST_F(Integrity, InspectAndMergeRefuseDamagedFiles) {
  const fs::path s = scenario(std::string(kShortScenario) + "dataset: {subjects: 2}\n");
  const fs::path a = dir() / "a.h5", b = dir() / "b.h5";
  ASSERT_EQ(nmsim({"run", s.string(), "-o", a.string(), "--shard", "1/2", "-q"}).exit_code, 0);
  ASSERT_EQ(nmsim({"run", s.string(), "-o", b.string(), "--shard", "2/2", "-q"}).exit_code, 0);
  const RunResult fine = nmsim({"inspect", a.string()});
  ASSERT_EQ(fine.exit_code, 0) << fine.err;
  EXPECT_NE(fine.out.find("checksum:   "), std::string::npos);
  EXPECT_NE(fine.out.find(", verified"), std::string::npos) << fine.out;

  flip_byte(b, fs::file_size(b) / 2);  // inside the signal data
  const RunResult inspected = nmsim({"inspect", b.string()});
  EXPECT_EQ(inspected.exit_code, 2) << inspected.err;
  EXPECT_NE(inspected.err.find("damaged, or modified after nmsim wrote it"), std::string::npos) << inspected.err;
  const RunResult merged = nmsim({"merge", a.string(), b.string(), "-o", (out() / "m.h5").string()});
  EXPECT_EQ(merged.exit_code, 2) << merged.err;
  EXPECT_NE(merged.err.find(b.string()), std::string::npos) << merged.err;
  EXPECT_FALSE(fs::exists(out() / "m.h5"));
}

TEST_F(Integrity, LinkedMergeNoticesAReplacedShard) {
  const fs::path s = scenario(std::string(kShortScenario) + "dataset: {subjects: 2}\n");
  const fs::path a = out() / "a.h5", b = out() / "b.h5", m = out() / "m.h5";
  ASSERT_EQ(nmsim({"run", s.string(), "-o", a.string(), "--shard", "1/2", "-q"}).exit_code, 0);
  ASSERT_EQ(nmsim({"run", s.string(), "-o", b.string(), "--shard", "2/2", "-q"}).exit_code, 0);
  const RunResult merged = nmsim({"merge", a.string(), b.string(), "-o", m.string(), "--link"});
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  ASSERT_EQ(nmsim({"inspect", m.string()}).exit_code, 0);
  // The same shard written again, compressed: a valid shard, but not the one merged.
  ASSERT_EQ(nmsim({"run", s.string(), "-o", b.string(), "--shard", "2/2", "-q", "--compress"}).exit_code, 0);
  const RunResult inspected = nmsim({"inspect", m.string()});
  EXPECT_EQ(inspected.exit_code, 2) << inspected.err;
  EXPECT_NE(inspected.err.find("was replaced or changed since the merge"), std::string::npos) << inspected.err;
}

// A shard whose index lists trials it does not hold is bad input (exit 2), not an internal error.
// The shard is edited with h5py and its checksum record cleared, as a file from before checksums.
TEST_F(Integrity, MergeRefusesAShardWhoseIndexListsMissingTrials) {
  const fs::path s = scenario(std::string(kShortScenario) + "dataset: {subjects: 4}\n");
  const fs::path a = dir() / "a.h5", b = dir() / "b.h5";
  ASSERT_EQ(nmsim({"run", s.string(), "-o", a.string(), "--shard", "1/2", "-q"}).exit_code, 0);
  ASSERT_EQ(nmsim({"run", s.string(), "-o", b.string(), "--shard", "2/2", "-q"}).exit_code, 0);
  const std::string script = "import h5py,sys\nwith h5py.File(sys.argv[1],'r+') as f: del f['trials/000003']\n"
                             "with open(sys.argv[1],'r+b') as f: f.write(bytes(512))\n";
  write_text(dir() / "drop.py", script);
  ASSERT_EQ(std::system(("/usr/bin/python3 " + (dir() / "drop.py").string() + " " + b.string()).c_str()), 0);
  const RunResult r = nmsim({"merge", a.string(), b.string(), "-o", (out() / "m.h5").string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("lists trial 3 as ok, but the file does not hold it"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out() / "m.h5"));
}

}  // namespace
}  // namespace nmsim::cli_test
