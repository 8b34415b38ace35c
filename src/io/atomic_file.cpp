#include "io/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "core/error.hpp"

namespace nmsim::io::atomic {

namespace fs = std::filesystem;

namespace {

std::string errno_text(int err) { return std::generic_category().message(err); }

[[noreturn]] void output_error(const fs::path& final_path, const std::string& detail) {
  throw InputError(SourceMark{final_path.string(), 0, 0}, "output", detail);
}

// Opens, fsyncs and closes `path`; returns 0 or the errno of the failing step.
int sync_path(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return errno;
  int err = ::fsync(fd) == 0 ? 0 : errno;
  if (::close(fd) != 0 && err == 0) err = errno;
  return err;
}

}  // namespace

fs::path folder_of(const fs::path& path) {
  const fs::path parent = path.parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

fs::path temp_path_for(const fs::path& final_path) {
  static std::atomic<unsigned long> counter{0};
  // Built with append(): GCC 12 reports a false -Wrestrict on `"." + std::string`.
  std::string name(".");
  name.append(final_path.filename().string())
      .append(".tmp-")
      .append(std::to_string(::getpid()))
      .append("-")
      .append(std::to_string(counter.fetch_add(1)));
  return final_path.parent_path() / name;
}

void check_output_writable(const fs::path& final_path) {
  const fs::path probe = temp_path_for(final_path);
  claim_temp_file(final_path, probe);
  std::error_code ec;
  fs::remove(probe, ec);
}

void claim_temp_file(const fs::path& final_path, const fs::path& temp_path) {
  if (final_path.empty() || !final_path.has_filename())
    output_error(final_path, "the output path must name a file");
  const fs::path folder = folder_of(final_path);
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    output_error(final_path, "cannot write the output file: folder '" + folder.string() + "' does not exist");
  if (fs::is_directory(final_path, ec))
    output_error(final_path, "cannot write the output file: '" + final_path.string() + "' is a folder");
  // Creating the file ourselves yields the real reason (permissions, read-only file
  // system, ...) instead of HDF5's generic "unable to create file".
  const int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0)
    output_error(final_path, "cannot write the output file in folder '" + folder.string() + "': " + errno_text(errno));
  ::close(fd);
}

void publish(const fs::path& temp_path, const fs::path& final_path, bool durable) {
  if (durable)
    if (const int err = sync_path(temp_path, O_RDONLY)) throw IoError(temp_path.string(), err, "flush to disk");
  if (::rename(temp_path.c_str(), final_path.c_str()) != 0)
    throw IoError(final_path.string(), errno, "rename '" + temp_path.string() + "' onto");
  if (durable)
    if (const int err = sync_path(folder_of(final_path), O_RDONLY | O_DIRECTORY))
      throw IoError(folder_of(final_path).string(), err, "flush the new entry of '" + final_path.filename().string() + "' in");
}

}  // namespace nmsim::io::atomic
