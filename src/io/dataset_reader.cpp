#include "io/dataset_reader.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>

#include "core/error.hpp"
#include "io/file_checksum.hpp"
#include "io/hdf5_read.hpp"
#include "io/schema.hpp"

namespace nmsim::io {

namespace fs = std::filesystem;

struct DatasetReader::Impl {
  fs::path path;
  h5::Handle file;
  h5::Handle trials;
  std::optional<std::uint64_t> checksum;
  void check_links() const;

  [[noreturn]] void input_error(const std::string& key, const std::string& detail) const {
    throw InputError(SourceMark{path.string(), 0, 0}, key, detail);
  }
  h5::Handle open_trial(std::uint64_t index) const {
    const std::string name = schema::trial_group_name(index);
    if (h5::kind_of(trials.get(), name) != h5::ObjectKind::group)
      input_error("trial", "the file has no trial " + std::to_string(index));
    return h5::open_group(trials.get(), name);
  }
};

namespace {

// Finds series groups (groups holding a `data` dataset) below a trial, for files
// without the `series` attribute.
void collect_series(hid_t group, const std::string& prefix, std::vector<std::string>& out) {
  for (const auto& name : h5::member_names(group)) {
    if (prefix.empty() && schema::is_reserved_trial_member(name)) continue;
    if (h5::kind_of(group, name) != h5::ObjectKind::group) continue;
    const std::string path = prefix.empty() ? name : prefix + "/" + name;
    const h5::Handle child = h5::open_group(group, name);
    if (h5::kind_of(child.get(), schema::kDataDataset) == h5::ObjectKind::dataset) out.push_back(path);
    collect_series(child.get(), path, out);
  }
}

H5T_class_t type_class_of(hid_t group, const std::string& name) {
  const h5::Handle dset = h5::open_dataset(group, name);
  const h5::Handle type = h5::checked_type(H5Dget_type(dset.get()), "get type of event column '" + name + "'");
  return H5Tget_class(type.get());
}

}  // namespace

DatasetReader::DatasetReader(const fs::path& path) : impl_(std::make_unique<Impl>()) {
  h5::silence_hdf5_errors();
  impl_->path = path;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) impl_->input_error("input", "no such file");
  // The checksum first: HDF5 must never parse a damaged file (it can crash on one).
  const SealCheck seal = check_seal(path);
  if (seal.status == SealCheck::Status::mismatch)
    impl_->input_error("input", "damaged, or modified after nmsim wrote it: " + seal.detail);
  if (seal.status == SealCheck::Status::verified) impl_->checksum = seal.checksum;
  if (H5Fis_hdf5(path.c_str()) <= 0) impl_->input_error("input", "not an HDF5 file");
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) impl_->input_error("input", "cannot open: " + h5::hdf5_error_detail());
  impl_->file = h5::Handle(file, H5Fclose);

  if (!h5::has_attr(file, schema::kAttrFormat) || h5::read_attr_string(file, schema::kAttrFormat) != schema::kFormatName)
    impl_->input_error("input", "not an nmsim dataset (root attribute 'format' is not \"nmsim\")");
  const std::int64_t version = h5::read_attr_i64(file, schema::kAttrFormatVersion);
  if (version < 1 || version > schema::kFormatVersion)
    impl_->input_error("input", "format_version " + std::to_string(version) + " is not supported (this nmsim reads " +
                                    "version " + std::to_string(schema::kFormatVersion) + ")");
  if (h5::kind_of(file, schema::kTrialsGroup) != h5::ObjectKind::group)
    impl_->input_error("input", "damaged nmsim dataset: no /trials group");
  impl_->trials = h5::open_group(file, schema::kTrialsGroup);
  impl_->check_links();
}

void DatasetReader::Impl::check_links() const {
  if (h5::kind_of(file.get(), schema::kLinksGroup) != h5::ObjectKind::group) return;
  const h5::Handle g = h5::open_group(file.get(), schema::kLinksGroup);
  const auto files = h5::read_strings(g.get(), schema::kColFile);
  const auto sums = h5::read_strings(g.get(), schema::kColChecksum);
  if (files.size() != sums.size()) input_error("input", "damaged /links table");
  const fs::path folder = path.parent_path();
  for (std::size_t i = 0; i < files.size(); ++i) {
    const fs::path linked = folder / files[i];
    const SealCheck c = check_seal(linked);
    const std::string now = c.status == SealCheck::Status::absent ? "" : checksum_hex(c.checksum);
    if (c.status == SealCheck::Status::mismatch || now != sums[i])
      input_error("input", "its trials link to '" + linked.string() + "', which " +
                               (c.status == SealCheck::Status::mismatch ? "is damaged (" + c.detail + ")"
                                : !fs::exists(linked)                   ? "is missing"
                                                                        : "was replaced or changed since the merge") +
                               "; merge the shards again");
  }
}

