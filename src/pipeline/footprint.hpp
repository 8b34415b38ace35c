#pragma once
// What a run will need, estimated before it starts: the output's size, the peak disk space
// (resume parts and the output's temporary file exist together just before the commit) and the
// memory of the trials in flight. `validate` prints it; `run` checks free space and memory
// against it before it computes anything (docs/scaling.md).
#include <cstdint>
#include <filesystem>
#include <string>

#include "scenario/scenario.hpp"

namespace nmsim::pipeline {

struct Footprint {
  double trial_bytes = 0.0;   // one trial's signals and labels, in memory and in its part
  double output_bytes = 0.0;  // the output file (uncompressed; --compress makes it smaller)
  double parts_bytes = 0.0;   // all trials' parts
  double peak_disk_bytes() const { return output_bytes + parts_bytes; }
  // Peak memory with `threads` computing and `window` finished trials waiting to be written:
  // a computing trial holds its trajectory and its record, a waiting one its record.
  double memory_bytes(unsigned threads, std::uint64_t window) const {
    return trial_bytes * (2.0 * threads + static_cast<double>(window));
  }
};

// Measures a trial's layout by simulating 20 ms of the scenario's first phase (every series and
// label matrix a trial writes, with its rate and channels) and scales it to the scenario's
// duration. `trials` trials of about that duration each.
Footprint estimate_footprint(const scenario::Scenario& base, std::uint64_t trials);

// InputError (at the scenario's protocol) if one trial cannot be simulated and written in the
// memory available: a trial is held whole in memory (its signals, labels and trajectory).
void check_trial_fits(const scenario::Scenario& base, const Footprint& f);

// Free bytes for an unprivileged writer in the folder holding `path`; negative if unknown.
double free_disk_bytes(const std::filesystem::path& path);
// IoError before anything is written if about `bytes` cannot be written next to `output`: more
// than the folder's free space (ENOSPC), or with `one_file` (the bytes all go to `output`) more
// than the process's file-size limit (EFBIG). `what` says what the bytes are, for the message.
// (HDF5 1.10 can crash when the disk fills inside H5Ocopy, so merge must not get there.)
void check_disk_fits(const std::filesystem::path& output, double bytes, const std::string& what, bool one_file);
// Memory the kernel reports as available (MemAvailable); negative if unknown.
double available_memory_bytes();

// "1.4 GiB", "830 MiB", "12 KiB".
std::string human_bytes(double bytes);

}  // namespace nmsim::pipeline
