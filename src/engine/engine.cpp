#include "engine/engine.hpp"

#include "engine/provenance.hpp"
#include "scenario/overrides.hpp"

namespace nmsim::engine {
namespace {

std::vector<config::Override> parse_sets(const std::vector<std::string>& sets) {
  std::vector<config::Override> out;
  for (const auto& s : sets) out.push_back(config::parse_override(s));
  return out;
}

}  // namespace

Trial simulate(const scenario::Scenario& s, std::uint64_t trial_index) {
  Trial t;
  t.record = run_trial(s, trial_index, &t.stats);
  t.provenance = provenance_of(s, "");
  return t;
}

Simulation Simulation::from_file(const std::filesystem::path& file, const std::vector<std::filesystem::path>& model_dirs,
                                 const std::vector<std::string>& sets) {
  return Simulation(scenario::ScenarioSource(file, model_dirs).load(parse_sets(sets), std::nullopt));
}

Simulation Simulation::from_text(const std::string& yaml, const std::vector<std::filesystem::path>& model_dirs,
                                 const std::vector<std::string>& sets, const std::string& name) {
  return Simulation(scenario::ScenarioSource::from_text(yaml, name, model_dirs)->load(parse_sets(sets), std::nullopt));
}

Trial Simulation::run(std::uint64_t trial_index) const { return simulate(scenario_, trial_index); }

Trial Simulation::run(std::uint64_t trial_index, std::uint64_t seed) const {
  if (seed == scenario_.seed) return run(trial_index);
  scenario::Scenario s = scenario_;
  s.seed = seed;
  return simulate(s, trial_index);
}

}  // namespace nmsim::engine