std::optional<std::uint64_t> DatasetReader::verified_checksum() const { return impl_->checksum; }

DatasetReader::~DatasetReader() = default;
DatasetReader::DatasetReader(DatasetReader&&) noexcept = default;
DatasetReader& DatasetReader::operator=(DatasetReader&&) noexcept = default;

const fs::path& DatasetReader::path() const { return impl_->path; }

int DatasetReader::format_version() const {
  return static_cast<int>(h5::read_attr_i64(impl_->file.get(), schema::kAttrFormatVersion));
}

std::string DatasetReader::generator() const { return root_string_attribute(schema::kAttrGenerator); }

std::string DatasetReader::root_string_attribute(const std::string& name) const {
  if (!h5::has_attr(impl_->file.get(), name.c_str()))
    impl_->input_error("attribute", "the file has no root attribute '" + name + "'");
  return h5::read_attr_string(impl_->file.get(), name.c_str());
}

bool DatasetReader::is_blind() const {
  return h5::has_attr(impl_->file.get(), schema::kAttrBlind) && h5::read_attr_i64(impl_->file.get(), schema::kAttrBlind) != 0;
}

bool DatasetReader::has_provenance() const {
  return h5::kind_of(impl_->file.get(), schema::kProvenanceGroup) == h5::ObjectKind::group;
}

Provenance DatasetReader::read_provenance() const {
  if (!has_provenance()) impl_->input_error("provenance", "the file has no /provenance group");
  const h5::Handle g = h5::open_group(impl_->file.get(), schema::kProvenanceGroup);
  Provenance p;
  p.scenario_yaml = h5::read_scalar_string(g.get(), "scenario_yaml");
  p.model_yaml = h5::read_scalar_string(g.get(), "model_yaml");
  p.command_line = h5::read_scalar_string(g.get(), "command_line");
  p.nmsim_version = h5::read_scalar_string(g.get(), "nmsim_version");
  p.scenario_path = h5::read_scalar_string(g.get(), "scenario_path");
  p.model_path = h5::read_scalar_string(g.get(), "model_path");
  p.seed = h5::read_scalar_u64(g.get(), "seed");
  if (h5::kind_of(g.get(), "shard") == h5::ObjectKind::dataset) p.shard = h5::read_scalar_string(g.get(), "shard");
  return p;
}

std::vector<std::uint64_t> DatasetReader::trial_indices() const {
  std::vector<std::uint64_t> indices;
  for (const auto& name : h5::member_names(impl_->trials.get()))
    if (const auto index = schema::parse_trial_group_name(name)) indices.push_back(*index);
  std::sort(indices.begin(), indices.end());  // names sort as text: "1000000" < "999999"
  return indices;
}

bool DatasetReader::has_trial(std::uint64_t index) const {
  return h5::kind_of(impl_->trials.get(), schema::trial_group_name(index)) == h5::ObjectKind::group;
}

double DatasetReader::trial_duration(std::uint64_t index) const {
  return h5::read_attr_f64(impl_->open_trial(index).get(), schema::kAttrDuration);
}

std::vector<std::string> DatasetReader::series_paths(std::uint64_t index) const {
  const h5::Handle trial = impl_->open_trial(index);
  if (h5::has_attr(trial.get(), schema::kAttrSeries)) return h5::read_attr_strings(trial.get(), schema::kAttrSeries);
  std::vector<std::string> paths;
  collect_series(trial.get(), "", paths);
  return paths;
}

TimeSeries DatasetReader::read_series(std::uint64_t index, const std::string& path) const {
  const h5::Handle trial = impl_->open_trial(index);
  const std::string data_path = path + "/" + schema::kDataDataset;
  if (!schema::series_path_problem(path).empty() ||
      h5::kind_of(trial.get(), data_path) != h5::ObjectKind::dataset)
    impl_->input_error("series", "trial " + std::to_string(index) + " has no time series '" + path + "'");
  const h5::Handle data = h5::open_dataset(trial.get(), data_path);
  TimeSeries s;
  s.path = path;
  std::size_t rows = 0, cols = 0;
  s.data = h5::read_matrix<float>(data.get(), rows, cols);
  s.rate_hz = h5::read_attr_f64(data.get(), schema::kAttrRate);
  s.starting_time_s = h5::read_attr_f64(data.get(), schema::kAttrStartingTime);
  s.unit = h5::read_attr_string(data.get(), schema::kAttrUnit);
  s.description = h5::read_attr_string(data.get(), schema::kAttrDescription);
  s.channels = h5::read_attr_strings(data.get(), schema::kAttrChannels);
  if (s.channels.size() != cols)
    throw std::runtime_error("time series '" + path + "' of trial " + std::to_string(index) + " has " +
                             std::to_string(cols) + " columns but " + std::to_string(s.channels.size()) +
                             " channel names");
  return s;
}

