#include "cli_harness.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

extern char** environ;

namespace nmsim::cli_test {

namespace {

// Opens (truncating) a capture file; the descriptor is not inherited except via dup2.
int open_capture(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) ADD_FAILURE() << "cannot create " << file << ": " << std::strerror(errno);
  return fd;
}

}  // namespace

Child spawn_nmsim(const std::vector<std::string>& args, const fs::path& capture_dir, const fs::path& cwd,
                  std::uint64_t file_size_limit) {
  static unsigned counter = 0;
  const std::string tag = std::to_string(::getpid()) + "-" + std::to_string(counter++);
  Child child{-1, capture_dir / (".stdout-" + tag), capture_dir / (".stderr-" + tag)};

  // Everything the child needs is built before fork(): argv, envp, descriptors.
  const std::string binary = NMSIM_BINARY;
  std::vector<char*> argv{const_cast<char*>(binary.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (char** e = environ; *e != nullptr; ++e)
    if (std::strncmp(*e, "NMSIM_MODEL_PATH=", 17) != 0) envp.push_back(*e);
  envp.push_back(nullptr);

  const int out_fd = open_capture(child.out_file), err_fd = open_capture(child.err_file);
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (out_fd >= 0 && err_fd >= 0 && null_fd >= 0) {
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {  // child: only async-signal-safe calls from here on
      if (::dup2(null_fd, 0) < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0) ::_exit(126);
      if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
      if (file_size_limit > 0) {
        ::signal(SIGXFSZ, SIG_IGN);  // survives exec: writes past the limit fail with EFBIG
        const struct rlimit lim {file_size_limit, file_size_limit};
        if (::setrlimit(RLIMIT_FSIZE, &lim) != 0) ::_exit(126);
      }
      ::execve(argv[0], argv.data(), envp.data());
      ::_exit(127);
    }
    if (pid < 0) ADD_FAILURE() << "fork failed: " << std::strerror(errno);
    child.pid = pid < 0 ? -1 : static_cast<int>(pid);
  }
  for (const int fd : {out_fd, err_fd, null_fd})
    if (fd >= 0) ::close(fd);
  return child;
}

RunResult wait_nmsim(const Child& child) {
  RunResult r;
  if (child.pid > 0) {
    int status = 0;
    pid_t got = -1;
    do {
      got = ::waitpid(child.pid, &status, 0);
    } while (got < 0 && errno == EINTR);
    if (got < 0) {
      ADD_FAILURE() << "waitpid failed: " << std::strerror(errno);
    } else if (WIFEXITED(status)) {
      r.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
      r.signaled = true;
      r.exit_code = 128 + WTERMSIG(status);
    }
  }
  r.out = read_text(child.out_file);
  r.err = read_text(child.err_file);
  std::error_code ec;
  fs::remove(child.out_file, ec);
  fs::remove(child.err_file, ec);
  return r;
}

RunResult run_nmsim(const std::vector<std::string>& args, const fs::path& capture_dir, const fs::path& cwd,
                    std::uint64_t file_size_limit) {
  return wait_nmsim(spawn_nmsim(args, capture_dir, cwd, file_size_limit));
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const fs::path& file, std::string_view text) {
  std::ofstream f(file, std::ios::binary | std::ios::trunc);
  f.write(text.data(), static_cast<std::streamsize>(text.size()));
  ASSERT_TRUE(f.good()) << "cannot write " << file;
}

std::vector<std::string> list_dir(const fs::path& folder) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(folder, ec)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string edit(const std::string& text, std::string_view from, std::string_view to) {
  const std::size_t pos = text.find(from);
  if (pos == std::string::npos || text.find(from, pos + 1) != std::string::npos) {
    ADD_FAILURE() << "fixture edit: '" << from << "' must occur exactly once";
    return text;
  }
  std::string out = text;
  out.replace(pos, from.size(), to);
  return out;
}

void CliTest::SetUp() {
  static unsigned counter = 0;
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string(info->test_suite_name()) + "." + info->name();
  std::replace_if(name.begin(), name.end(), [](char c) { return c == '/' || c == ' '; }, '_');
  dir_ = fs::temp_directory_path() /
         ("nmsim-cli-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(dir_);
  fs::create_directories(dir_ / "out");
}

void CliTest::TearDown() {
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

fs::path CliTest::scenario(const std::string& text, const std::string& name) const {
  const fs::path p = dir_ / name;
  write_text(p, text);
  return p;
}

std::pair<fs::path, fs::path> CliTest::two_shards() const {
  const fs::path s = scenario(std::string(kShortScenario) + "dataset: {subjects: 2}\n", "two.yaml");
  const fs::path a = dir() / "a.h5", b = dir() / "b.h5";
  EXPECT_EQ(nmsim({"run", s.string(), "-o", a.string(), "--shard", "1/2", "-q"}).exit_code, 0);
  EXPECT_EQ(nmsim({"run", s.string(), "-o", b.string(), "--shard", "2/2", "-q"}).exit_code, 0);
  return {a, b};
}

}  // namespace nmsim::cli_test
