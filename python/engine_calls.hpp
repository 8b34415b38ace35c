#pragma once
// How the module calls into nmsim: without the GIL (the work touches no Python object), and
// with nmsim's errors raised as the module's exceptions (ScenarioError, NumericalError) whose
// attributes carry the located message's parts.
#include <pybind11/pybind11.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <optional>
#include <thread>
#include <vector>

#include "core/error.hpp"

namespace nmsim::python {

// The module's exception classes, set once when the module loads.
void set_exception_types(pybind11::handle scenario_error, pybind11::handle numerical_error);

// Rethrows `error` (an InputError or NumericalError; anything else as it is) as the module's
// exception; `job`, if given, is set on it as the failing item's position in a batch. Call with
// the GIL.
[[noreturn]] void raise_engine_error(const std::exception_ptr& error, std::optional<std::size_t> job = std::nullopt);

// Runs `work()` with the GIL released; nmsim's errors become the module's exceptions.
template <class Work>
auto unlocked(Work&& work) -> decltype(work()) {
  std::exception_ptr error;
  try {
    pybind11::gil_scoped_release released;
    return work();
  } catch (const InputError&) {
    error = std::current_exception();
  } catch (const NumericalError&) {
    error = std::current_exception();
  }
  raise_engine_error(error);
}

// Calls `work(i)` for i < n on `threads` threads (0: one per hardware thread) with the GIL
// released. Every item runs; then the first failure by position is raised.
template <class Result, class Work>
std::vector<Result> run_all(std::size_t n, unsigned threads, Work&& work) {
  std::vector<std::optional<Result>> results(n);
  std::vector<std::exception_ptr> errors(n);
  {
    pybind11::gil_scoped_release released;
    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    const auto count = static_cast<unsigned>(std::min<std::size_t>(threads == 0 ? hw : threads, std::max<std::size_t>(n, 1)));
    std::atomic<std::size_t> next{0};
    const auto worker = [&] {
      for (std::size_t i; (i = next.fetch_add(1)) < n;) {
        try {
          results[i].emplace(work(i));
        } catch (...) {
          errors[i] = std::current_exception();
        }
      }
    };
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < count; ++t) pool.emplace_back(worker);
    worker();
  }
  for (std::size_t i = 0; i < n; ++i)
    if (errors[i]) raise_engine_error(errors[i], i);
  std::vector<Result> out;
  out.reserve(n);
  for (auto& r : results) out.push_back(std::move(*r));
  return out;
}

}  // namespace nmsim::python