LabelSeries DatasetReader::read_labels(std::uint64_t index, const char* group) const {
  const h5::Handle trial = impl_->open_trial(index);
  const h5::Handle data = h5::open_dataset(trial.get(), std::string(group) + "/" + schema::kDataDataset);
  LabelSeries labels;
  std::size_t rows = 0, cols = 0;
  labels.data = h5::read_matrix<LabelMask>(data.get(), rows, cols);
  labels.rate_hz = h5::read_attr_f64(data.get(), schema::kAttrRate);
  labels.starting_time_s = h5::read_attr_f64(data.get(), schema::kAttrStartingTime);
  labels.channels = h5::read_attr_strings(data.get(), schema::kAttrChannels);
  if (h5::has_attr(data.get(), schema::kAttrBitNames))
    labels.bit_names = h5::read_attr_strings(data.get(), schema::kAttrBitNames);
  if (labels.channels.size() != cols)
    throw std::runtime_error(std::string(group) + " of trial " + std::to_string(index) + " have " + std::to_string(cols) +
                             " columns but " + std::to_string(labels.channels.size()) + " channel names");
  return labels;
}

DatasetReader::LabelGrid DatasetReader::read_label_grid(std::uint64_t index) const {
  const h5::Handle trial = impl_->open_trial(index);
  const h5::Handle data = h5::open_dataset(trial.get(), std::string(schema::kLabelsGroup) + "/" + schema::kDataDataset);
  LabelGrid g;
  g.rate_hz = h5::read_attr_f64(data.get(), schema::kAttrRate);
  g.starting_time_s = h5::read_attr_f64(data.get(), schema::kAttrStartingTime);
  g.channels = h5::read_attr_strings(data.get(), schema::kAttrChannels);
  const auto dims = h5::dataset_dims(data.get());
  g.samples = dims.empty() ? 0 : dims[0];
  return g;
}

std::vector<DatasetReader::Phase> DatasetReader::read_phases(std::uint64_t index) const {
  const h5::Handle trial = impl_->open_trial(index);
  const h5::Handle protocol = h5::open_group(trial.get(), schema::kProtocolGroup);
  const auto names = h5::read_strings(protocol.get(), schema::kColPhase);
  const auto start = h5::read_vector<double>(protocol.get(), schema::kColStartTime);
  const auto stop = h5::read_vector<double>(protocol.get(), schema::kColStopTime);
  std::vector<Phase> out;
  for (std::size_t i = 0; i < names.size() && i < start.size() && i < stop.size(); ++i)
    out.push_back({names[i], start[i], stop[i]});
  return out;
}

std::vector<std::string> DatasetReader::label_bit_names(std::uint64_t index) const {
  const h5::Handle trial = impl_->open_trial(index);
  const h5::Handle data = h5::open_dataset(trial.get(), std::string(schema::kLabelsGroup) + "/" + schema::kDataDataset);
  return h5::read_attr_strings(data.get(), schema::kAttrBitNames);
}

std::vector<std::string> DatasetReader::event_columns(std::uint64_t index) const {
  const h5::Handle trial = impl_->open_trial(index);
  const h5::Handle events = h5::open_group(trial.get(), schema::kEventsGroup);
  return h5::read_attr_strings(events.get(), schema::kAttrColumns);
}

EventTable DatasetReader::read_events(std::uint64_t index) const {
  const h5::Handle trial = impl_->open_trial(index);
  const h5::Handle events = h5::open_group(trial.get(), schema::kEventsGroup);
  const hid_t g = events.get();
  const auto start = h5::read_vector<double>(g, schema::kColStartTime);
  const auto stop = h5::read_vector<double>(g, schema::kColStopTime);
  const auto label = h5::read_strings(g, schema::kColLabel);
  const auto channel = h5::read_strings(g, schema::kColChannel);
  const auto parent = h5::read_vector<std::int64_t>(g, schema::kColParent);
  const std::size_t n = start.size();
  const auto require_length = [&](std::size_t size, const std::string& column) {
    if (size != n)
      throw std::runtime_error("event column '" + column + "' of trial " + std::to_string(index) + " has " +
                               std::to_string(size) + " rows, expected " + std::to_string(n));
  };
  require_length(stop.size(), schema::kColStopTime);
  require_length(label.size(), schema::kColLabel);
  require_length(channel.size(), schema::kColChannel);
  require_length(parent.size(), schema::kColParent);

  EventTable table;
  for (std::size_t r = 0; r < n; ++r) table.add(start[r], stop[r], label[r], channel[r], parent[r]);
  for (const auto& column : h5::read_attr_strings(g, schema::kAttrColumns)) {
    if (schema::is_fixed_event_column(column)) continue;
    // Every value is set, missing ones included, so that a column that is missing in
    // all rows survives the round trip.
    if (type_class_of(g, column) == H5T_FLOAT) {
      const auto values = h5::read_vector<double>(g, column.c_str());
      require_length(values.size(), column);
      for (std::size_t r = 0; r < n; ++r) table.set_real(r, column, values[r]);
    } else {
      const auto values = h5::read_vector<std::int64_t>(g, column.c_str());
      require_length(values.size(), column);
      for (std::size_t r = 0; r < n; ++r) table.set_int(r, column, values[r]);
    }
  }
  return table;
}

