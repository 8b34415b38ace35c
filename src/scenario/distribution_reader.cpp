#include "scenario/distribution_reader.hpp"

#include <cmath>

#include "core/number_text.hpp"

namespace nmsim::scenario {
namespace {

using config::Node;
using config::Range;
using Kind = core::Distribution::Kind;

constexpr double kMinMass = 1e-12;  // a truncation interval holding less is a mistake, not a design

double in_range(const Node& n, Range range, const std::string& unit) {
  const double x = plain_number(n, unit);
  if (!range.contains(x)) n.fail("must be " + range.describe() + ", got " + shortest_text(x));
  return x;
}

}  // namespace

double plain_number(const Node& n, const std::string& unit) {
  if (!n.is_scalar()) n.fail("expected a plain number (in the unit the key implies)");
  return n.as_real(unit, Range::any());
}

core::Distribution read_distribution(const Node& n, Range range, const std::string& unit) {
  if (n.is_scalar()) return core::Distribution::constant(in_range(n, range, unit));
  if (!n.is_map()) n.fail("expected a number or a map such as {distribution: lognormal, median: 0.03, sigma: 0.2}");
  core::Distribution d;
  const std::string dist = n.choice("distribution", {"uniform", "normal", "lognormal", "choice"});
  if (dist == "uniform") {
    d.kind = Kind::uniform;
    d.lo = in_range(n.at("min"), range, unit);
    d.hi = in_range(n.at("max"), range, unit);
    if (!(d.lo < d.hi)) n.at("max").fail("must be greater than min (" + shortest_text(d.lo) + ")");
    if (!std::isfinite(d.hi - d.lo)) n.at("max").fail("max - min must be a finite number");
  } else if (dist == "choice") {
    d.kind = Kind::choice;
    const Node values = n.at("values");
    if (!values.is_sequence() || values.size() == 0) values.fail("must be a non-empty list of numbers");
    for (const Node& x : values.elements()) d.values.push_back(in_range(x, range, unit));
    double total = 0.0;
    if (const auto weights = n.find("weights")) {
      if (!weights->is_sequence() || weights->size() != d.values.size())
        weights->fail("must be a list of " + std::to_string(d.values.size()) + " weights, one per value");
      for (const Node& w : weights->elements()) {
        total += w.as_real("1", Range::non_negative());
        d.cumulative.push_back(total);
      }
      if (!(total > 0.0) || !std::isfinite(total)) weights->fail("must have a positive, finite sum");
    } else {
      for (std::size_t i = 0; i < d.values.size(); ++i) d.cumulative.push_back(static_cast<double>(i + 1));
    }
  } else {
    const bool log = dist == "lognormal";
    d.kind = log ? Kind::lognormal : Kind::normal;
    if (log) {
      const Node median = n.at("median");
      const double m = plain_number(median, unit);
      if (!(m > 0.0)) median.fail("must be > 0, got " + shortest_text(m));
      d.center = std::log(m);
    } else {
      d.center = plain_number(n.at("mean"), unit);
    }
    const Node spread = n.at(log ? "sigma" : "sd");
    d.scale = plain_number(spread, log ? "1" : unit);
    if (!(d.scale > 0.0)) spread.fail("must be > 0, got " + shortest_text(d.scale));
    const auto min = n.find("min");
    const auto max = n.find("max");
    d.lo = min ? in_range(*min, range, unit) : range.min;
    d.hi = max ? in_range(*max, range, unit) : range.max;
    if (log && min && d.lo <= 0.0)
      min->fail("must be > 0 for a lognormal distribution (its values are positive), got " + shortest_text(d.lo));
    if (log && d.lo < 0.0) d.lo = 0.0;
    if (min && max && !(d.lo < d.hi)) max->fail("must be greater than min (" + shortest_text(d.lo) + ")");
    d.finish_truncation();
    const double mass = d.mass();
    if (!(mass >= kMinMass)) {
      const Node at = min ? *min : (max ? *max : n);
      at.fail("the interval [" + shortest_text(d.lo) + ", " + shortest_text(d.hi) + "] holds a probability of " +
              shortest_text(mass) + " of this " + dist + " distribution, effectively none; check min/max against " +
              (log ? "median and sigma" : "mean and sd"));
    }
  }
  n.finish();
  return d;
}

}  // namespace nmsim::scenario
