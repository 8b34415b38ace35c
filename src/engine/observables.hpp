#pragma once
// Every time series a trial can hold, declared once: its path in the trial, unit, description
// (written as the series' attribute), sampling rate, channels, when a trial has it, and how it is
// sampled from the model's observation and which sensor noise it gets. The recorder
// (trajectory_recorder.hpp) records what this table says, run_trial writes the series in its
// order, and a test holds the series table of docs/format.md to it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "physiology/neuromuscular_model.hpp"
#include "scenario/scenario.hpp"

namespace nmsim::engine {

enum class SampledAt { EmgRate, KinematicsRate };

// Which trials record a series: every one, those with myoclonus or tremor generators, those
// whose model has a supraspinal loop, those that keep the clean EMG beside a degraded one
// (signals.emg.store_clean).
enum class RecordedWith { Always, Myoclonus, Tremor, SupraspinalLoop, StoreClean };

// The scenario's generators outside the model (each records its drive).
struct TrialGenerators {
  bool myoclonus = false;
  bool tremor = false;
  static TrialGenerators of(const scenario::Scenario& s) { return {!s.myoclonus.empty(), !s.tremor.empty()}; }
};

struct Observable {
  std::string_view path;         // "internals/supraspinal/<unit>": one series per loop unit
  std::string_view unit;         // SI, "1" for dimensionless
  std::string_view description;  // one sentence, the HDF5 `description` attribute
  SampledAt rate;
  std::string_view channels;     // as docs/format.md names them: muscles, joint, ...
  RecordedWith recorded = RecordedWith::Always;
  bool internal = false;         // under internals/: written only with signals.internals
  // Kinematics-rate series: its channels' names, and how sample k is taken from the
  // observation: values[v][k] for each of its values (null for the EMG-rate series, which the
  // recorder and run_trial make themselves).
  std::vector<std::string> (*channel_names)(const physiology::NeuromuscularModel&) = nullptr;
  void (*sample)(const physiology::Observation&, std::size_t k, std::vector<std::vector<double>>& values) = nullptr;
  // The white sensor noise added to each channel (SD in the series' unit; null: none) and its
  // first random substream (channel c uses first_noise_stream + c; part of the reproducibility
  // contract).
  double (*noise_sd)(const scenario::KinematicsConfig&) = nullptr;
  std::uint32_t first_noise_stream = 0;
};

const std::vector<Observable>& observables();
// The entry of `path` (a loop unit's series under its "<unit>" pattern); std::logic_error if
// the path was never declared.
const Observable& observable(std::string_view path);
// Whether a trial of this model with these generators records the series.
bool recorded(const Observable& o, const physiology::NeuromuscularModel& model, TrialGenerators generators);
// The pattern "internals/supraspinal/<unit>" stands for one series per loop unit; its sampler
// writes every unit's channels, unit-major.
bool one_series_per_loop_unit(const Observable& o);
// How many values its sampler writes per sample for this model.
std::size_t values_per_sample(const Observable& o, const physiology::NeuromuscularModel& model);

}  // namespace nmsim::engine
