// "Nothing is written unless the command succeeds" (src/cli/app.hpp) also when the user
// stops a run with Ctrl-C (SIGINT) or a job manager stops it (SIGTERM): no output file and no
// temporary file remain; only the hidden parts folder that --resume continues from.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>

#include "cli_harness.hpp"

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
  for (const int sig : {SIGINT, SIGTERM}) {
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
    EXPECT_NE(r.err.find("--resume"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(target));
    EXPECT_EQ(list_dir(out()), std::vector<std::string>{".result.h5.parts"}) << "the interrupted run left files behind";
    for (const auto& name : list_dir(out())) fs::remove_all(out() / name);  // next signal starts clean
  }
}

}  // namespace
}  // namespace nmsim::cli_test
