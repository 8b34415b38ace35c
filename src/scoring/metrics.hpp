#pragma once
// Counts that add up over trials and strata, and the figures computed from them.
#include <cstdint>
#include <vector>

#include "scoring/json.hpp"

namespace nmsim::scoring {

// Binary confusion counts (samples, or trials).
struct Confusion {
  std::uint64_t tp = 0, fp = 0, fn = 0, tn = 0;
  Confusion& operator+=(const Confusion& o);
  double precision() const;  // NaN when nothing was predicted positive
  double recall() const;     // NaN when nothing is positive
  double specificity() const;
  double f1() const;
  double mcc() const;  // Matthews correlation coefficient; NaN when a margin is empty
};
Json to_json(const Confusion& c);

// Paired values (reference x, detected y) and their differences y - x, as additive sums:
// bias, mean absolute error, RMSE, Pearson r and the two-way, absolute-agreement,
// single-measure intraclass correlation ICC(A,1) (McGraw & Wong 1996) all follow from them.
struct PairSums {
  std::uint64_t n = 0;
  double se = 0, sae = 0, see = 0;  // sums of e, |e|, e^2 with e = y - x
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  void add(double x, double y);
  PairSums& operator+=(const PairSums& o);
  double bias() const;
  double mae() const;
  double rmse() const;
  double pearson() const;
  double icc() const;
};
Json to_json(const PairSums& p);

// Quantiles and a histogram of a sample of values (e.g. onset latencies).
Json distribution_json(std::vector<double> values, double lo, double hi, int bins);
double quantile(const std::vector<double>& sorted_values, double q);  // linear interpolation

double ratio(double num, double den);  // NaN when den == 0

}  // namespace nmsim::scoring
