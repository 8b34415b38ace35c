// tools/nmsim_reader.py and tools/plot_trial.py read what the C++ writer produces.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "io/dataset_writer.hpp"
#include "io_test_support.hpp"

namespace nmsim::io {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = NMSIM_SOURCE_DIR;
const char* const kPython = "/usr/bin/python3";

// Runs a shell command, echoing it; returns its exit status.
int run(const std::string& cmd) {
  std::printf("$ %s\n", cmd.c_str());
  std::fflush(stdout);
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Single-quoted for the shell (built with append: GCC 12 warns falsely on "'" + string).
std::string q(const fs::path& p) { return std::string(1, '\'').append(p.string()).append(1, '\''); }

class PythonTools : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kPython) || run(std::string(kPython) + " -c 'import h5py, numpy'") != 0)
      GTEST_SKIP() << "no h5py for " << kPython;
    TrialRecord full = test::make_trial(0, 2.0);
    for (float v : full.series[0].data) emg_sum_ += v;
    TrialRecord bare;  // index 1: no series, empty tables
    bare.index = 1;
    bare.duration_s = 1.0;
    DatasetWriter w(file_);
    w.write_provenance(test::make_provenance());
    w.write_trial(full);
    w.write_trial(bare);
    w.commit();
  }

  test::ScratchDir dir_;
  fs::path file_ = dir_ / "set.h5";
  double emg_sum_ = 0.0;
};

TEST_F(PythonTools, ReaderSummaryRuns) {
  EXPECT_EQ(run(std::string(kPython) + " " + q(kSource / "tools/nmsim_reader.py") + " " + q(file_) + " --all"), 0);
}

TEST_F(PythonTools, ReaderReturnsWhatWasWritten) {
  char sum[64];
  std::snprintf(sum, sizeof sum, "%.17g", emg_sum_);
  EXPECT_EQ(run(std::string(kPython) + " " + q(kSource / "tests/unit/io/check_python_reader.py") + " " + q(file_) +
                " " + q(kSource / "tools") + " " + sum),
            0);
}

TEST_F(PythonTools, ReaderRejectsOtherFiles) {
  const fs::path other = dir_ / "other.h5";
  std::ofstream(other) << "not an HDF5 file";
  EXPECT_EQ(run(std::string(kPython) + " " + q(kSource / "tools/nmsim_reader.py") + " " + q(other) + " 2>/dev/null"),
            2);
}

// A Python without the modules (here: Debian's with its site packages switched off, -S, as a
// virtualenv or conda python3 first on the PATH would be) is told what is missing, not a traceback.
TEST_F(PythonTools, ToolsSayWhatIsMissing) {
  const fs::path log = dir_ / "missing.txt";
  for (const char* tool : {"tools/nmsim_reader.py", "tools/plot_trial.py"}) {
    EXPECT_EQ(run(std::string(kPython) + " -S " + q(kSource / tool) + " " + q(file_) + " 2>" + q(log)), 1) << tool;
    std::ifstream in(log);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("needs"), std::string::npos) << text;
    EXPECT_NE(text.find("/usr/bin/python3"), std::string::npos) << text;
    EXPECT_EQ(text.find("Traceback"), std::string::npos) << text;
  }
}

TEST_F(PythonTools, PlotWritesAPng) {
  const fs::path png = dir_ / "trial.png";
  ASSERT_EQ(run(std::string(kPython) + " " + q(kSource / "tools/plot_trial.py") + " " + q(file_) +
                " --trial 0 -o " + q(png) + " --start 0.3 --stop 1.5"),
            0);
  std::ifstream in(png, std::ios::binary);
  char magic[8] = {};
  in.read(magic, sizeof magic);
  EXPECT_EQ(std::string(magic, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  // A trial without EMG is reported, not a crash.
  EXPECT_EQ(run(std::string(kPython) + " " + q(kSource / "tools/plot_trial.py") + " " + q(file_) +
                " --trial 1 -o " + q(dir_ / "bare.png") + " 2>/dev/null"),
            2);
}

}  // namespace
}  // namespace nmsim::io
