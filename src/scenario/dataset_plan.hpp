#pragma once
// Dataset planning: turns a scenario's `dataset:` block (virtual subjects, trials per subject,
// randomly varied parameters, a parameter sweep, a class mixture and train/validation/test
// splits) into a flat list of trials, each a set of Overrides for load_scenario. The plan is a
// pure function of the scenario text and seed, so every drawn value is reproducible and is then
// validated by the same strict loader as a hand-written value. Schema: docs/datasets.md.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "scenario/config_reader.hpp"
#include "scenario/overrides.hpp"

namespace nmsim::scenario {

// Upper bound on grid points × subjects × trials_per_subject.
inline constexpr std::uint64_t kMaxDatasetTrials = 10'000'000;

struct TrialPlan {
  std::uint64_t index = 0;    // 0 … N−1, the dataset's trial order (grid point, subject, trial)
  std::uint64_t subject = 0;  // global: grid point × subjects + subject within the grid point
  std::string phenotype;      // class name, "" without classes
  std::string split;          // split name, "" without splits
  std::vector<config::Override> overrides;             // sweep, class, then vary values
  std::vector<std::pair<std::string, double>> values;  // path → value, parallel to overrides
};

struct DatasetPlan {
  std::vector<TrialPlan> trials;
  std::vector<std::string> split_names;  // in the order given
  std::vector<std::string> class_names;  // in the order given
};

// Reads root["dataset"] if present (marking it read; InputError on any problem). Without it:
// `trials_without_dataset` entries, all subject 0, with no overrides. `seed` is the scenario seed.
DatasetPlan plan_dataset(const config::Node& scenario_root, std::uint64_t seed, std::uint64_t trials_without_dataset);

namespace detail {
// Exposed for tests. Inverse of the standard normal CDF, accurate to ~1e-15 relative.
double normal_quantile(double p);
// Upper-tail standard normal probability Q(x) = P(Z > x).
double normal_upper_tail(double x);
}  // namespace detail

}  // namespace nmsim::scenario
