#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace nmsim::cli {

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

ProgressReporter::~ProgressReporter() { finish(); }

}  // namespace nmsim::cli
