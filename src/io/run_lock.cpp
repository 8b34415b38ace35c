#include "io/run_lock.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <ctime>
#include <string>
#include <system_error>

#include "core/error.hpp"
#include "io/atomic_file.hpp"

namespace nmsim::io {

namespace fs = std::filesystem;

namespace {

std::string errno_text(int err) { return std::generic_category().message(err); }

std::string holder_text() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  const std::time_t now = std::time(nullptr);
  char when[32] = {};
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return "pid " + std::to_string(::getpid()) + " on host " + (host[0] ? host : "?") + ", started " + when + "\n";
}

// The holder's line, read with a bounded read: the file is ours, but need not be well-formed.
std::string read_holder(int fd) {
  char buf[512];
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  std::string s(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  if (const auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20) c = '?';
  return s;
}

bool same_file(int fd, const fs::path& path) {
  struct stat a {}, b {};
  return ::fstat(fd, &a) == 0 && ::stat(path.c_str(), &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

bool process_alive(long pid) {
  if (pid <= 0) return true;  // not a pid we can judge: keep the file
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH;
}

}  // namespace

RunLock::RunLock(const fs::path& folder, const fs::path& output) {
  const auto fail = [&](const std::string& why) {
    throw InputError(SourceMark{output.string(), 0, 0}, "output", why);
  };
  const fs::path file = folder / kFileName;
  // A holder that finishes removes the folder; a lock taken on the removed file would guard
  // nothing, so lock again until the locked file is the one at the path.
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) fail("cannot create the parts folder '" + folder.string() + "': " + ec.message());
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) fail("cannot open the lock file '" + file.string() + "': " + errno_text(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      const std::string holder = err == EWOULDBLOCK ? read_holder(fd) : std::string();
      ::close(fd);
      if (err != EWOULDBLOCK) fail("cannot lock '" + file.string() + "': " + errno_text(err));
      fail("another nmsim process is generating this output (" +
           (holder.empty() ? std::string("holder not yet recorded") : holder) + ", lock '" + file.string() +
           "'); wait for it to finish or stop it, then rerun with --resume");
    }
    if (!same_file(fd, file)) {
      ::close(fd);
      continue;
    }
    const std::string me = holder_text();
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, me.data(), me.size(), 0) != static_cast<ssize_t>(me.size())) {
      const int err = errno;
      ::close(fd);
      fail("cannot write the lock file '" + file.string() + "': " + errno_text(err));
    }
    fd_ = fd;
    return;
  }
  fail("the parts folder '" + folder.string() + "' keeps being replaced; is another process removing it?");
}

bool RunLock::busy(const fs::path& folder) {
  const int fd = ::open((folder / kFileName).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return false;
  const bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(fd);
  return held;
}

RunLock::~RunLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

std::uintmax_t remove_stale_temporaries(const fs::path& output, const fs::path& parts) {
  std::uintmax_t freed = 0;
  const auto remove = [&](const fs::path& p) {
    std::error_code ec;
    const auto size = fs::file_size(p, ec);
    if (fs::remove(p, ec) && !ec && size != static_cast<std::uintmax_t>(-1)) freed += size;
  };
  std::error_code ec;
  const std::string prefix = "." + output.filename().string() + ".tmp-";
  for (const auto& e : fs::directory_iterator(atomic::folder_of(output), ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    long pid = 0;
    const char* first = name.data() + prefix.size();
    const auto [end, err] = std::from_chars(first, name.data() + name.size(), pid);
    if (err != std::errc{} || end == first || *end != '-') continue;  // not one of ours
    if (!process_alive(pid) && e.is_regular_file(ec)) remove(e.path());
  }
  for (const auto& e : fs::directory_iterator(parts, ec))
    if (e.path().extension() == ".tmp" && e.is_regular_file(ec)) remove(e.path());
  return freed;
}

}  // namespace nmsim::io
