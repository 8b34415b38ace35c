#pragma once
// The counts a trial reports, declared once: their /index column (in this order), their kind,
// and the words the run summary uses for them. The labellers fill them by name (trial_labels),
// every layer above carries them without per-count code. A count with `from_record` is computed
// from the finished trial record (the seam for labellers outside trial_labels, tests included).
#include <functional>
#include <string>
#include <vector>

#include "core/trial_counts.hpp"
#include "core/trial_record.hpp"

namespace nmsim::engine {

struct CountSpec {
  std::string name;  // /index column
  CountKind kind = CountKind::total;
  std::string phenomenon;  // the run summary's "phenomenon: N things"; "" keeps it out of the summary
  std::string one, many;   // "jerk", "jerks"
  std::function<double(const TrialRecord&)> from_record;  // empty: set by trial_labels
};

// Every count, built-in ones first in their /index order.
const std::vector<CountSpec>& count_registry();
const CountSpec* find_count_spec(const std::string& name);
// Appends a count; before any trial runs (the registry is read, unlocked, by every thread).
// Throws std::invalid_argument for a name already registered.
void register_count(CountSpec spec);
// The registry's counts at their empty values (empty_count): what a failed trial reports.
Counts empty_counts();

}  // namespace nmsim::engine
