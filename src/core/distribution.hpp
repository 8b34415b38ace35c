#pragma once
// A univariate distribution drawn from by inverse-CDF sampling: one uniform number in (0, 1)
// per draw, always, so a stream's position never depends on the values drawn. Normal and
// log-normal laws may be truncated to [lo, hi]; a truncated draw stays inside by
// construction, with no rejection loop. Used for dataset parameter draws and for the
// myoclonus generators' jerk amplitudes, durations and latencies.
#include <limits>
#include <vector>

namespace nmsim::core {

struct Distribution {
  enum class Kind { fixed, uniform, normal, lognormal, choice };
  static constexpr double kInf = std::numeric_limits<double>::infinity();

  Kind kind = Kind::fixed;
  double lo = -kInf, hi = kInf;       // bounds (uniform range, or truncation)
  double center = 0.0, scale = 1.0;   // fixed: value; normal: mean, sd; lognormal: log(median), sigma
  double z_lo = -kInf, z_hi = kInf;   // truncation bounds in standard-normal units
  std::vector<double> values, cumulative;  // choice: values and cumulative weights

  static Distribution constant(double value);
  // Sets z_lo, z_hi from lo, hi (call after setting a normal or log-normal law and its bounds).
  void finish_truncation();
  double draw(double u) const;  // u in (0, 1)
  double mass() const;          // probability the untruncated law puts in [lo, hi]
  double median() const;        // of the (truncated) law

 private:
  double truncated_z(double u) const;
};

// Inverse of the standard normal CDF, accurate to ~1e-15 relative.
double normal_quantile(double p);
// Upper-tail standard normal probability Q(x) = P(Z > x).
double normal_upper_tail(double x);

}  // namespace nmsim::core
