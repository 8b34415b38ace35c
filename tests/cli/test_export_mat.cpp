// nmsim export-mat (src/io/mat_export.hpp): the output rules of run and merge, exit 2 with no
// output for a bad input, exit 4 with no output when the file system fails. What Octave reads
// from the file is checked by tests/octave (Octave.ExportMat).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "cli_harness.hpp"

namespace nmsim::cli_test {
namespace {

class ExportMat : public CliTest {
 protected:
  // A one-trial dataset in dir() (not in out(), which the tests list).
  fs::path dataset() const {
    const fs::path d = dir() / "data.h5";
    if (!fs::exists(d)) {
      const RunResult r = nmsim({"run", scenario(std::string(kShortScenario)).string(), "-o", d.string(), "-q"});
      EXPECT_EQ(r.exit_code, 0) << r.err;
    }
    return d;
  }
  void expect_refused(const std::vector<std::string>& args, const std::string& needle) const {
    const RunResult r = nmsim(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_FALSE(r.signaled);
    EXPECT_NE(r.err.find(needle), std::string::npos) << "stderr lacks \"" << needle << "\":\n" << r.err;
  }
  static std::string header_of(const fs::path& mat) { return read_text(mat).substr(0, 116); }
};

TEST_F(ExportMat, WritesAMatV5FileNamingNmsim) {
  const fs::path mat = out() / "data.mat";
  const RunResult r = nmsim({"export-mat", dataset().string(), "-o", mat.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 trial(s)"), std::string::npos) << r.out;
  const std::string bytes = read_text(mat);
  ASSERT_GT(bytes.size(), 128u);
  EXPECT_EQ(bytes.substr(0, 19), "MATLAB 5.0 MAT-file");
  EXPECT_EQ(bytes.substr(126, 2), "IM");  // little-endian MAT v5
  EXPECT_EQ(list_dir(out()), std::vector<std::string>{"data.mat"});
}

TEST_F(ExportMat, BadInputsExitTwoAndWriteNothing) {
  const fs::path mat = out() / "x.mat";
  expect_refused({"export-mat", (dir() / "missing.h5").string(), "-o", mat.string()}, "missing.h5");
  expect_refused({"export-mat", (dir() / "missing.h5").string(), "-o", mat.string()}, "no such file");
  const fs::path text = scenario(std::string(kShortScenario), "text.h5");
  expect_refused({"export-mat", text.string(), "-o", mat.string()}, "not an HDF5 file");
  // A damaged dataset: one byte flipped in the data.
  const fs::path damaged = dir() / "damaged.h5";
  fs::copy_file(dataset(), damaged);
  std::string bytes = read_text(damaged);
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x40);
  write_text(damaged, bytes);
  expect_refused({"export-mat", damaged.string(), "-o", mat.string()}, "damaged");
  EXPECT_TRUE(list_dir(out()).empty());
}

TEST_F(ExportMat, OutputRulesAreThoseOfRunAndMerge) {
  const fs::path d = dataset();
  const fs::path folder = out() / "folder.mat";
  fs::create_directory(folder);
  const fs::path target = out() / "target.mat";
  write_text(target, "precious");
  const fs::path link = out() / "link.mat";
  fs::create_symlink(target, link);
  for (const bool force : {false, true}) {
    auto with = [&](const fs::path& o) {
      std::vector<std::string> args{"export-mat", d.string(), "-o", o.string()};
      if (force) args.push_back("--force");
      return args;
    };
    expect_refused(with(folder), "is a folder");
    expect_refused(with(link), "is a symbolic link");
    expect_refused(with(d), "is also the dataset file");
  }
  const fs::path device = out() / "full";
  if (::mknod(device.c_str(), S_IFCHR | 0600, makedev(1, 7)) == 0) {
    expect_refused({"export-mat", d.string(), "-o", device.string(), "--force"}, "is a character device");
    EXPECT_TRUE(fs::is_character_file(fs::symlink_status(device)));
    fs::remove(device);
  }
  // Another kind of file only with --force; an earlier export is nmsim's own and is replaced.
  expect_refused({"export-mat", d.string(), "-o", target.string()}, "is not a MAT file nmsim exported");
  EXPECT_EQ(read_text(target), "precious");
  ASSERT_EQ(nmsim({"export-mat", d.string(), "-o", target.string(), "--force"}).exit_code, 0);
  EXPECT_EQ(header_of(target).substr(0, 19), "MATLAB 5.0 MAT-file");
  const RunResult again = nmsim({"export-mat", d.string(), "-o", target.string()});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(link)));
  EXPECT_TRUE(fs::is_directory(folder));
  EXPECT_EQ(list_dir(out()), (std::vector<std::string>{"folder.mat", "link.mat", "target.mat"}));
}

// A write the file system refuses (here the file-size limit, as a full disk would) is exit 4
// with the path, and leaves neither the output nor a temporary file.
// Open MPI's start-up fails under a file-size limit, so the MPI build (ci preset) skips this, as
// NoLostWork does; the default and sanitizer builds run it. The export of six trials is ~1 MB.
TEST_F(ExportMat, FileSystemFailureExitsFourAndLeavesNothing) {
#ifdef NMSIM_TEST_WITH_MPI
  GTEST_SKIP() << "MPI cannot start under a file-size limit";
#endif
  const fs::path s = scenario(std::string(kShortScenario) + "dataset: {subjects: 6}\n", "six.yaml");
  const fs::path d = dir() / "six.h5";
  ASSERT_EQ(nmsim({"run", s.string(), "-o", d.string(), "-q"}).exit_code, 0);
  const fs::path mat = out() / "data.mat";
  const RunResult r = run_nmsim({"export-mat", d.string(), "-o", mat.string()}, dir(), {}, 400'000);
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_FALSE(r.signaled);
  EXPECT_NE(r.err.find(mat.string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("File too large"), std::string::npos) << r.err;
  EXPECT_TRUE(list_dir(out()).empty());
}

}  // namespace
}  // namespace nmsim::cli_test
