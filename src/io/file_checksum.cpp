#include "io/file_checksum.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/checksum.hpp"
#include "core/error.hpp"

namespace nmsim::io {

namespace fs = std::filesystem;

namespace {

constexpr const char* kTag = "nmsim-checksum v1 fnv1a64w=";

class Fd {
 public:
  Fd(const fs::path& p, int flags) : fd_(::open(p.c_str(), flags | O_CLOEXEC)) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Checksum and length of bytes [kUserBlockBytes, end); errno on a read failure.
int digest_body(int fd, std::uint64_t& sum, std::uint64_t& bytes) {
  WordChecksum c;
  std::vector<char> buf(1 << 20);  // a multiple of 8: only the last piece may have a tail
  std::size_t have = 0;
  off_t at = static_cast<off_t>(kUserBlockBytes);
  bytes = 0;
  for (;;) {
    const ssize_t n = ::pread(fd, buf.data() + have, buf.size() - have, at);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (n == 0) break;
    have += static_cast<std::size_t>(n);
    at += n;
    bytes += static_cast<std::uint64_t>(n);
    if (have == buf.size()) {
      c.update(buf.data(), have);
      have = 0;
    }
  }
  c.update(buf.data(), have);
  sum = c.value();
  return 0;
}

}  // namespace

std::string checksum_hex(std::uint64_t checksum) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(checksum));
  return hex;
}

void seal_file(const fs::path& file) {
  const Fd fd(file, O_RDWR);
  if (fd.get() < 0) throw IoError(file.string(), errno, "open");
  std::uint64_t sum = 0, bytes = 0;
  if (const int err = digest_body(fd.get(), sum, bytes)) throw IoError(file.string(), err, "read back");
  char block[kUserBlockBytes] = {};
  std::snprintf(block, sizeof block, "%s%s bytes=%llu\n", kTag, checksum_hex(sum).c_str(),
                static_cast<unsigned long long>(bytes));
  if (::pwrite(fd.get(), block, sizeof block, 0) != static_cast<ssize_t>(sizeof block))
    throw IoError(file.string(), errno, "write the checksum into");
}

SealCheck check_seal(const fs::path& file) {
  SealCheck r;
  const Fd fd(file, O_RDONLY | O_NONBLOCK);
  struct stat st {};
  if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return r;
  char block[kUserBlockBytes + 1] = {};
  if (::pread(fd.get(), block, kUserBlockBytes, 0) != static_cast<ssize_t>(kUserBlockBytes)) return r;
  if (std::strncmp(block, kTag, std::strlen(kTag)) != 0) return r;
  unsigned long long recorded = 0, length = 0;
  if (std::sscanf(block + std::strlen(kTag), "%16llx bytes=%llu", &recorded, &length) != 2) {
    r.status = SealCheck::Status::mismatch;
    r.detail = "its checksum record is damaged";
    return r;
  }
  r.checksum = recorded;
  std::uint64_t sum = 0, bytes = 0;
  if (const int err = digest_body(fd.get(), sum, bytes)) throw IoError(file.string(), err, "read");
  if (bytes != length || sum != recorded) {
    r.status = SealCheck::Status::mismatch;
    r.detail = bytes != length ? "it has " + std::to_string(bytes + kUserBlockBytes) + " bytes, " +
                                     std::to_string(length + kUserBlockBytes) + " when written"
                               : "its checksum is " + checksum_hex(sum) + ", " + checksum_hex(recorded) + " when written";
    return r;
  }
  r.status = SealCheck::Status::verified;
  return r;
}

}  // namespace nmsim::io
