#include "scoring/error_classes.hpp"

#include <algorithm>

namespace nmsim::scoring {

ErrorClasses& ErrorClasses::operator+=(const ErrorClasses& o) {
  reference_correct += o.reference_correct;
  deleted += o.deleted;
  fragmented += o.fragmented;
  merged += o.merged;
  fragmented_merged += o.fragmented_merged;
  detection_correct += o.detection_correct;
  inserted += o.inserted;
  fragmenting += o.fragmenting;
  merging += o.merging;
  fragmenting_merging += o.fragmenting_merging;
  return *this;
}

namespace {

// For each interval of `a`, the intervals of `b` (sorted by start) that overlap it by a
// positive length. A running maximum of b's stops lets the backward scan stop early.
std::vector<std::vector<std::size_t>> overlaps(const std::vector<Interval>& a, const std::vector<Interval>& b) {
  std::vector<double> max_stop(b.size());
  for (std::size_t j = 0; j < b.size(); ++j) max_stop[j] = j ? std::max(max_stop[j - 1], b[j].stop) : b[j].stop;
  std::vector<std::vector<std::size_t>> out(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto it = std::lower_bound(b.begin(), b.end(), a[i].stop, [](const Interval& x, double t) { return x.start < t; });
    for (auto j = static_cast<std::size_t>(it - b.begin()); j-- > 0;) {
      if (max_stop[j] <= a[i].start) break;
      if (b[j].stop > a[i].start && b[j].start < a[i].stop) out[i].push_back(j);
    }
  }
  return out;
}

}  // namespace

ErrorClasses error_classes(const std::vector<Interval>& reference, const std::vector<Interval>& detections) {
  const auto ref_hits = overlaps(reference, detections);
  const auto det_hits = overlaps(detections, reference);
  ErrorClasses c;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    const auto& hits = ref_hits[i];
    const bool fragmented = hits.size() >= 2;
    const bool merged = std::any_of(hits.begin(), hits.end(), [&](std::size_t d) { return det_hits[d].size() >= 2; });
    if (hits.empty()) ++c.deleted;
    else if (fragmented && merged) ++c.fragmented_merged;
    else if (fragmented) ++c.fragmented;
    else if (merged) ++c.merged;
    else ++c.reference_correct;
  }
  for (std::size_t j = 0; j < detections.size(); ++j) {
    const auto& hits = det_hits[j];
    const bool merging = hits.size() >= 2;
    const bool fragmenting = std::any_of(hits.begin(), hits.end(), [&](std::size_t r) { return ref_hits[r].size() >= 2; });
    if (hits.empty()) ++c.inserted;
    else if (fragmenting && merging) ++c.fragmenting_merging;
    else if (merging) ++c.merging;
    else if (fragmenting) ++c.fragmenting;
    else ++c.detection_correct;
  }
  return c;
}

}  // namespace nmsim::scoring
