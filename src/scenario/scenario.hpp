#pragma once
// A scenario: which model, with which parameter overrides, under which protocol, recorded
// how, labelled how, integrated how. Loading validates everything before anything runs.
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/integrator.hpp"
#include "labels/clonus_labeller.hpp"
#include "labels/dystonia_labeller.hpp"
#include "labels/myoclonus_labeller.hpp"
#include "physiology/myoclonus.hpp"
#include "physiology/protocol.hpp"
#include "scenario/model_loader.hpp"
#include "scenario/overrides.hpp"
#include "signals/emg.hpp"

namespace nmsim::scenario {

struct KinematicsConfig {
  double rate_hz = 1000.0;
  double angle_noise_rad = 0.0;          // white noise SD added to each sensor
  double velocity_noise_rad_s = 0.0;
  double acceleration_noise_rad_s2 = 0.0;
  double accelerometer_noise_m_s2 = 0.0;
  double torque_noise_Nm = 0.0;
};

struct SignalsConfig {
  signals::EmgParams emg;
  KinematicsConfig kinematics;
  bool internals = true;  // write activations, spindle rates, motoneuron drive, reflex part
};

struct Scenario {
  std::string name;
  std::string description;
  std::filesystem::path scenario_path;
  std::filesystem::path model_path;
  std::uint64_t seed = 0;
  std::uint64_t trials = 1;
  ModelDefinition model;
  std::vector<physiology::Phase> protocol;
  SignalsConfig signals;
  labels::ClonusLabelParams clonus_labels;
  labels::DystoniaLabelParams dystonia_labels;
  labels::MyoclonusLabelParams myoclonus_labels;
  std::vector<physiology::MyoclonusGenerator> myoclonus;  // generators (none: no myoclonus)
  core::IntegratorOptions solver;
  std::string resolved_yaml;  // scenario after --set overrides
  std::string model_yaml;     // model after the scenario's parameters were merged in
  std::vector<std::pair<std::string, double>> parameters;  // every numeric value read, by key path

  double duration_s() const;
};

// A scenario file parsed once, instantiated (with overrides) any number of times, from any
// thread: each instance works on its own copy of the parsed trees, so a dataset's trials pay
// for YAML parsing once, not once per trial.
class ScenarioSource {
 public:
  explicit ScenarioSource(std::filesystem::path file);  // InputError if unreadable or not YAML
  ~ScenarioSource();
  Scenario load(const std::vector<config::Override>& overrides, std::optional<std::uint64_t> seed_override) const;

 private:
  const config::Document& model_document(const std::filesystem::path& path) const;
  std::filesystem::path file_;
  config::Document scenario_;
  mutable std::mutex mu_;  // guards models_ (parsed model files, by path)
  mutable std::map<std::filesystem::path, config::Document> models_;
};

// Loads and validates a scenario; throws InputError (file:line:column, key path) on any problem.
Scenario load_scenario(const std::filesystem::path& file, const std::vector<config::Override>& overrides,
                       std::optional<std::uint64_t> seed_override = std::nullopt);

// Where `model: NAME` is looked up: next to the scenario, ../models from it, each folder of
// $NMSIM_MODEL_PATH, then the models/ folder nmsim was built with.
std::vector<std::filesystem::path> model_search_path(const std::filesystem::path& scenario_file);

}  // namespace nmsim::scenario
