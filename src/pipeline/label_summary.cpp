#include "pipeline/label_summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/count_registry.hpp"

namespace nmsim::pipeline {
namespace {

constexpr double kBinsPerHz = 1000.0;
constexpr std::size_t kMaxBins = 200000;  // 200 (Hz): above any labelled per-trial value

std::string fmt(const char* format, double a, double b = 0.0, double c = 0.0) {
  char buf[160];
  std::snprintf(buf, sizeof buf, format, a, b, c);
  return buf;
}

std::string count(std::uint64_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

void LabelSummary::add(const Counts& counts) {
  ++trials_;
  for (const auto& c : counts) {
    auto it = std::find_if(counts_.begin(), counts_.end(), [&](const Accumulator& a) { return a.name == c.name; });
    if (it == counts_.end()) it = counts_.insert(counts_.end(), Accumulator{c.name, c.kind, 0, 0, 0, 0.0, 0.0, {}});
    Accumulator& a = *it;
    if (!(c.value > 0.0)) continue;  // 0, negative or NaN: nothing labelled
    ++a.trials_above_zero;
    switch (a.kind) {
      case CountKind::total: a.total += static_cast<std::uint64_t>(c.value); break;
      case CountKind::highest: a.highest = std::max(a.highest, static_cast<std::int64_t>(c.value)); break;
      case CountKind::value: {
        a.min = a.max > 0.0 ? std::min(a.min, c.value) : c.value;
        a.max = std::max(a.max, c.value);
        const auto bin = std::min(kMaxBins - 1, static_cast<std::size_t>(std::lround(c.value * kBinsPerHz)));
        if (a.bins.size() <= bin) a.bins.resize(bin + 1, 0);
        ++a.bins[bin];
        break;
      }
    }
  }
}

const LabelSummary::Accumulator* LabelSummary::find(const std::string& name) const {
  for (const auto& a : counts_)
    if (a.name == name) return &a;
  return nullptr;
}

std::uint64_t LabelSummary::total(const std::string& name) const {
  const auto* a = find(name);
  return a ? a->total : 0;
}
std::int64_t LabelSummary::highest(const std::string& name) const {
  const auto* a = find(name);
  return a ? a->highest : 0;
}
std::uint64_t LabelSummary::trials_with(const std::string& name) const {
  const auto* a = find(name);
  return a ? a->trials_above_zero : 0;
}
double LabelSummary::min(const std::string& name) const {
  const auto* a = find(name);
  return a ? a->min : 0.0;
}
double LabelSummary::max(const std::string& name) const {
  const auto* a = find(name);
  return a ? a->max : 0.0;
}

double LabelSummary::median(const std::string& name) const {
  const auto* a = find(name);
  if (!a) return NAN;
  std::uint64_t n = 0;
  for (const auto c : a->bins) n += c;
  if (n == 0) return NAN;
  // The lower median of the binned values (exact to a bin).
  std::uint64_t seen = 0;
  for (std::size_t b = 0; b < a->bins.size(); ++b) {
    seen += a->bins[b];
    if (2 * seen >= n) return static_cast<double>(b) / kBinsPerHz;
  }
  return NAN;
}

// Clonus in the lead muscle of each trial: episodes, beats, their frequency and SCATS grade.
std::string LabelSummary::describe_clonus() const {
  const std::uint64_t trials = trials_with("clonus_episodes"), episodes = total("clonus_episodes"),
                      beats = total("clonus_beats");
  if (trials == 0) return "";
  std::string c = "clonus";
  if (trials_ > 1) c += " in " + std::to_string(trials) + " of " + std::to_string(trials_) + " trials";
  c += ": " + count(episodes, "episode", "episodes") + " and " + count(beats, "beat", "beats") + " in the lead muscle";
  c += " (";
  if (trials_ > 1) c += fmt("%.1f beats per trial with clonus, ", static_cast<double>(beats) / static_cast<double>(trials));
  c += fmt("%.1f per episode)", static_cast<double>(beats) / static_cast<double>(episodes));
  const double lo = min("clonus_frequency"), hi = max("clonus_frequency");
  if (hi > 0.0) {
    if (trials_ > 1 && hi > lo)
      c += fmt(", frequency median %.2f Hz (%.2f-%.2f)", median("clonus_frequency"), lo, hi);
    else
      c += fmt(", %.2f Hz", hi);
  }
  return c + ", SCATS grade " + std::to_string(highest("clonus_grade"));
}

std::string LabelSummary::describe() const {
  std::vector<std::string> parts, phenomena;  // phrases; every phenomenon of the registry
  for (const auto& spec : engine::count_registry()) {
    if (spec.phenomenon.empty() || std::find(phenomena.begin(), phenomena.end(), spec.phenomenon) != phenomena.end()) continue;
    phenomena.push_back(spec.phenomenon);
    std::string phrase;
    if (spec.phenomenon == "clonus") {
      phrase = describe_clonus();
    } else {
      for (const auto& s : engine::count_registry())  // its totals, in registry order
        if (s.phenomenon == spec.phenomenon && s.kind == CountKind::total && total(s.name) > 0)
          phrase += (phrase.empty() ? spec.phenomenon + ": " : " and ") + count(total(s.name), s.one, s.many);
    }
    if (!phrase.empty()) parts.push_back(phrase);
  }
  if (parts.empty()) {
    std::string none = "no ";
    for (std::size_t k = 0; k < phenomena.size(); ++k)
      none += (k == 0 ? "" : k + 1 == phenomena.size() ? " or " : ", ") + phenomena[k];
    return none + " labelled";
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace nmsim::pipeline
