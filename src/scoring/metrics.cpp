#include "scoring/metrics.hpp"

#include <algorithm>
#include <cmath>

namespace nmsim::scoring {

double ratio(double num, double den) { return den != 0.0 ? num / den : NAN; }

Confusion& Confusion::operator+=(const Confusion& o) {
  tp += o.tp;
  fp += o.fp;
  fn += o.fn;
  tn += o.tn;
  return *this;
}

double Confusion::precision() const { return ratio(static_cast<double>(tp), static_cast<double>(tp + fp)); }
double Confusion::recall() const { return ratio(static_cast<double>(tp), static_cast<double>(tp + fn)); }
double Confusion::specificity() const { return ratio(static_cast<double>(tn), static_cast<double>(tn + fp)); }
double Confusion::f1() const {
  return ratio(2.0 * static_cast<double>(tp), static_cast<double>(2 * tp + fp + fn));
}
double Confusion::mcc() const {
  const double a = static_cast<double>(tp), b = static_cast<double>(fp), c = static_cast<double>(fn),
               d = static_cast<double>(tn);
  const double den = std::sqrt((a + b) * (a + c) * (d + b) * (d + c));
  return den > 0.0 ? (a * d - b * c) / den : NAN;
}

Json to_json(const Confusion& c) {
  Json j = Json::object();
  j.set("tp", c.tp);
  j.set("fp", c.fp);
  j.set("fn", c.fn);
  j.set("tn", c.tn);
  j.set("precision", c.precision());
  j.set("recall", c.recall());
  j.set("f1", c.f1());
  j.set("mcc", c.mcc());
  return j;
}

void PairSums::add(double x, double y) {
  const double e = y - x;
  ++n;
  se += e;
  sae += std::abs(e);
  see += e * e;
  sx += x;
  sy += y;
  sxx += x * x;
  syy += y * y;
  sxy += x * y;
}

PairSums& PairSums::operator+=(const PairSums& o) {
  n += o.n;
  se += o.se;
  sae += o.sae;
  see += o.see;
  sx += o.sx;
  sy += o.sy;
  sxx += o.sxx;
  syy += o.syy;
  sxy += o.sxy;
  return *this;
}

double PairSums::bias() const { return ratio(se, static_cast<double>(n)); }
double PairSums::mae() const { return ratio(sae, static_cast<double>(n)); }
double PairSums::rmse() const { return std::sqrt(ratio(see, static_cast<double>(n))); }

double PairSums::pearson() const {
  const double m = static_cast<double>(n);
  const double cxy = sxy - sx * sy / m, cxx = sxx - sx * sx / m, cyy = syy - sy * sy / m;
  return cxx > 0.0 && cyy > 0.0 ? cxy / std::sqrt(cxx * cyy) : NAN;
}

double PairSums::icc() const {
  if (n < 2) return NAN;
  const double m = static_cast<double>(n);
  const double grand = (sx + sy) / (2.0 * m);
  const double ss_total = sxx + syy - 2.0 * m * grand * grand;
  const double sum_row_mean_sq = (sxx + 2.0 * sxy + syy) / 4.0;
  const double ss_rows = 2.0 * (sum_row_mean_sq - m * grand * grand);
  const double mx = sx / m, my = sy / m;
  const double ss_cols = m * ((mx - grand) * (mx - grand) + (my - grand) * (my - grand));
  const double ss_error = ss_total - ss_rows - ss_cols;
  const double ms_rows = ss_rows / (m - 1.0), ms_cols = ss_cols, ms_error = ss_error / (m - 1.0);
  const double den = ms_rows + ms_error + 2.0 * (ms_cols - ms_error) / m;
  return den > 0.0 ? (ms_rows - ms_error) / den : NAN;
}

Json to_json(const PairSums& p) {
  Json j = Json::object();
  j.set("n", p.n);
  j.set("bias", p.bias());
  j.set("mae", p.mae());
  j.set("rmse", p.rmse());
  j.set("pearson_r", p.pearson());
  j.set("icc_a1", p.icc());
  return j;
}

double quantile(const std::vector<double>& v, double q) {
  if (v.empty()) return NAN;
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto i = static_cast<std::size_t>(std::floor(pos));
  const double f = pos - static_cast<double>(i);
  return i + 1 < v.size() ? v[i] * (1.0 - f) + v[i + 1] * f : v[i];
}

Json distribution_json(std::vector<double> values, double lo, double hi, int bins) {
  std::sort(values.begin(), values.end());
  Json j = Json::object();
  j.set("n", static_cast<std::uint64_t>(values.size()));
  double sum = 0.0;
  for (double x : values) sum += x;
  j.set("mean", ratio(sum, static_cast<double>(values.size())));
  Json q = Json::object();
  for (const auto& [name, p] : {std::pair{"p05", 0.05}, {"p25", 0.25}, {"median", 0.5}, {"p75", 0.75}, {"p95", 0.95}})
    q.set(name, quantile(values, p));
  j.set("quantiles", q);
  Json edges = Json::array(), counts = Json::array();
  std::vector<std::uint64_t> c(static_cast<std::size_t>(bins), 0);
  std::uint64_t below = 0, above = 0;
  const double w = (hi - lo) / bins;
  for (double x : values) {
    if (x < lo) ++below;
    else if (x >= hi) ++above;
    else c[std::min(static_cast<std::size_t>((x - lo) / w), c.size() - 1)]++;
  }
  for (int b = 0; b <= bins; ++b) edges.push(lo + w * b);
  for (auto n : c) counts.push(n);
  Json h = Json::object();
  h.set("edges", edges);
  h.set("counts", counts);
  h.set("below", below);
  h.set("above", above);
  j.set("histogram", h);
  return j;
}

}  // namespace nmsim::scoring
