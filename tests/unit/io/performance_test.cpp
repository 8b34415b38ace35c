// Write speed for a realistic trial, and memory that does not grow with the trial count.
#include <gtest/gtest.h>

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <string>

#include "io/dataset_reader.hpp"
#include "io/dataset_writer.hpp"
#include "io_test_support.hpp"

namespace nmsim::io {
namespace {

using test::make_trial;
using test::ScratchDir;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Resident set size in KiB (Linux).
long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      long kib = 0;
      status >> kib;
      return kib;
    }
    status.ignore(1 << 12, '\n');
  }
  return -1;
}

TEST(Performance, ThirtySecondTrialWritesInMilliseconds) {
  ScratchDir dir;
  // 30 s at 2 kHz: EMG 60000×3, six 30000×1 series, labels 60000×3.
  std::vector<TrialRecord> trials;
  for (std::uint64_t i = 0; i < 5; ++i) trials.push_back(make_trial(i, 30.0));
  ASSERT_EQ(trials[0].series[0].n_samples(), 60000u);

  DatasetWriter w(dir / "perf.h5");
  std::vector<double> ms;
  for (const auto& t : trials) {
    const auto t0 = Clock::now();
    w.write_trial(t);
    ms.push_back(ms_since(t0));
  }
  const auto t0 = Clock::now();
  w.commit();
  const double commit_ms = ms_since(t0);
  std::sort(ms.begin(), ms.end());
  const double median = ms[ms.size() / 2];
  std::printf("write_trial (30 s trial): median %.2f ms, min %.2f ms, max %.2f ms; commit (fsync+rename) %.2f ms\n",
              median, ms.front(), ms.back(), commit_ms);
  RecordProperty("write_trial_median_ms", std::to_string(median));
  // A figure for docs/performance.md, not an assertion: speed targets live in benchmarks.
}

TEST(Performance, MemoryDoesNotGrowWithTrialCount) {
#ifdef __SANITIZE_ADDRESS__
  GTEST_SKIP() << "AddressSanitizer's quarantine makes heap figures meaningless";
#endif
  ScratchDir dir;
  const TrialRecord proto = make_trial(0, 0.1);  // metadata dominates: short trials suffice
  DatasetWriter w(dir / "many.h5");
  auto write_n = [&](std::uint64_t from, std::uint64_t to) {
    TrialRecord t = proto;
    for (std::uint64_t i = from; i < to; ++i) {
      t.index = i;
      w.write_trial(t);
    }
  };
  // Heap in use rather than RSS: RSS moves in pages and arenas, so a leak of a few hundred
  // bytes per trial (HDF5 kept ~1 KiB per trial of free-space fragments with its default
  // metadata block size) would hide in its noise for thousands of trials.
  write_n(0, 500);  // let HDF5's caches and free lists reach their working size
  const double before = static_cast<double>(mallinfo2().uordblks);
  const long rss_before = rss_kib();
  constexpr std::uint64_t kMore = 2000;
  write_n(500, 500 + kMore);
  const double per_trial = (static_cast<double>(mallinfo2().uordblks) - before) / kMore;
  std::printf("heap growth %.0f bytes per trial; RSS after 500 trials %ld KiB, after %llu: %ld KiB\n", per_trial,
              rss_before, static_cast<unsigned long long>(500 + kMore), rss_kib());
  EXPECT_LT(per_trial, 200.0) << "memory grows with the number of trials";
  w.commit();
  EXPECT_EQ(DatasetReader(dir / "many.h5").trial_indices().size(), 500 + kMore);
}

}  // namespace
}  // namespace nmsim::io
