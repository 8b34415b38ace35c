#include "io/trial_writer.hpp"

#include <cmath>
#include <set>
#include <string>

#include "core/error.hpp"
#include "io/schema.hpp"

namespace nmsim::io {

namespace {

using h5::Handle;

template <class T>
void check_matrix(const std::vector<T>& data, std::size_t n_channels, double rate_hz, const std::string& what) {
  NMSIM_CHECK(n_channels > 0 ? data.size() % n_channels == 0 : data.empty(),
              what + ": " + std::to_string(data.size()) + " values do not fill rows of " +
                  std::to_string(n_channels) + " channels");
  NMSIM_CHECK(data.empty() || (std::isfinite(rate_hz) && rate_hz > 0.0),
              what + ": sampling rate must be positive, got " + std::to_string(rate_hz));
}

void validate_series(const TrialRecord& trial) {
  std::set<std::string> seen;
  for (const auto& s : trial.series) {
    const std::string problem = schema::series_path_problem(s.path);
    NMSIM_CHECK(problem.empty(), "time series path '" + s.path + "' " + problem);
    NMSIM_CHECK(seen.insert(s.path).second, "time series path '" + s.path + "' used twice in one trial");
    check_matrix(s.data, s.n_channels(), s.rate_hz, "time series '" + s.path + "'");
  }
}

void validate_events(const EventTable& events) {
  for (const auto& [name, col] : events.real_columns()) {
    NMSIM_CHECK(!schema::is_fixed_event_column(name), "event column '" + name + "' clashes with a fixed column");
    NMSIM_CHECK(!events.int_columns().contains(name), "event column '" + name + "' is both real and integer");
    NMSIM_CHECK(!name.empty() && name.find('/') == std::string::npos, "bad event column name '" + name + "'");
    NMSIM_CHECK(col.size() == events.size(), "event column '" + name + "' has the wrong length");
  }
  for (const auto& [name, col] : events.int_columns()) {
    NMSIM_CHECK(!schema::is_fixed_event_column(name), "event column '" + name + "' clashes with a fixed column");
    NMSIM_CHECK(!name.empty() && name.find('/') == std::string::npos, "bad event column name '" + name + "'");
    NMSIM_CHECK(col.size() == events.size(), "event column '" + name + "' has the wrong length");
  }
}

void write_series(hid_t trial_group, const TimeSeries& s, const h5::CreationLists& lists,
                  const h5::MatrixStorage& storage) {
  const Handle group = h5::require_groups(trial_group, s.path, lists.group.get());
  const Handle data = h5::write_matrix(group.get(), schema::kDataDataset, s.data, s.n_samples(), s.n_channels(), storage);
  h5::write_attr_f64(data.get(), schema::kAttrRate, s.rate_hz);
  h5::write_attr_f64(data.get(), schema::kAttrStartingTime, s.starting_time_s);
  h5::write_attr_string(data.get(), schema::kAttrUnit, s.unit);
  h5::write_attr_string(data.get(), schema::kAttrDescription, s.description);
  h5::write_attr_strings(data.get(), schema::kAttrChannels, s.channels);
}

// `labels/` (phenomena) or `artefacts/` (the recording chain): the same bitmask layout.
void write_labels(hid_t trial_group, const char* group_name, const LabelSeries& labels, const h5::CreationLists& lists,
                  const h5::MatrixStorage& storage) {
  if (labels.channels.empty()) return;  // a blind export (the answer key holds them), or no artefact
  const Handle group = h5::create_group(trial_group, group_name, lists.group.get());
  const Handle data = h5::write_matrix(group.get(), schema::kDataDataset, labels.data, labels.n_samples(),
                                       labels.channels.size(), storage);
  h5::write_attr_f64(data.get(), schema::kAttrRate, labels.rate_hz);
  h5::write_attr_f64(data.get(), schema::kAttrStartingTime, labels.starting_time_s);
  h5::write_attr_strings(data.get(), schema::kAttrChannels, labels.channels);
  const std::vector<std::string>& bit_names = labels.bit_names;
  NMSIM_CHECK(!bit_names.empty(), "DatasetWriter: labels without bit names (LabelSeries::bit_names)");
  NMSIM_CHECK(bit_names.size() <= kMaxLabelBits, "DatasetWriter: more label bits than a label mask holds");
  h5::write_attr_strings(data.get(), schema::kAttrBitNames, bit_names);
  // Label occupancy, counted once here so that every reader reports the same figures
  // (cells = samples x channels with the bit set; inspect and tools/nmsim_reader.py sum these).
  std::vector<std::uint64_t> counts(bit_names.size(), 0);
  for (LabelMask m : labels.data)
    for (unsigned b = 0; m != 0 && b < counts.size(); ++b, m = static_cast<LabelMask>(m >> 1)) counts[b] += m & 1u;
  h5::write_attr_u64s(data.get(), schema::kAttrBitCounts, counts);
  h5::write_attr_string(data.get(), schema::kAttrDescription,
                        group_name == std::string(schema::kArtefactsGroup)
                            ? "Recording-artefact bitmask per sample and channel; bit i set = artefact bit_names[i] "
                              "present."
                            : "Ground-truth label bitmask per sample and channel; bit i set = phenomenon bit_names[i] "
                              "present.");
}

void write_events(hid_t trial_group, const EventTable& events, const h5::CreationLists& lists) {
  const Handle group = h5::create_group(trial_group, schema::kEventsGroup, lists.group.get());
  const hid_t g = group.get();
  const hid_t dcpl = lists.dataset.get();
  std::vector<std::string> columns = {schema::kColStartTime, schema::kColStopTime, schema::kColLabel,
                                      schema::kColChannel, schema::kColParent};
  h5::write_vector(g, schema::kColStartTime, events.start_time(), dcpl);
  h5::write_vector(g, schema::kColStopTime, events.stop_time(), dcpl);
  h5::write_strings(g, schema::kColLabel, events.label(), dcpl);
  h5::write_strings(g, schema::kColChannel, events.channel(), dcpl);
  h5::write_vector(g, schema::kColParent, events.parent(), dcpl);
  for (const auto& [name, col] : events.real_columns()) {
    h5::write_vector(g, name.c_str(), col, dcpl);
    columns.push_back(name);
  }
  for (const auto& [name, col] : events.int_columns()) {
    h5::write_vector(g, name.c_str(), col, dcpl);
    columns.push_back(name);
  }
  // HDF5 lists members alphabetically; the attribute keeps the table's column order.
  h5::write_attr_strings(g, schema::kAttrColumns, columns);
}

void write_parameters(hid_t trial_group, const TrialRecord& trial, const h5::CreationLists& lists) {
  std::vector<std::string> names;
  std::vector<double> values;
  names.reserve(trial.parameters.size());
  values.reserve(trial.parameters.size());
  for (const auto& [name, value] : trial.parameters) {
    names.push_back(name);
    values.push_back(value);
  }
  const Handle group = h5::create_group(trial_group, schema::kParametersGroup, lists.group.get());
  h5::write_strings(group.get(), schema::kColName, names, lists.dataset.get());
  h5::write_vector(group.get(), schema::kColValue, values, lists.dataset.get());
  h5::write_strings(group.get(), schema::kColUnit, trial.parameter_units, lists.dataset.get());
  h5::write_strings(group.get(), schema::kColSource, trial.parameter_sources, lists.dataset.get());
}

void write_protocol(hid_t trial_group, const TrialRecord& trial, const h5::CreationLists& lists) {
  const Handle group = h5::create_group(trial_group, schema::kProtocolGroup, lists.group.get());
  h5::write_strings(group.get(), schema::kColPhase, trial.phase_names, lists.dataset.get());
  h5::write_vector(group.get(), schema::kColStartTime, trial.phase_start_s, lists.dataset.get());
  h5::write_vector(group.get(), schema::kColStopTime, trial.phase_stop_s, lists.dataset.get());
}

}  // namespace

void validate_trial(const TrialRecord& trial) {
  validate_series(trial);
  check_matrix(trial.labels.data, trial.labels.channels.size(), trial.labels.rate_hz, "labels");
  check_matrix(trial.artefacts.data, trial.artefacts.channels.size(), trial.artefacts.rate_hz, "artefacts");
  validate_events(trial.events);
  NMSIM_CHECK(trial.parameter_units.size() == trial.parameters.size() &&
                  trial.parameter_sources.size() == trial.parameters.size(),
              "parameter names, units and sources differ in length");
  NMSIM_CHECK(trial.phase_start_s.size() == trial.phase_names.size() &&
                  trial.phase_stop_s.size() == trial.phase_names.size(),
              "protocol phase names, start and stop times differ in length");
}

void write_trial_group(hid_t trials, const TrialRecord& trial, const h5::CreationLists& lists,
                       const h5::MatrixStorage& storage) {
  const Handle group = h5::create_group(trials, schema::trial_group_name(trial.index), lists.group.get());
  h5::write_attr_u64(group.get(), schema::kAttrIndex, trial.index);
  h5::write_attr_f64(group.get(), schema::kAttrDuration, trial.duration_s);
  std::vector<std::string> paths;
  paths.reserve(trial.series.size());
  for (const auto& s : trial.series) paths.push_back(s.path);
  h5::write_attr_strings(group.get(), schema::kAttrSeries, paths);

  for (const auto& s : trial.series) write_series(group.get(), s, lists, storage);
  write_labels(group.get(), schema::kLabelsGroup, trial.labels, lists, storage);
  write_labels(group.get(), schema::kArtefactsGroup, trial.artefacts, lists, storage);
  write_events(group.get(), trial.events, lists);
  write_parameters(group.get(), trial, lists);
  write_protocol(group.get(), trial, lists);
}

}  // namespace nmsim::io
