// run_in_order: results stored strictly in order, one at a time, with bounded look-ahead, no
// extra thread for one thread, and the first failure or a stop request ending the run.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/interrupt.hpp"
#include "pipeline/in_order.hpp"

namespace nmsim::pipeline {
namespace {

// Uneven job durations (0–3 ms), so that jobs finish out of order.
void busy(std::uint64_t job) { std::this_thread::sleep_for(std::chrono::microseconds((job * 7919) % 3000)); }

TEST(RunInOrder, StoresEveryResultOnceInOrderOneAtATimeWithinTheWindow) {
  for (unsigned threads : {1u, 2u, 4u}) {
    constexpr std::uint64_t kJobs = 200;
    const std::uint64_t window = 2ull * threads;
    std::vector<std::uint64_t> order;
    std::atomic<int> storing{0};
    std::atomic<std::uint64_t> stored{0};
    std::atomic<bool> overlapped{false}, beyond_window{false};
    run_in_order(
        kJobs, threads, window,
        [&](std::uint64_t job) {
          if (job >= stored.load() + window) beyond_window = true;
          busy(job);
          return job * job;
        },
        [&](std::uint64_t job, std::uint64_t result) {
          if (storing.fetch_add(1) != 0) overlapped = true;
          EXPECT_EQ(result, job * job);
          order.push_back(job);
          busy(job / 2);
          stored = job + 1;
          storing.fetch_sub(1);
        });
    ASSERT_EQ(order.size(), kJobs) << threads << " threads";
    for (std::uint64_t i = 0; i < kJobs; ++i) EXPECT_EQ(order[i], i);
    EXPECT_FALSE(overlapped) << threads << " threads";
    EXPECT_FALSE(beyond_window) << threads << " threads";
  }
}

TEST(RunInOrder, OneThreadIsTheCallingThreadAndSeveralShareTheStoring) {
  const auto caller = std::this_thread::get_id();
  std::set<std::thread::id> computing, storing;
  std::mutex mu;
  const auto compute = [&](std::uint64_t job) {
    busy(job);
    std::lock_guard lock(mu);
    computing.insert(std::this_thread::get_id());
    return job;
  };
  const auto store = [&](std::uint64_t, std::uint64_t) { storing.insert(std::this_thread::get_id()); };
  run_in_order(50, 1, 2, compute, store);
  EXPECT_EQ(computing, std::set<std::thread::id>{caller});
  EXPECT_EQ(storing, std::set<std::thread::id>{caller});

  computing.clear();
  storing.clear();
  run_in_order(200, 2, 4, compute, store);
  EXPECT_EQ(computing.size(), 2u);
  EXPECT_EQ(computing.count(caller), 1u);
  EXPECT_EQ(storing.size(), 2u) << "no thread is reserved for storing";
}

TEST(RunInOrder, TheFirstFailureEndsTheRunAndIsRethrown) {
  for (unsigned threads : {1u, 3u}) {
    std::vector<std::uint64_t> order;
    const auto compute = [](std::uint64_t job) {
      busy(job);
      if (job == 7) throw std::runtime_error("compute 7");
      return job;
    };
    EXPECT_THROW(run_in_order(100, threads, 4, compute, [&](std::uint64_t job, std::uint64_t) { order.push_back(job); }),
                 std::runtime_error);
    EXPECT_LE(order.size(), 7u);  // never job 7 or beyond it
    for (std::size_t i = 0; i < order.size(); ++i) EXPECT_EQ(order[i], i);

    order.clear();
    const auto store = [&](std::uint64_t job, std::uint64_t) {
      if (job == 3) throw std::logic_error("store 3");
      order.push_back(job);
    };
    EXPECT_THROW(run_in_order(100, threads, 4, [](std::uint64_t job) { return job; }, store), std::logic_error);
    EXPECT_EQ(order, (std::vector<std::uint64_t>{0, 1, 2}));
  }
}

TEST(RunInOrder, AStopRequestInterrupts) {
  std::uint64_t stored = 0;
  EXPECT_THROW(run_in_order(
                   1000, 2, 4, [](std::uint64_t job) { return job; },
                   [&](std::uint64_t job, std::uint64_t) {
                     stored = job + 1;
                     if (job == 10) request_stop();
                   }),
               Interrupted);
  clear_stop_request();
  EXPECT_EQ(stored, 11u);
}

}  // namespace
}  // namespace nmsim::pipeline
