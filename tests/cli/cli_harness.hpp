#pragma once
// Shared pieces of the end-to-end tests: run the built nmsim executable (fork/exec, no
// shell), a fresh temporary folder per test, and the short scenario the fixtures start from.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nmsim::cli_test {

namespace fs = std::filesystem;

struct RunResult {
  int exit_code = -1;     // the exit status, or 128 + signal number if the process was killed
  bool signaled = false;  // true if it died from a signal (a crash)
  std::string out;        // stdout
  std::string err;        // stderr
};

// Runs NMSIM_BINARY with `args` (argv[1..]). stdout and stderr are captured through files
// in `capture_dir`, stdin is /dev/null, NMSIM_MODEL_PATH is removed from the environment.
// With `cwd` non-empty the child starts there.
// With `file_size_limit` > 0 the child may not write files larger than that (RLIMIT_FSIZE, with
// SIGXFSZ ignored): writes beyond it fail as they would on a full disk.
RunResult run_nmsim(const std::vector<std::string>& args, const fs::path& capture_dir, const fs::path& cwd = {},
                    std::uint64_t file_size_limit = 0);

// The same in two halves, for tests that act on the running process (e.g. send it a signal).
struct Child {
  int pid = -1;  // -1: could not start (a test failure was recorded)
  fs::path out_file, err_file;
};
Child spawn_nmsim(const std::vector<std::string>& args, const fs::path& capture_dir, const fs::path& cwd = {},
                  std::uint64_t file_size_limit = 0);
RunResult wait_nmsim(const Child& child);

std::string read_text(const fs::path& file);
void write_text(const fs::path& file, std::string_view text);
// Names in `folder` (hidden ones included), sorted; empty if the folder does not exist.
std::vector<std::string> list_dir(const fs::path& folder);
// `text` with the single occurrence of `from` replaced by `to`; fails the test (and returns
// `text` unchanged) if `from` does not occur exactly once.
std::string edit(const std::string& text, std::string_view from, std::string_view to);

// ankle_clonus.yaml shortened to 0.8 s (enough for two short clonus episodes). Lines:
//  1 name  2 description  3 model  4 seed  5 parameters  6 spinal  7 reflex_gain  8 protocol
//  9-11 phases rest/stretch/hold  12 signals  13 emg  14 kinematics  15 internals  16 labels
//  17 clonus  18 solver
inline constexpr std::string_view kShortScenario =
    R"(name: cli_short
description: ankle_clonus shortened for the command-line tests
model: ankle
seed: 1
parameters:
  spinal:
    reflex_gain: 6.0
protocol:
  - {name: rest, duration: 0.1}
  - {name: stretch, duration: 0.2, hand_stiffness: 300.0, hand_damping: 3.0, target_angle: 0.26, target_speed: 4.4}
  - {name: hold, duration: 0.5, load_torque: 4.0}
signals:
  emg: {rate: 2000.0, noise_rms: 3.0e-6, highpass: 10.0}
  kinematics: {rate: 1000.0, angle_noise: 0.0005, velocity_noise: 0.005, acceleration_noise: 0.5, accelerometer_noise: 0.05, torque_noise: 0.05}
  internals: true
labels:
  clonus: {min_beats: 3, sustained_beats: 5, min_frequency: 2.5, max_frequency: 12.0, min_prominence: 1.0e-3}
solver: {method: rk4, step: 0.001}
)";

// Gives every test its own empty folder `dir()` (removed afterwards) with an empty `out()`
// subfolder for outputs, so that listing `out()` shows exactly what nmsim left there.
class CliTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  const fs::path& dir() const { return dir_; }
  fs::path out() const { return dir_ / "out"; }
  // Writes `text` as dir()/name and returns the path.
  fs::path scenario(const std::string& text, const std::string& name = "scenario.yaml") const;
  // dir()/a.h5 and dir()/b.h5: shards 1/2 and 2/2 of kShortScenario as a 2-trial dataset (for merge).
  std::pair<fs::path, fs::path> two_shards() const;
  RunResult nmsim(const std::vector<std::string>& args, const fs::path& cwd = {}) const {
    return run_nmsim(args, dir_, cwd);
  }

 private:
  fs::path dir_;
};

}  // namespace nmsim::cli_test
