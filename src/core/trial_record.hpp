#pragma once
// Everything one simulated trial produces, in memory, ready for a writer. Nothing here
// knows about HDF5; src/io maps it onto the file schema (docs/format.md).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/event_table.hpp"
#include "core/label_series.hpp"
#include "core/time_series.hpp"

namespace nmsim {

struct TrialRecord {
  std::uint64_t index = 0;           // trial number within the dataset; group name is 6-digit zero-padded
  double duration_s = 0.0;
  std::vector<TimeSeries> series;    // "emg", "kinematics/...", "internals/..."
  LabelSeries labels;                // at the EMG rate, one channel per EMG channel
  // The recording chain's artefacts, per sample and EMG channel, with bits of their own
  // (docs/labels.md); empty when the chain makes none.
  LabelSeries artefacts;
  EventTable events;
  // Resolved parameter values this trial used: (key path, value), in a stable order.
  std::vector<std::pair<std::string, double>> parameters;
  // Parallel to `parameters`: each value's unit ("1" = dimensionless) and the source its file
  // cites ("" when it gives none).
  std::vector<std::string> parameter_units, parameter_sources;
  // Short phase table of the protocol: name, start and stop (s).
  std::vector<std::string> phase_names;
  std::vector<double> phase_start_s, phase_stop_s;
};

// Dataset-level provenance, written once per file as string datasets.
struct Provenance {
  std::string scenario_yaml;  // fully resolved scenario (after overrides), as YAML
  std::string model_yaml;     // the model definition file's text, resolved
  std::uint64_t seed = 0;
  std::string command_line;
  std::string nmsim_version;
  std::string scenario_path;
  std::string model_path;
  std::string shard;          // "K/N" for one shard of a dataset, empty for a whole dataset
};

}  // namespace nmsim
