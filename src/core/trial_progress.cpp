#include "core/trial_progress.hpp"

#include <atomic>

namespace nmsim {
namespace {
std::atomic<TrialProgressHook> g_hook{nullptr};
}  // namespace

void set_trial_progress_hook(TrialProgressHook hook) noexcept { g_hook.store(hook, std::memory_order_relaxed); }

void report_trial_progress(double simulated_s) noexcept {
  if (const TrialProgressHook hook = g_hook.load(std::memory_order_relaxed)) hook(simulated_s);
}

}  // namespace nmsim
