#pragma once
// The engine's public API, for the command line, a Python module and a WebAssembly build: a
// scenario (file or text) in, one trial in memory out (series, labels, events, parameters,
// provenance). Nothing is written; nmsim_engine depends on neither HDF5, CLI11 nor MPI.
//
// Errors: a bad scenario throws InputError (file:line:column and key path, core/error.hpp); a
// failed integration throws NumericalError. Threading: run() is const and may be called from
// several threads at once; a trial depends only on (scenario, seed, trial index).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/trial_record.hpp"
#include "engine/trial_runner.hpp"
#include "scenario/scenario.hpp"

namespace nmsim::engine {

struct Trial {
  TrialRecord record;     // series, labels, events, parameters, phase table
  TrialStats stats;       // integration counts and the label summary
  Provenance provenance;  // resolved scenario and model, seed, paths, version
};

// One trial of a loaded scenario (what Simulation::run and DatasetTrials::run call).
Trial simulate(const scenario::Scenario& scenario, std::uint64_t trial_index);

class Simulation {
 public:
  // `model_dirs`: where `model: NAME` is looked up after the scenario's folder and ../models
  // from it (the command line passes $NMSIM_MODEL_PATH and its models/ folder; cli/model_dirs).
  // `sets`: "path.to.key=value" overrides, as nmsim run --set.
  static Simulation from_file(const std::filesystem::path& file, const std::vector<std::filesystem::path>& model_dirs,
                              const std::vector<std::string>& sets = {});
  // `name` stands for the file in error messages and provenance. Only `model_dirs` are searched;
  // a model given as a relative path is taken relative to the working directory.
  static Simulation from_text(const std::string& yaml, const std::vector<std::filesystem::path>& model_dirs,
                              const std::vector<std::string>& sets = {}, const std::string& name = "<scenario text>");

  const scenario::Scenario& scenario() const { return scenario_; }
  std::uint64_t trials() const { return scenario_.trials; }  // the scenario's `trials:`

  // Trial `trial_index` with the scenario's seed, or with `seed`. A scenario's `dataset:` plan
  // (per-subject and per-trial draws) is not applied here: pipeline::run_dataset does that.
  Trial run(std::uint64_t trial_index) const;
  Trial run(std::uint64_t trial_index, std::uint64_t seed) const;

 private:
  explicit Simulation(scenario::Scenario s) : scenario_(std::move(s)) {}
  scenario::Scenario scenario_;
};

}  // namespace nmsim::engine
