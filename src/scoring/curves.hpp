#pragma once
// Threshold-free curves from scores. Positives and negatives are counted per distinct score;
// samples or trials that no detection covers sit at score -infinity (never predicted).
#include <cstdint>
#include <vector>

#include "scoring/json.hpp"

namespace nmsim::scoring {

class ScoreCounts {
 public:
  void add(double score, std::uint64_t positives, std::uint64_t negatives);  // NaN score = never predicted
  ScoreCounts& operator+=(const ScoreCounts& o);
  bool empty() const { return entries_.empty(); }
  // ROC (false-positive rate, true-positive rate) from the highest threshold down, ending at
  // (1, 1); its area by the trapezoid rule (ties make straight segments).
  // Precision-recall over the reachable thresholds, and average precision
  // AP = sum_k (R_k - R_{k-1}) P_k (the step-wise area, as in scikit-learn).
  // `max_points` thins the listed points (the areas use all of them).
  Json curves_json(std::size_t max_points = 200) const;
  double auroc() const;
  double average_precision() const;

 private:
  struct Point { double threshold, tp, fp; };
  struct Entry { double score; std::uint64_t pos, neg; };
  std::vector<Point> cumulative() const;  // descending thresholds, scored ones only
  void compact() const;                    // sort by score, merge equal scores
  // Appended in any order and compacted when needed: far cheaper than a tree per sample.
  mutable std::vector<Entry> entries_;
  mutable std::size_t compacted_ = 0;      // entries_[0, compacted_) are sorted and distinct
  std::uint64_t unscored_pos_ = 0, unscored_neg_ = 0;
};

// Event-level precision-recall from (threshold, matched, detections) rows at descending
// thresholds and the number of reference events; AP as above.
Json event_pr_json(const std::vector<double>& thresholds, const std::vector<std::uint64_t>& matched,
                   const std::vector<std::uint64_t>& detections, std::uint64_t reference, double* ap_out = nullptr);

}  // namespace nmsim::scoring
