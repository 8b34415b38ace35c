#pragma once
// A scenario's trials as its `dataset:` plan makes them: per-subject and per-trial draws, class,
// split, and values drawn relative to each trial's own critical reflex gain. Trial i is a pure
// function of (scenario, overrides, seed, i), so `nmsim run` (pipeline/dataset_run), which
// writes these trials, and the Python module's Dataset, which makes them in memory, give the
// same data. Without a `dataset:` block: the scenario's `trials:` trials, unchanged.
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "scenario/dataset_plan.hpp"
#include "scenario/scenario.hpp"

namespace nmsim::engine {

// One planned trial's scenario, ready to run.
struct PlannedTrial {
  scenario::TrialPlan plan;
  scenario::Scenario scenario;  // the overrides, then the plan's values
  double critical_gain = NAN;   // found only when the plan draws a value relative to it
  std::string failure;          // why that gain was not found (the trial then fails)
};

class DatasetTrials {
 public:
  // Loads the scenario with `overrides`, reads its plan and checks every rule of the plan
  // against the scenario (scenario::DatasetPlan::probe_trials) before any trial runs, so a bad
  // plan is an InputError now, not when its trial comes.
  DatasetTrials(std::shared_ptr<const scenario::ScenarioSource> source, std::vector<config::Override> overrides,
                std::optional<std::uint64_t> seed);

  const scenario::Scenario& base() const { return base_; }  // with the overrides, without the plan
  const scenario::DatasetPlan& plan() const { return plan_; }
  std::uint64_t size() const { return plan_.size(); }

  // Trial `index`'s scenario (< size()); the stability analysis runs here when the plan needs a
  // critical gain. Safe to call from several threads at once.
  PlannedTrial planned(std::uint64_t index) const;
  // Runs a planned trial; NumericalError if it failed (its `failure`, or the integration).
  Trial run(const PlannedTrial& trial) const;
  Trial run(std::uint64_t index) const { return run(planned(index)); }

 private:
  PlannedTrial resolve(scenario::TrialPlan plan, bool find_critical_gain) const;
  std::shared_ptr<const scenario::ScenarioSource> source_;
  std::vector<config::Override> overrides_;
  std::optional<std::uint64_t> seed_;
  scenario::Scenario base_;
  scenario::DatasetPlan plan_;
};

}  // namespace nmsim::engine