bool DatasetReader::has_index() const {
  return h5::kind_of(impl_->file.get(), schema::kIndexGroup) == h5::ObjectKind::group;
}

ColumnTable DatasetReader::read_index() const {
  const h5::Handle group = h5::open_group(impl_->file.get(), schema::kIndexGroup);
  const hid_t g = group.get();
  ColumnTable table;
  for (const auto& column : h5::read_attr_strings(g, schema::kAttrColumns)) {
    switch (type_class_of(g, column)) {
      case H5T_FLOAT: table.add(column, h5::read_vector<double>(g, column.c_str())); break;
      case H5T_INTEGER: table.add(column, h5::read_vector<std::int64_t>(g, column.c_str())); break;
      default: table.add(column, h5::read_strings(g, column.c_str())); break;
    }
  }
  return table;
}

std::vector<std::pair<std::string, double>> DatasetReader::read_parameters(std::uint64_t index) const {
  const h5::Handle trial = impl_->open_trial(index);
  const h5::Handle g = h5::open_group(trial.get(), schema::kParametersGroup);
  const auto names = h5::read_strings(g.get(), schema::kColName);
  const auto values = h5::read_vector<double>(g.get(), schema::kColValue);
  if (names.size() != values.size())
    throw std::runtime_error("parameters of trial " + std::to_string(index) + ": names and values differ in length");
  std::vector<std::pair<std::string, double>> out;
  out.reserve(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) out.emplace_back(names[i], values[i]);
  return out;
}

DatasetReader::ParameterNotes DatasetReader::read_parameter_notes(std::uint64_t index) const {
  const h5::Handle trial = impl_->open_trial(index);
  const h5::Handle g = h5::open_group(trial.get(), schema::kParametersGroup);
  const std::size_t n = h5::read_strings(g.get(), schema::kColName).size();
  const auto column = [&](const char* name) {
    if (h5::kind_of(g.get(), name) == h5::ObjectKind::missing) return std::vector<std::string>(n);
    auto v = h5::read_strings(g.get(), name);
    if (v.size() != n)
      throw std::runtime_error("parameters of trial " + std::to_string(index) + ": names and " + name + " differ in length");
    return v;
  };
  return {column(schema::kColUnit), column(schema::kColSource)};
}

TrialRecord DatasetReader::read_trial(std::uint64_t index) const {
  TrialRecord t;
  {
    const h5::Handle trial = impl_->open_trial(index);
    t.index = h5::read_attr_u64(trial.get(), schema::kAttrIndex);
    t.duration_s = h5::read_attr_f64(trial.get(), schema::kAttrDuration);
    const h5::Handle protocol = h5::open_group(trial.get(), schema::kProtocolGroup);
    t.phase_names = h5::read_strings(protocol.get(), schema::kColPhase);
    t.phase_start_s = h5::read_vector<double>(protocol.get(), schema::kColStartTime);
    t.phase_stop_s = h5::read_vector<double>(protocol.get(), schema::kColStopTime);
  }
  for (const auto& path : series_paths(index)) t.series.push_back(read_series(index, path));
  {
    const h5::Handle trial = impl_->open_trial(index);
    // A blind export has no labels (its answer key does).
    if (h5::kind_of(trial.get(), schema::kLabelsGroup) != h5::ObjectKind::missing) t.labels = read_labels(index);
    if (h5::kind_of(trial.get(), schema::kArtefactsGroup) != h5::ObjectKind::missing)
      t.artefacts = read_labels(index, schema::kArtefactsGroup);
  }
  t.events = read_events(index);
  t.parameters = read_parameters(index);
  auto notes = read_parameter_notes(index);
  t.parameter_units = std::move(notes.units);
  t.parameter_sources = std::move(notes.sources);
  return t;
}

}  // namespace nmsim::io
