#pragma once
// A scenario: which model, with which parameter overrides, under which protocol, recorded
// how, labelled how, integrated how. Loading validates everything before anything runs.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/integrator.hpp"
#include "labels/clonus_labeller.hpp"
#include "labels/dystonia_labeller.hpp"
#include "labels/myoclonus_labeller.hpp"
#include "labels/tremor_labeller.hpp"
#include "physiology/myoclonus.hpp"
#include "physiology/protocol.hpp"
#include "physiology/tremor.hpp"
#include "scenario/model_loader.hpp"
#include "scenario/overrides.hpp"
#include "signals/emg.hpp"
#include "signals/sensor_faults.hpp"

namespace nmsim::scenario {

struct KinematicsConfig {
  double rate_hz = 1000.0;
  double angle_noise_rad = 0.0;          // white noise SD added to each sensor
  double velocity_noise_rad_s = 0.0;
  double acceleration_noise_rad_s2 = 0.0;
  double accelerometer_noise_m_s2 = 0.0;
  double torque_noise_Nm = 0.0;
  signals::SensorFaultParams faults;     // accelerometer and gyroscope faults (none by default)
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
  labels::TremorLabelParams tremor_labels;
  std::vector<physiology::TremorGenerator> tremor;  // generators (none: no tremor)
  core::IntegratorOptions solver;
  std::string resolved_yaml;  // scenario after --set overrides
  std::string model_yaml;     // model after the scenario's parameters were merged in
  std::vector<std::pair<std::string, double>> parameters;  // every numeric value read, by key path
  std::vector<std::string> parameter_units, parameter_sources;  // parallel to parameters

  double duration_s() const;
};

// A scenario file parsed once, instantiated (with overrides) any number of times, from any
// thread: each instance works on its own copy of the parsed trees, so a dataset's trials pay
// for YAML parsing once, not once per trial.
// `model_dirs` are searched for `model: NAME` after the scenario's own folder (model_search_path).
class ScenarioSource {
 public:
  // InputError if unreadable or not YAML.
  explicit ScenarioSource(std::filesystem::path file, std::vector<std::filesystem::path> model_dirs = {});
  // Scenario text without a file: `name` stands for the file in errors and provenance, only
  // `model_dirs` are searched, and a relative model path is relative to the working directory.
  // (A pointer: a source holds a mutex, so it is neither copied nor moved.)
  static std::unique_ptr<ScenarioSource> from_text(const std::string& text, const std::string& name,
                                                   std::vector<std::filesystem::path> model_dirs);
  ~ScenarioSource();
  Scenario load(const std::vector<config::Override>& overrides, std::optional<std::uint64_t> seed_override) const;
  // The scenario as parsed, before any override (a copy: the caller may apply overrides).
  config::Document document() const { return scenario_.clone(); }

 private:
  ScenarioSource(const std::string& text, const std::string& name, std::vector<std::filesystem::path> model_dirs);
  const config::Document& model_document(const std::filesystem::path& path) const;
  std::filesystem::path file_;  // empty for text
  std::filesystem::path name_;  // the file, or the text's name
  std::vector<std::filesystem::path> model_dirs_;
  config::Document scenario_;
  mutable std::mutex mu_;  // guards models_ (parsed model files, by path)
  mutable std::map<std::filesystem::path, config::Document> models_;
};

// Loads and validates a scenario; throws InputError (file:line:column, key path) on any problem.
Scenario load_scenario(const std::filesystem::path& file, const std::vector<config::Override>& overrides,
                       std::optional<std::uint64_t> seed_override = std::nullopt,
                       const std::vector<std::filesystem::path>& model_dirs = {});

// Where `model: NAME` is looked up: next to the scenario, ../models from it (neither for
// scenario text, whose file is empty), then each of `model_dirs` (the caller's: the command
// line passes $NMSIM_MODEL_PATH and its own models/ folder, cli/model_dirs.hpp).
std::vector<std::filesystem::path> model_search_path(const std::filesystem::path& scenario_file,
                                                     const std::vector<std::filesystem::path>& model_dirs);

}  // namespace nmsim::scenario
