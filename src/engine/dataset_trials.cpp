#include "engine/dataset_trials.hpp"

#include "analysis/stability.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/number_text.hpp"

namespace nmsim::engine {

DatasetTrials::DatasetTrials(std::shared_ptr<const scenario::ScenarioSource> source,
                             std::vector<config::Override> overrides, std::optional<std::uint64_t> seed)
    : source_(std::move(source)), overrides_(std::move(overrides)), seed_(seed), base_(source_->load(overrides_, seed_)) {
  config::Document doc = source_->document();
  config::apply_overrides(doc, overrides_);
  plan_ = scenario::plan_dataset(doc.root(), base_.seed, base_.trials);
  for (scenario::TrialPlan& probe : plan_.probe_trials()) {
    throw_if_stop_requested();
    (void)resolve(std::move(probe), false);  // loads only: a critical gain is found when the trial runs
  }
}

PlannedTrial DatasetTrials::planned(std::uint64_t index) const { return resolve(plan_.trial(index), plan_.has_relative()); }

// The user's overrides, then the plan's. Values drawn relative to the critical gain are set once
// that gain is known: the stability analysis of the trial's scenario with every other value in
// place (its hold phase, analysis/stability.hpp).
PlannedTrial DatasetTrials::resolve(scenario::TrialPlan plan, bool find_critical_gain) const {
  std::vector<config::Override> all = overrides_;
  all.insert(all.end(), plan.overrides.begin(), plan.overrides.end());
  PlannedTrial t{std::move(plan), source_->load(all, seed_), NAN, {}};
  if (!find_critical_gain) return t;
  const scenario::Scenario& s = t.scenario;
  // A trial whose gain is drawn in absolute terms does not need the critical gain: without one
  // (a loop that oscillates at every gain for another reason), it runs and /index records NaN.
  const bool needed = !t.plan.relative.empty();
  analysis::StabilityReport report;
  try {
    report = analysis::critical_gain(s.model.physiology, s.protocol, analysis::default_stability_phase(s.protocol));
  } catch (const NumericalError& e) {
    if (needed) t.failure = std::string("the stability analysis that sets this trial's reflex gain failed: ") + e.what();
    return t;
  }
  if (!report.critical_found) {
    if (!needed) return t;
    t.failure = report.unstable_at_smallest_gain()
                    ? "this trial's loop is unstable already at the smallest reflex gain, " +
                          shortest_text(report.scan.front().reflex_gain) +
                          " (an oscillation that is not the stretch reflex's), so its reflex gain cannot be set relative to a critical gain"
                    : "no critical reflex gain up to " + shortest_text(report.scan.back().reflex_gain) +
                          " for this trial's subject, so its reflex gain cannot be set relative to it";
    return t;
  }
  t.critical_gain = report.critical_gain;
  if (t.plan.relative.empty()) return t;
  for (const auto& rel : t.plan.relative)
    all.push_back(config::Override{rel.path, shortest_text(rel.ratio * t.critical_gain), rel.origin});
  t.scenario = source_->load(all, seed_);
  return t;
}

Trial DatasetTrials::run(const PlannedTrial& trial) const {
  if (!trial.failure.empty()) throw NumericalError(NAN, trial.failure);
  return simulate(trial.scenario, trial.plan.index);
}

}  // namespace nmsim::engine
