#include "pipeline/label_summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace nmsim::pipeline {
namespace {

constexpr double kBinsPerHz = 1000.0;
constexpr std::size_t kMaxBins = 200000;  // 200 Hz: above any labelled clonus frequency

std::string fmt(const char* format, double a, double b = 0.0, double c = 0.0) {
  char buf[160];
  std::snprintf(buf, sizeof buf, format, a, b, c);
  return buf;
}

std::string count(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

void LabelSummary::add(std::int64_t episodes, std::int64_t beats, double frequency_hz, std::int64_t grade,
                       std::int64_t dystonia_events, std::int64_t myoclonic_jerks) {
  ++trials_;
  dystonia_events_ += static_cast<std::uint64_t>(std::max<std::int64_t>(dystonia_events, 0));
  myoclonic_jerks_ += static_cast<std::uint64_t>(std::max<std::int64_t>(myoclonic_jerks, 0));
  if (episodes <= 0) return;
  ++clonus_trials_;
  clonus_episodes_ += static_cast<std::uint64_t>(episodes);
  clonus_beats_ += static_cast<std::uint64_t>(std::max<std::int64_t>(beats, 0));
  clonus_grade_ = std::max(clonus_grade_, static_cast<int>(grade));
  if (!(frequency_hz > 0.0)) return;
  frequency_min_ = frequency_max_ > 0.0 ? std::min(frequency_min_, frequency_hz) : frequency_hz;
  frequency_max_ = std::max(frequency_max_, frequency_hz);
  const auto bin = std::min(kMaxBins - 1, static_cast<std::size_t>(std::lround(frequency_hz * kBinsPerHz)));
  if (frequency_mhz_.size() <= bin) frequency_mhz_.resize(bin + 1, 0);
  ++frequency_mhz_[bin];
}

double LabelSummary::frequency_median_hz() const {
  std::uint64_t total = 0;
  for (const auto c : frequency_mhz_) total += c;
  if (total == 0) return NAN;
  // The lower median of the binned values (exact to a bin).
  std::uint64_t seen = 0;
  for (std::size_t b = 0; b < frequency_mhz_.size(); ++b) {
    seen += frequency_mhz_[b];
    if (2 * seen >= total) return static_cast<double>(b) / kBinsPerHz;
  }
  return NAN;
}

std::string LabelSummary::describe() const {
  std::vector<std::string> parts;
  if (clonus_trials_ > 0) {
    const double eps = static_cast<double>(clonus_episodes_), beats = static_cast<double>(clonus_beats_);
    std::string c = "clonus";
    if (trials_ > 1) c += " in " + std::to_string(clonus_trials_) + " of " + std::to_string(trials_) + " trials";
    c += ": " + count(clonus_episodes_, "episode", "episodes") + " and " + count(clonus_beats_, "beat", "beats") +
         " in the lead muscle";
    c += " (";
    if (trials_ > 1) c += fmt("%.1f beats per trial with clonus, ", beats / static_cast<double>(clonus_trials_));
    c += fmt("%.1f per episode)", beats / eps);
    if (frequency_max_ > 0.0) {
      if (trials_ > 1 && frequency_max_ > frequency_min_)
        c += fmt(", frequency median %.2f Hz (%.2f-%.2f)", frequency_median_hz(), frequency_min_, frequency_max_);
      else
        c += fmt(", %.2f Hz", frequency_max_);
    }
    c += ", SCATS grade " + std::to_string(clonus_grade_);
    parts.push_back(c);
  }
  if (dystonia_events_ > 0) parts.push_back("dystonia: " + count(dystonia_events_, "event", "events"));
  if (myoclonic_jerks_ > 0) parts.push_back("myoclonus: " + count(myoclonic_jerks_, "jerk", "jerks"));
  if (parts.empty()) return "no clonus, dystonia or myoclonus labelled";
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace nmsim::pipeline
