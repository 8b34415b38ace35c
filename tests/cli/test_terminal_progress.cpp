// On a terminal, nmsim draws its progress in place (a carriage return, no newline). A message
// that ends the run - here Ctrl-C - must start on a line of its own, not after the progress
// text. Runs nmsim on a pseudo-terminal (forkpty), as a user at a shell sees it.
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include "cli_harness.hpp"

namespace nmsim::cli_test {
namespace {

using TerminalProgress = CliTest;

struct TerminalRun {
  std::string text;  // everything nmsim wrote to the terminal (stdout and stderr)
  int exit_code = -1;
};

// Starts nmsim on a new pseudo-terminal, waits until `ready` appears in its output, sends
// SIGINT, and reads the terminal until the process exits (at most 60 s in all).
TerminalRun interrupt_on_terminal(const std::vector<std::string>& args, const std::string& ready) {
  const std::string binary = NMSIM_BINARY;
  std::vector<char*> argv{const_cast<char*>(binary.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  TerminalRun run;
  int master = -1;
  std::fflush(nullptr);
  const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  if (pid == 0) {
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  if (pid < 0) {
    ADD_FAILURE() << "forkpty failed: " << std::strerror(errno);
    return run;
  }
  bool signalled = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  char buf[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{master, POLLIN, 0};
    if (::poll(&p, 1, 100) > 0) {
      const ssize_t n = ::read(master, buf, sizeof buf);
      if (n <= 0) break;  // EIO: the child has closed the terminal
      run.text.append(buf, static_cast<std::size_t>(n));
    }
    if (!signalled && run.text.find(ready) != std::string::npos) {
      ::kill(pid, SIGINT);
      signalled = true;
    }
  }
  if (!signalled) ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(master);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  EXPECT_TRUE(signalled) << "never saw '" << ready << "'; the terminal showed:\n" << run.text;
  return run;
}

// The message line and what came before it on the terminal.
void expect_on_its_own_line(const TerminalRun& r, const std::string& message) {
  const auto at = r.text.find(message);
  ASSERT_NE(at, std::string::npos) << r.text;
  ASSERT_GT(at, 0u);
  EXPECT_EQ(r.text[at - 1], '\n') << "the message continues the progress line:\n" << r.text;
}

TEST_F(TerminalProgress, InterruptingASingleTrialStartsItsMessageOnANewLine) {
  const fs::path s = scenario(edit(std::string(kShortScenario), "hold, duration: 0.5", "hold, duration: 600.0"));
  const TerminalRun r = interrupt_on_terminal({"run", s.string(), "-o", (out() / "long.h5").string()}, "s simulated");
  EXPECT_EQ(r.exit_code, 130) << r.text;
  EXPECT_NE(r.text.find("\rnmsim: "), std::string::npos) << "no progress drawn in place:\n" << r.text;
  expect_on_its_own_line(r, "nmsim: interrupted before any trial had finished");
  EXPECT_FALSE(fs::exists(out() / "long.h5"));
}

TEST_F(TerminalProgress, InterruptingADatasetStartsItsMessageOnANewLine) {
  std::string text = edit(std::string(kShortScenario), "hold, duration: 0.5", "hold, duration: 4.0");
  text += "dataset: {subjects: 200, trials_per_subject: 1}\n";
  const fs::path s = scenario(text);
  // The bar is drawn once a trial has finished: "] 1/200" or later.
  const TerminalRun r = interrupt_on_terminal({"run", s.string(), "-o", (out() / "set.h5").string(), "-j", "1"}, "/200 trials");
  EXPECT_EQ(r.exit_code, 130) << r.text;
  EXPECT_NE(r.text.find("\r["), std::string::npos) << "no progress bar drawn in place:\n" << r.text;
  expect_on_its_own_line(r, "nmsim: interrupted; ");
  EXPECT_NE(r.text.find("--resume"), std::string::npos) << r.text;
  EXPECT_FALSE(fs::exists(out() / "set.h5"));
}

}  // namespace
}  // namespace nmsim::cli_test
