#include "core/interrupt.hpp"

#include <atomic>

namespace nmsim {
namespace {
// Lock-free atomics are async-signal-safe; the flag is process-wide by nature (signals are).
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free);
}  // namespace

void request_stop() noexcept { g_stop.store(true, std::memory_order_relaxed); }
void clear_stop_request() noexcept { g_stop.store(false, std::memory_order_relaxed); }
bool stop_requested() noexcept { return g_stop.load(std::memory_order_relaxed); }
void throw_if_stop_requested() {
  if (stop_requested()) throw Interrupted();
}

}  // namespace nmsim
