#pragma once
// Event error classes after Ward, Lukowicz & Gellersen (2011, ACM TIST 2:6), from overlap
// alone (no collars). A reference event is deleted (no detection overlaps it), fragmented
// (two or more do), merged (a detection that overlaps it also overlaps another reference
// event), fragmented-and-merged (both) or correct. A detection is inserted, fragmenting,
// merging, fragmenting-and-merging or correct by the mirror rules.
#include <cstdint>
#include <vector>

#include "scoring/intervals.hpp"

namespace nmsim::scoring {

struct ErrorClasses {
  std::uint64_t reference_correct = 0, deleted = 0, fragmented = 0, merged = 0, fragmented_merged = 0;
  std::uint64_t detection_correct = 0, inserted = 0, fragmenting = 0, merging = 0, fragmenting_merging = 0;
  ErrorClasses& operator+=(const ErrorClasses& o);
};

// Both inputs sorted by start.
ErrorClasses error_classes(const std::vector<Interval>& reference, const std::vector<Interval>& detections);

}  // namespace nmsim::scoring
