#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdio>

#include "core/trial_progress.hpp"

namespace nmsim::cli {

namespace {
ProgressReporter* g_single = nullptr;  // the reporter following a single trial, if any
}  // namespace

ProgressReporter::ProgressReporter(bool quiet) : quiet_(quiet), tty_(::isatty(STDERR_FILENO) == 1) {}

void ProgressReporter::update(const pipeline::Progress& p) {
  if (quiet_ || p.total <= 1) return;
  const double rate = p.elapsed_s > 0.0 ? static_cast<double>(p.done) / p.elapsed_s : 0.0;
  const double eta = rate > 0.0 ? static_cast<double>(p.total - p.done) / rate : 0.0;
  const bool last = p.done == p.total;
  if (tty_) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(kWidth * static_cast<double>(p.done) / static_cast<double>(p.total));
    char bar[kWidth + 1];
    for (int i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : '.';
    bar[kWidth] = '\0';
    std::fprintf(stderr, "\r[%s] %llu/%llu trials  %.1f trials/s  ETA %.0f s%s  ", bar,
                 static_cast<unsigned long long>(p.done), static_cast<unsigned long long>(p.total), rate, eta,
                 p.failed ? "  (some failed)" : "");
    drew_ = true;
  } else if (last || p.elapsed_s - last_print_s_ >= 5.0) {
    std::fprintf(stderr, "nmsim: %llu/%llu trials (%llu failed), %.1f trials/s, ETA %.0f s\n",
                 static_cast<unsigned long long>(p.done), static_cast<unsigned long long>(p.total),
                 static_cast<unsigned long long>(p.failed), rate, eta);
    last_print_s_ = p.elapsed_s;
  }
}

void ProgressReporter::interject(const std::string& line) {
  if (drew_) std::fputc('\n', stderr);
  drew_ = false;
  std::fprintf(stderr, "%s\n", line.c_str());
}

void ProgressReporter::finish() {
  if (drew_) std::fputc('\n', stderr);
  drew_ = false;
}

ProgressReporter::~ProgressReporter() {
  if (g_single == this) {
    set_trial_progress_hook(nullptr);
    g_single = nullptr;
  }
  finish();
}

void ProgressReporter::follow_single_trial(double duration_s) {
  if (quiet_) return;
  g_single = this;
  single_total_s_ = duration_s;
  single_start_ = std::chrono::steady_clock::now();
  set_trial_progress_hook([](double t) {
    if (g_single != nullptr) g_single->single_trial(t);
  });
}

void ProgressReporter::single_trial(double simulated_s) {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - single_start_).count();
  const double rate = elapsed > 0.0 ? simulated_s / elapsed : 0.0;
  const double eta = rate > 0.0 ? (single_total_s_ - simulated_s) / rate : 0.0;
  if (tty_ && elapsed - last_print_s_ >= 0.1) {
    std::fprintf(stderr, "\rnmsim: %.1f of %.1f s simulated, %.1fx real time, ETA %.0f s  ", simulated_s, single_total_s_,
                 rate, eta);
    drew_ = true;
    last_print_s_ = elapsed;
  } else if (!tty_ && elapsed - last_print_s_ >= 5.0) {
    if (elapsed >= 5.0)
      std::fprintf(stderr, "nmsim: %.1f of %.1f s simulated, %.1fx real time, ETA %.0f s\n", simulated_s,
                   single_total_s_, rate, eta);
    last_print_s_ = elapsed;
  }
}

}  // namespace nmsim::cli
