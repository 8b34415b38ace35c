#pragma once
// Dataset planning: turns a scenario's `dataset:` block (virtual subjects, trials per subject,
// randomly varied parameters, a parameter sweep, a class mixture and train/validation/test
// splits) into a list of trials, each a set of Overrides for load_scenario. The plan is a pure
// function of the scenario text and seed, so every drawn value is reproducible and is then
// validated by the same strict loader as a hand-written value. Schema: docs/datasets.md.
#include <cstdint>
#include <memory>
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
  std::vector<std::string> tags;  // its class's edge-case tags (`tags:`), in the order given
  std::vector<config::Override> overrides;             // sweep, class, then vary values
  std::vector<std::pair<std::string, double>> values;  // path → value, parallel to overrides
  // Values drawn as a ratio to the trial's own critical reflex gain (`relative_to:
  // critical_gain`): the run finds that gain by the stability analysis of the trial's scenario
  // with every other value set, then sets path = ratio × critical gain.
  struct Relative {
    std::string path;
    double ratio = 0.0;
    std::string origin;  // key path of the vary entry, for messages
  };
  std::vector<Relative> relative;
};

// The trials of a dataset, derived on demand. Only the rules and one class and split number
// per subject are kept (no per-trial data), so a plan's memory does not grow with the number of
// trials per subject, and a run can derive each trial when it starts it.
class DatasetPlan {
 public:
  std::uint64_t size() const { return size_; }
  // Trial `index` (< size()). A pure function of the scenario and seed: any order of calls, from
  // any number of threads, gives the same trials.
  TrialPlan trial(std::uint64_t index) const;
  // Every path some trial sets, in order of first appearance over the trials (the index's value
  // columns).
  const std::vector<std::string>& value_paths() const { return value_paths_; }
  const std::vector<std::string>& split_names() const { return split_names_; }  // in the order given
  const std::vector<std::string>& class_names() const { return class_names_; }  // in the order given
  // Every class's tags, in order of first appearance: the index's `tag:<name>` columns.
  const std::vector<std::string>& tag_names() const { return tag_names_; }
  // Whether some trial draws a value relative to its critical gain (the index then records it).
  bool has_relative() const { return has_relative_; }
  // Trials whose loading checks every rule of the plan against the scenario before any trial
  // runs (unknown or misplaced paths, a list index past the end, values outside a key's range or
  // of the wrong kind): for each class, its set values with every sweep axis and vary entry at
  // its lowest possible value, and again at its highest. Their overrides name the plan entry
  // (file:line:column) and which extreme. Without a dataset block, one trial with no overrides.
  std::vector<TrialPlan> probe_trials() const;

  struct Rules;  // the parsed dataset block (dataset_plan.cpp)

 private:
  friend DatasetPlan plan_dataset(const config::Node&, std::uint64_t, std::uint64_t);
  std::shared_ptr<const Rules> rules_;  // null without a dataset block
  std::uint64_t size_ = 0;
  bool has_relative_ = false;
  std::vector<std::string> value_paths_, split_names_, class_names_, tag_names_;
};

// Reads root["dataset"] if present (marking it read; InputError on any problem, including a
// draw of any trial that is not a finite number). Without it: `trials_without_dataset` trials,
// all subject 0, with no overrides. `seed` is the scenario seed.
DatasetPlan plan_dataset(const config::Node& scenario_root, std::uint64_t seed, std::uint64_t trials_without_dataset);

}  // namespace nmsim::scenario
