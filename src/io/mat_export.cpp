#include "io/mat_export.hpp"

#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "io/dataset_reader.hpp"
#include "io/mat_file.hpp"
#include "io/output_target.hpp"
#include "io/schema.hpp"
#include "nmsim/version.hpp"

namespace nmsim::io {

namespace fs = std::filesystem;

namespace {

// The start of every header export_mat writes; what is_nmsim_mat_export looks for.
constexpr const char* kHeaderMark = "MATLAB 5.0 MAT-file, written by nmsim export-mat";

mat::Var series_struct(const TimeSeries& s) {
  mat::Struct out;
  out.add("data", mat::matrix(s.data, s.n_samples(), s.n_channels()))
      .add("rate", mat::real(s.rate_hz))
      .add("starting_time", mat::real(s.starting_time_s))
      .add("unit", mat::text(s.unit))
      .add("description", mat::text(s.description))
      .add("channels", mat::texts(s.channels, false));
  return out.release();
}

mat::Var labels_struct(const LabelSeries& l, const std::vector<std::string>& bit_names) {
  mat::Struct out;
  out.add("data", mat::matrix(l.data, l.n_samples(), l.channels.size()))
      .add("rate", mat::real(l.rate_hz))
      .add("starting_time", mat::real(l.starting_time_s))
      .add("channels", mat::texts(l.channels, false))
      .add("bit_names", mat::texts(bit_names, false));
  return out.release();
}

// Event columns in the file's order (`columns`), each an n × 1 array or cell.
mat::Var events_struct(const EventTable& e, const std::vector<std::string>& columns) {
  mat::Struct out;
  out.add("columns", mat::texts(columns, false));
  for (const auto& name : columns) {
    if (name == "start_time") out.add(name, mat::column(e.start_time()));
    else if (name == "stop_time") out.add(name, mat::column(e.stop_time()));
    else if (name == "label") out.add(name, mat::texts(e.label(), true));
    else if (name == "channel") out.add(name, mat::texts(e.channel(), true));
    else if (name == "parent") out.add(name, mat::column(e.parent()));
    else if (const auto r = e.real_columns().find(name); r != e.real_columns().end()) out.add(name, mat::column(r->second));
    else if (const auto i = e.int_columns().find(name); i != e.int_columns().end()) out.add(name, mat::column(i->second));
  }
  return out.release();
}

// MAT v5 stores a variable's size in 32 bits. A conservative estimate of a trial's size (data
// plus a generous allowance per string and per array header) must stay below 2^31 bytes.
void check_fits_mat5(const TrialRecord& t, const fs::path& dataset) {
  constexpr std::uint64_t kLimit = (std::uint64_t{1} << 31) - (std::uint64_t{1} << 20);
  std::uint64_t bytes = 0, strings = 0;
  for (const auto& s : t.series) bytes += s.data.size() * sizeof(float) + 256, strings += s.channels.size() + 2;
  bytes += (t.labels.data.size() + t.artefacts.data.size()) * sizeof(LabelMask);
  bytes += t.events.size() * (2 * sizeof(double) + sizeof(std::int64_t) +
                              8 * (t.events.real_columns().size() + t.events.int_columns().size()));
  strings += 2 * t.events.size() + 3 * t.parameters.size() + t.phase_names.size();
  bytes += t.parameters.size() * sizeof(double) + 2 * t.phase_names.size() * sizeof(double);
  for (const auto& l : t.events.label()) bytes += l.size();
  for (const auto& c : t.events.channel()) bytes += c.size();
  for (const auto& [name, value] : t.parameters) bytes += name.size();
  for (const auto& u : t.parameter_units) bytes += u.size();
  for (const auto& src : t.parameter_sources) bytes += src.size();
  bytes += strings * 64;
  if (bytes > kLimit)
    throw InputError({dataset.string()}, "trials/" + schema::trial_group_name(t.index),
                     "needs about " + std::to_string(bytes >> 20) +
                         " MiB as a MAT variable, more than MAT v5 holds (2 GiB); read this dataset from HDF5");
}

mat::Var trial_struct(const DatasetReader& reader, std::uint64_t index) {
  const TrialRecord t = reader.read_trial(index);
  check_fits_mat5(t, reader.path());
  mat::Struct out;
  out.add("index", mat::real(static_cast<double>(t.index))).add("duration", mat::real(t.duration_s));
  std::vector<std::string> paths;
  for (const auto& s : t.series) {
    paths.push_back(s.path);
    // A series at a/b/c becomes trial.a.b.c, as in the HDF5 file.
    mat::Struct* parent = &out;
    std::string rest = s.path;
    for (std::size_t slash; (slash = rest.find('/')) != std::string::npos; rest = rest.substr(slash + 1))
      parent = &parent->child(rest.substr(0, slash));
    try {
      parent->add(rest, series_struct(s));
    } catch (const InputError& e) {
      throw InputError({reader.path().string()}, "trials/" + schema::trial_group_name(index) + "/" + s.path,
                       "the series path " + e.detail());
    }
  }
  out.add("series", mat::texts(paths, false));
  if (!t.labels.channels.empty() || !t.labels.data.empty())
    out.add("labels", labels_struct(t.labels, reader.label_bit_names(index)));
  if (!t.artefacts.channels.empty()) out.add("artefacts", labels_struct(t.artefacts, t.artefacts.bit_names));
  out.add("events", events_struct(t.events, reader.event_columns(index)));
  std::vector<std::string> names;
  std::vector<double> values;
  for (const auto& [name, value] : t.parameters) {
    names.push_back(name);
    values.push_back(value);
  }
  // Unit and source as the HDF5 parameters table has them (empty for a file written before it did).
  std::vector<std::string> units = t.parameter_units, sources = t.parameter_sources;
  units.resize(names.size());
  sources.resize(names.size());
  mat::Struct parameters;
  parameters.add("name", mat::texts(names, true))
      .add("value", mat::column(values))
      .add("unit", mat::texts(units, true))
      .add("source", mat::texts(sources, true));
  out.add("parameters", parameters.release());
  mat::Struct protocol;
  protocol.add("phase", mat::texts(t.phase_names, true))
      .add("start_time", mat::column(t.phase_start_s))
      .add("stop_time", mat::column(t.phase_stop_s));
  out.add("protocol", protocol.release());
  return out.release();
}

// /index as columns (names) and data (one column vector or cell per name): its column names
// (`value:<path>`) are not MATLAB identifiers.
mat::Var index_struct(const ColumnTable& index) {
  std::vector<std::string> names;
  std::vector<mat::Var> data;
  for (const auto& [name, column] : index.columns()) {
    names.push_back(name);
    if (const auto* d = std::get_if<std::vector<double>>(&column)) data.push_back(mat::column(*d));
    else if (const auto* i = std::get_if<std::vector<std::int64_t>>(&column)) data.push_back(mat::column(*i));
    else data.push_back(mat::texts(std::get<std::vector<std::string>>(column), true));
  }
  mat::Struct out;
  out.add("columns", mat::texts(names, false)).add("data", mat::cells(std::move(data)));
  return out.release();
}

mat::Var root_struct(const DatasetReader& reader, const fs::path& dataset, const std::vector<std::uint64_t>& trials) {
  mat::Struct out;
  std::vector<double> trial_list(trials.begin(), trials.end());
  out.add("format", mat::text(schema::kFormatName))
      .add("format_version", mat::real(reader.format_version()))
      .add("generator", mat::text(reader.generator()))
      .add("exported_by", mat::text(std::string("nmsim ") + kVersion))
      .add("source", mat::text(dataset.string()))
      .add("blind", mat::real(reader.is_blind() ? 1.0 : 0.0))
      .add("trials", mat::row(trial_list));
  if (reader.has_provenance()) {
    const Provenance p = reader.read_provenance();
    mat::Struct prov;
    prov.add("scenario_yaml", mat::text(p.scenario_yaml))
        .add("model_yaml", mat::text(p.model_yaml))
        .add("command_line", mat::text(p.command_line))
        .add("nmsim_version", mat::text(p.nmsim_version))
        .add("scenario_path", mat::text(p.scenario_path))
        .add("model_path", mat::text(p.model_path))
        .add("seed", mat::uint64_scalar(p.seed))
        .add("shard", mat::text(p.shard));
    out.add("provenance", prov.release());
  }
  if (reader.has_index()) out.add("index", index_struct(reader.read_index()));
  return out.release();
}

}  // namespace

bool is_nmsim_mat_export(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return false;
  return mat::header_text(path).rfind(kHeaderMark, 0) == 0;
}

MatExportSummary export_mat(const fs::path& dataset, const fs::path& output, bool force) {
  check_output_target(output, {{dataset, "dataset"}}, force, {is_nmsim_mat_export, "a MAT file nmsim exported"});
  const DatasetReader reader(dataset);
  const std::vector<std::uint64_t> trials = reader.trial_indices();
  mat::Writer writer(output, std::string(kHeaderMark) + " (nmsim " + kVersion + ")");
  writer.write("nmsim", root_struct(reader, dataset, trials));
  for (const std::uint64_t t : trials) {
    throw_if_stop_requested();
    writer.write("trial_" + schema::trial_group_name(t), trial_struct(reader, t));
  }
  writer.commit();
  return {trials.size()};
}

}  // namespace nmsim::io
