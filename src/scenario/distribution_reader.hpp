#pragma once
// Reads a core::Distribution from YAML: either a plain number (a fixed value) or a map
//   {distribution: uniform, min, max}
//   {distribution: normal, mean, sd, min?, max?}         (truncated to [min, max])
//   {distribution: lognormal, median, sigma, min?, max?}
//   {distribution: choice, values: [...], weights?: [...]}
// Values are plain numbers in `unit`, the key's (sigma and weights are dimensionless); the
// parameter log and the key catalog record them in it. Every value the law can produce must
// lie in `range`; bounds and spreads are checked, and a truncation interval that holds
// effectively no probability is an error.
#include <string>

#include "core/distribution.hpp"
#include "scenario/config_reader.hpp"

namespace nmsim::scenario {

core::Distribution read_distribution(const config::Node& n, config::Range range, const std::string& unit = "1");

// A plain number (the key's unit is implied, as with --set); InputError otherwise.
double plain_number(const config::Node& n, const std::string& unit = "1");

}  // namespace nmsim::scenario
