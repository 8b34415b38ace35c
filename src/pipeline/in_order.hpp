#pragma once
// Runs jobs 0 … count−1 on `threads` threads in all — the calling thread and threads − 1 more —
// and hands each result to `store` strictly in job order, one call at a time.
//
// There is no dedicated storing thread: after finishing a job, a thread stores every result
// that is next in order, unless another thread is already doing so (that thread then picks the
// new result up before it stops). So one thread means one thread, and with several the storing
// moves to whichever thread is free, instead of a writer thread that idles or falls behind.
//
// Memory: a job is started only while fewer than `window` results wait to be stored ahead of
// it, so at most `window` results exist besides the one being stored.
//
// The first exception from `compute` or `store` stops the run: the other threads finish the job
// they are on, no further results are stored, and it is rethrown on the calling thread once all
// threads have ended. A stop request (Ctrl-C, SIGTERM: core/interrupt.hpp) does the same with
// Interrupted; it is polled between jobs and while waiting.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/interrupt.hpp"

namespace nmsim::pipeline {

template <class Compute, class Store>
void run_in_order(std::uint64_t count, unsigned threads, std::uint64_t window, const Compute& compute,
                  const Store& store) {
  NMSIM_CHECK(threads >= 1 && window >= 1, "run_in_order: needs a thread and a window");
  using Result = decltype(compute(std::uint64_t{}));
  std::mutex mu;
  std::condition_variable changed;  // a result was stored, or the run stopped
  std::map<std::uint64_t, Result> ready;  // finished, waiting for their turn
  std::uint64_t claimed = 0;  // jobs started
  std::uint64_t stored = 0;   // results stored: the next one due is `stored`
  bool storing = false;       // a thread is storing
  std::exception_ptr error;   // the first failure; set means stop

  // With the lock held.
  const auto fail = [&](std::exception_ptr e) {
    if (!error) error = std::move(e);
    changed.notify_all();
  };
  // Runs `step` with the lock released; what it threw, if anything.
  const auto unlocked = [](std::unique_lock<std::mutex>& lock, const auto& step) {
    lock.unlock();
    std::exception_ptr failed;
    try {
      step();
    } catch (...) {
      failed = std::current_exception();
    }
    lock.lock();
    return failed;
  };
  // With the lock held: stores the results due, unless another thread is doing so.
  const auto store_due = [&](std::unique_lock<std::mutex>& lock) {
    if (storing) return;  // that thread will find our result before it stops storing
    storing = true;
    for (auto due = ready.find(stored); !error && due != ready.end(); due = ready.find(stored)) {
      if (stop_requested()) {
        fail(std::make_exception_ptr(Interrupted()));
        break;
      }
      Result r = std::move(due->second);
      ready.erase(due);
      const std::uint64_t job = stored;
      if (auto failed = unlocked(lock, [&] { store(job, std::move(r)); })) {
        fail(std::move(failed));
        break;
      }
      ++stored;
      changed.notify_all();
    }
    storing = false;
  };

  const auto work = [&] {
    std::unique_lock lock(mu);
    while (!error && claimed < count) {
      if (claimed >= stored + window) {  // bounded memory: wait for the storing to catch up
        // Polled: a signal handler cannot notify a condition variable.
        changed.wait_for(lock, std::chrono::milliseconds(100));
        if (stop_requested()) fail(std::make_exception_ptr(Interrupted()));
        continue;
      }
      const std::uint64_t job = claimed++;
      std::optional<Result> r;
      if (auto failed = unlocked(lock, [&] {
            throw_if_stop_requested();
            r.emplace(compute(job));
          })) {
        fail(std::move(failed));
        break;
      }
      ready.emplace(job, std::move(*r));
      store_due(lock);
    }
  };

  std::vector<std::thread> helpers;
  try {
    for (unsigned t = 1; t < threads && t < count; ++t) helpers.emplace_back(work);
  } catch (...) {  // could not start a thread: stop those started
    std::lock_guard lock(mu);
    fail(std::current_exception());
  }
  work();
  for (auto& th : helpers) th.join();
  if (error) std::rethrow_exception(error);
  NMSIM_CHECK(stored == count, "run_in_order: " + std::to_string(count - stored) + " results not stored");
}

}  // namespace nmsim::pipeline
