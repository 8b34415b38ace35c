#include "scoring/curves.hpp"

#include <algorithm>
#include <cmath>

#include "scoring/metrics.hpp"

namespace nmsim::scoring {

void ScoreCounts::add(double score, std::uint64_t pos, std::uint64_t neg) {
  if (std::isnan(score)) {
    unscored_pos_ += pos;
    unscored_neg_ += neg;
    return;
  }
  entries_.push_back({score, pos, neg});
  if (entries_.size() >= 2 * compacted_ + (1u << 16)) compact();
}

void ScoreCounts::compact() const {
  if (compacted_ == entries_.size()) return;
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) { return a.score < b.score; });
  std::size_t w = 0;
  for (std::size_t r = 0; r < entries_.size(); ++r) {
    if (w > 0 && entries_[w - 1].score == entries_[r].score) {
      entries_[w - 1].pos += entries_[r].pos;
      entries_[w - 1].neg += entries_[r].neg;
    } else {
      entries_[w++] = entries_[r];
    }
  }
  entries_.resize(w);
  compacted_ = w;
}

ScoreCounts& ScoreCounts::operator+=(const ScoreCounts& o) {
  for (const Entry& e : o.entries_) add(e.score, e.pos, e.neg);
  unscored_pos_ += o.unscored_pos_;
  unscored_neg_ += o.unscored_neg_;
  return *this;
}

std::vector<ScoreCounts::Point> ScoreCounts::cumulative() const {
  compact();
  std::vector<Point> out;
  double tp = 0, fp = 0;
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    tp += static_cast<double>(it->pos);
    fp += static_cast<double>(it->neg);
    out.push_back({it->score, tp, fp});
  }
  return out;
}

double ScoreCounts::auroc() const {
  const auto pts = cumulative();
  const double P = (pts.empty() ? 0.0 : pts.back().tp) + static_cast<double>(unscored_pos_);
  const double N = (pts.empty() ? 0.0 : pts.back().fp) + static_cast<double>(unscored_neg_);
  if (P == 0.0 || N == 0.0) return NAN;
  double area = 0, x0 = 0, y0 = 0;
  for (const auto& p : pts) {
    area += (p.fp / N - x0) * (p.tp / P + y0) / 2.0;
    x0 = p.fp / N;
    y0 = p.tp / P;
  }
  return area + (1.0 - x0) * (1.0 + y0) / 2.0;
}

double ScoreCounts::average_precision() const {
  const auto pts = cumulative();
  const double P = (pts.empty() ? 0.0 : pts.back().tp) + static_cast<double>(unscored_pos_);
  if (P == 0.0) return NAN;
  double ap = 0, r0 = 0;
  for (const auto& p : pts) {
    ap += (p.tp / P - r0) * (p.tp / (p.tp + p.fp));
    r0 = p.tp / P;
  }
  return ap;
}

Json ScoreCounts::curves_json(std::size_t max_points) const {
  const auto pts = cumulative();
  const double P = (pts.empty() ? 0.0 : pts.back().tp) + static_cast<double>(unscored_pos_);
  const double N = (pts.empty() ? 0.0 : pts.back().fp) + static_cast<double>(unscored_neg_);
  Json roc = Json::array(), pr = Json::array();
  const std::size_t step = pts.size() > max_points ? (pts.size() + max_points - 1) / max_points : 1;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    if (i % step != 0 && i + 1 != pts.size()) continue;
    const auto& p = pts[i];
    roc.push(Json(Json::Array{p.threshold, ratio(p.fp, N), ratio(p.tp, P)}));
    pr.push(Json(Json::Array{p.threshold, ratio(p.tp, P), p.tp / (p.tp + p.fp)}));
  }
  Json j = Json::object();
  j.set("positives", P);
  j.set("negatives", N);
  j.set("auroc", auroc());
  j.set("average_precision", average_precision());
  j.set("roc", roc);        // [threshold, false-positive rate, true-positive rate]
  j.set("pr", pr);          // [threshold, recall, precision]
  return j;
}

Json event_pr_json(const std::vector<double>& thresholds, const std::vector<std::uint64_t>& matched,
                   const std::vector<std::uint64_t>& detections, std::uint64_t reference, double* ap_out) {
  Json pr = Json::array();
  double ap = reference > 0 ? 0.0 : NAN, r0 = 0.0;
  for (std::size_t k = 0; k < thresholds.size(); ++k) {
    const double r = ratio(static_cast<double>(matched[k]), static_cast<double>(reference));
    const double p = ratio(static_cast<double>(matched[k]), static_cast<double>(detections[k]));
    if (reference > 0 && detections[k] > 0) {
      ap += (r - r0) * p;
      r0 = r;
    }
    pr.push(Json(Json::Array{thresholds[k], r, p}));
  }
  if (ap_out != nullptr) *ap_out = ap;
  Json j = Json::object();
  j.set("average_precision", ap);
  j.set("pr", pr);  // [threshold, recall, precision]
  return j;
}

}  // namespace nmsim::scoring
