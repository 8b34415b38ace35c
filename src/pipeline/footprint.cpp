#include "pipeline/footprint.hpp"

#include <sys/resource.h>
#include <sys/statvfs.h>

#include <cerrno>

#include <cstdio>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "engine/trial_runner.hpp"

namespace nmsim::pipeline {

namespace {
constexpr double kProbeSeconds = 0.02;
// HDF5 metadata per trial (groups, attributes, string tables), measured on the bundled scenarios.
constexpr double kHdf5BytesPerTrial = 40.0 * 1024;
}  // namespace

Footprint estimate_footprint(const scenario::Scenario& base, std::uint64_t trials) {
  scenario::Scenario probe = base;
  physiology::Phase first = base.protocol.front();
  first.duration_s = kProbeSeconds;
  first.stimuli.clear();
  probe.protocol = {first};
  double per_second = 0.0;
  try {
    const TrialRecord r = engine::run_trial(probe, 0);
    double bytes = static_cast<double>(r.labels.data.size() * sizeof(LabelMask));
    for (const auto& s : r.series) bytes += static_cast<double>(s.data.size() * sizeof(float));
    per_second = bytes / kProbeSeconds;
  } catch (const std::exception&) {
    return {};  // a probe that cannot run says nothing; the run itself reports the problem
  }
  Footprint f;
  f.trial_bytes = per_second * base.duration_s();
  f.parts_bytes = f.trial_bytes * static_cast<double>(trials);
  f.output_bytes = (f.trial_bytes + kHdf5BytesPerTrial) * static_cast<double>(trials);
  return f;
}

void check_trial_fits(const scenario::Scenario& base, const Footprint& f) {
  const double memory = available_memory_bytes();
  if (f.trial_bytes <= 0.0 || memory <= 0.0 || f.memory_bytes(1, 2) <= memory) return;
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.6g", base.duration_s());
  throw InputError(SourceMark{base.scenario_path.string(), 0, 0}, "protocol",
                   std::string("a trial of ") + seconds + " s needs about " + human_bytes(f.memory_bytes(1, 2)) +
                       " of memory to simulate and write, and " + human_bytes(memory) +
                       " is available; shorten the protocol or lower the signal rates");
}

double free_disk_bytes(const std::filesystem::path& path) {
  struct statvfs st {};
  if (::statvfs(io::atomic::folder_of(path).c_str(), &st) != 0) return -1.0;
  return static_cast<double>(st.f_bavail) * static_cast<double>(st.f_frsize);
}

void check_disk_fits(const std::filesystem::path& output, double bytes, const std::string& what, bool one_file) {
  const std::string folder = io::atomic::folder_of(output).string();
  const double free = free_disk_bytes(output);
  if (free >= 0.0 && bytes > free)
    throw IoError(folder, ENOSPC, "fit about " + human_bytes(bytes) + " (" + what + "; " + human_bytes(free) + " free) in");
  struct rlimit lim {};
  if (one_file && ::getrlimit(RLIMIT_FSIZE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY && bytes > static_cast<double>(lim.rlim_cur))
    throw IoError(output.string(), EFBIG, "write about " + human_bytes(bytes) + " (" + what + ", beyond the file-size limit of " +
                                              human_bytes(static_cast<double>(lim.rlim_cur)) + ") to");
}

double available_memory_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  double kib = 0;
  std::string unit;
  while (in >> key >> kib >> unit)
    if (key == "MemAvailable:") return kib * 1024.0;
  return -1.0;
}

std::string human_bytes(double bytes) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (bytes >= 1024.0 && u < 4) bytes /= 1024.0, ++u;
  char out[32];
  std::snprintf(out, sizeof out, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
  return out;
}

}  // namespace nmsim::pipeline
