#pragma once
// What a run or a merge labelled over its written trials, for the summary line it prints. It
// accumulates any named count (core/trial_counts.hpp) by its kind: a total sums, a highest keeps
// the highest, a value keeps its median and range over the trials it applies to; and phrases
// each phenomenon of the count registry (engine/count_registry.hpp) as "phenomenon: N things".
// Clonus has its own phrase (beats per episode, frequency, SCATS grade; docs/labels.md).
// Memory does not grow with the number of trials.
#include <cstdint>
#include <string>
#include <vector>

#include "core/trial_counts.hpp"

namespace nmsim::pipeline {

class LabelSummary {
 public:
  // One written trial's counts (its part, or its /index row).
  void add(const Counts& counts);

  std::uint64_t trials() const { return trials_; }
  // Over the trials added: a total's sum, a highest's highest (0 if never added).
  std::uint64_t total(const std::string& name) const;
  std::int64_t highest(const std::string& name) const;
  // The trials in which the count was above 0.
  std::uint64_t trials_with(const std::string& name) const;
  // A value's median to 1 mHz over the trials it was above 0 in (NaN without any), exact range.
  double median(const std::string& name) const;
  double min(const std::string& name) const;
  double max(const std::string& name) const;

  // "clonus: …; dystonia: …; myoclonus: …", naming only what was labelled.
  std::string describe() const;

 private:
  struct Accumulator {
    std::string name;
    CountKind kind = CountKind::total;
    std::uint64_t trials_above_zero = 0, total = 0;
    std::int64_t highest = 0;
    double min = 0.0, max = 0.0;
    std::vector<std::uint32_t> bins;  // a value's histogram in 1 mHz bins, grown on demand
  };
  const Accumulator* find(const std::string& name) const;
  std::string describe_clonus() const;

  std::uint64_t trials_ = 0;
  std::vector<Accumulator> counts_;  // in the order first seen
};

}  // namespace nmsim::pipeline
