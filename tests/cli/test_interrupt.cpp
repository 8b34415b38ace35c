// "Nothing is written unless the command succeeds" (src/cli/app.hpp) also when the user
// stops a run with Ctrl-C (SIGINT), a job manager stops it (SIGTERM) or the terminal goes away
// (SIGHUP): no output file and no temporary file remain; only the hidden parts folder that
// --resume continues from, when some trial had finished.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>

#include "cli_harness.hpp"
#include "io/dataset_reader.hpp"

namespace nmsim::cli_test {
namespace {

using Interrupted = CliTest;

// True once the child has exited (without reaping it, so that wait_nmsim still can).
bool has_exited(int pid) {
  siginfo_t info{};
  return ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid;
}

TEST_F(Interrupted, RunLeavesNoFileBehind) {
  // One long trial: the writer claims its temporary file first, then simulates for seconds.
  const fs::path s = scenario(edit(std::string(kShortScenario), "hold, duration: 0.5", "hold, duration: 300.0"));
  const fs::path target = out() / "result.h5";
  for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
    SCOPED_TRACE("signal " + std::to_string(sig));
    const Child c = spawn_nmsim({"run", s.string(), "-o", target.string()}, dir());
    ASSERT_GT(c.pid, 0);
    // Wait (at most 20 s) until the run is under way: its temporary file exists.
    bool started = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!started && !has_exited(c.pid) && std::chrono::steady_clock::now() < deadline) {
      started = !list_dir(out()).empty();
      if (!started) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ::kill(c.pid, started ? sig : SIGKILL);
    const RunResult r = wait_nmsim(c);
    ASSERT_TRUE(started) << "the run never started writing; exit " << r.exit_code << ", stderr:\n" << r.err;
    EXPECT_EQ(r.exit_code, 130) << r.err;
    // No trial had finished: nothing to resume is claimed, and nothing is left to resume from.
    EXPECT_NE(r.err.find("interrupted before any trial had finished"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("--resume"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("\n"), r.err.size() - 1) << "one line: " << r.err;
    EXPECT_FALSE(fs::exists(target));
    EXPECT_EQ(list_dir(out()), std::vector<std::string>{}) << "the interrupted run left files behind";
    for (const auto& name : list_dir(out())) fs::remove_all(out() / name);  // next signal starts clean
  }
}

// SIGKILL cannot be caught: the kept parts are whatever was renamed into place. Resuming must
// still give exactly the dataset an uninterrupted run writes.
TEST_F(Interrupted, KilledDatasetRunResumesToIdenticalData) {
  std::string text = edit(std::string(kShortScenario), "hold, duration: 0.5", "hold, duration: 20.0");
  text += "dataset: {subjects: 4, trials_per_subject: 2}\n";
  const fs::path s = scenario(text);
  const fs::path whole = dir() / "whole.h5";
  ASSERT_EQ(nmsim({"run", s.string(), "-o", whole.string(), "--threads", "1", "-q"}).exit_code, 0);

  const fs::path target = out() / "result.h5";
  const fs::path parts = out() / ".result.h5.parts";
  const Child c = spawn_nmsim({"run", s.string(), "-o", target.string(), "--threads", "1", "-q"}, dir());
  ASSERT_GT(c.pid, 0);
  // Kill as soon as at least one finished trial has been stored.
  bool stored = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!stored && !has_exited(c.pid) && std::chrono::steady_clock::now() < deadline) {
    std::error_code ec;
    if (fs::is_directory(parts, ec))
      for (const auto& e : fs::directory_iterator(parts, ec)) stored = stored || e.path().filename().string().rfind("trial-", 0) == 0;
    if (!stored) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ::kill(c.pid, SIGKILL);
  const RunResult killed = wait_nmsim(c);
  ASSERT_TRUE(stored) << "no trial was stored before the run ended; exit " << killed.exit_code;
  if (fs::exists(target)) GTEST_SKIP() << "the run finished before the kill landed";
  EXPECT_TRUE(fs::is_directory(parts));

  const RunResult again = nmsim({"run", s.string(), "-o", target.string(), "--threads", "1", "-q"});
  EXPECT_EQ(again.exit_code, 2) << "a leftover run must not be silently overwritten";
  EXPECT_NE(again.err.find("--resume"), std::string::npos) << again.err;
  const RunResult resumed = nmsim({"run", s.string(), "-o", target.string(), "--threads", "2", "--resume", "-q"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_FALSE(fs::exists(parts));
  // Same trials, same arrays.
  const io::DatasetReader a(whole), b(target);
  ASSERT_EQ(a.trial_indices(), b.trial_indices());
  for (std::uint64_t i : a.trial_indices())
    for (const auto& path : a.series_paths(i)) EXPECT_EQ(a.read_series(i, path).data, b.read_series(i, path).data) << i << path;
}

}  // namespace
}  // namespace nmsim::cli_test
