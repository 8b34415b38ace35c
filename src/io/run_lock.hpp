#pragma once
// An exclusive lock on a run's parts folder, so that two processes never generate the same
// output at once (e.g. a requeued Slurm task resuming while its first instance still runs).
// flock(2) on a file inside the folder: released by the kernel when the process dies, however
// it dies, so a killed run never leaves a stale lock. The lock file names its holder (pid, host,
// start time), which is what a refused process reports.
#include <cstdint>
#include <filesystem>
#include <string>

namespace nmsim::io {

class RunLock {
 public:
  // Creates `folder` if needed and locks it. InputError (key "output", location = `output`)
  // naming the holder if another process has the lock.
  RunLock(const std::filesystem::path& folder, const std::filesystem::path& output);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

  static constexpr const char* kFileName = "lock";
  // True if another process holds the lock on `folder` right now.
  static bool busy(const std::filesystem::path& folder);

 private:
  int fd_ = -1;
};

// Removes, from the folder of `output`, the hidden temporary files `.NAME.tmp-<pid>-<n>` that
// processes no longer alive on this host left behind (killed before they could clean up), and
// every `*.tmp` file in `parts` (only the lock holder writes there). Returns the bytes freed.
std::uintmax_t remove_stale_temporaries(const std::filesystem::path& output, const std::filesystem::path& parts);

}  // namespace nmsim::io
