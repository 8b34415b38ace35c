#include "cli/inspect.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <variant>

#include "core/column_table.hpp"
#include "core/error.hpp"
#include "core/printable.hpp"
#include "io/file_checksum.hpp"
#include "core/label_series.hpp"
#include "io/dataset_reader.hpp"
#include "io/hdf5_read.hpp"
#include "io/schema.hpp"

namespace nmsim::cli {
namespace {

namespace fs = std::filesystem;
namespace h5 = io::h5;
namespace schema = io::schema;

constexpr std::size_t kFailuresShown = 5;
constexpr const char* kValuePrefix = "value:";

template <class T>
const std::vector<T>* column(const ColumnTable& table, const std::string& name) {
  const ColumnTable::Column* c = table.find(name);
  return c != nullptr ? std::get_if<std::vector<T>>(c) : nullptr;
}

std::string scenario_name(const std::string& yaml) {
  try {
    const YAML::Node root = YAML::Load(yaml);
    if (root.IsMap() && root["name"] && root["name"].IsScalar()) return root["name"].as<std::string>();
  } catch (const YAML::Exception&) {
  }
  return {};
}

// Trials and distinct subjects per name, sorted by name; empty if no row has a name.
std::vector<DatasetSummary::Group> groups(const std::vector<std::string>* names,
                                          const std::vector<std::int64_t>* subject) {
  if (names == nullptr || std::all_of(names->begin(), names->end(), [](const std::string& n) { return n.empty(); }))
    return {};
  std::map<std::string, std::pair<std::uint64_t, std::set<std::int64_t>>> by_name;
  for (std::size_t i = 0; i < names->size(); ++i) {
    auto& g = by_name[(*names)[i]];
    ++g.first;
    if (subject != nullptr) g.second.insert((*subject)[i]);
  }
  std::vector<DatasetSummary::Group> out;
  for (const auto& [name, g] : by_name) out.push_back({name, g.first, g.second.size()});
  return out;
}

void summarize_index(const ColumnTable& index, const std::vector<std::uint64_t>& written, DatasetSummary& s) {
  s.planned = index.rows();
  const auto* trial = column<std::int64_t>(index, "trial");
  const auto* subject = column<std::int64_t>(index, "subject");
  const auto* status = column<std::string>(index, "status");
  const auto* reason = column<std::string>(index, "failure_reason");
  for (std::size_t i = 0; i < index.rows(); ++i) {
    const auto t = static_cast<std::uint64_t>(trial != nullptr ? (*trial)[i] : static_cast<std::int64_t>(i));
    if (status != nullptr && (*status)[i] == "failed") {
      ++s.failed;
      if (s.failures.size() < kFailuresShown) s.failures.emplace_back(t, reason != nullptr ? (*reason)[i] : "");
    } else if (!std::binary_search(written.begin(), written.end(), t)) {
      ++s.ok_not_written;
    }
  }
  if (subject != nullptr) s.subjects = std::set<std::int64_t>(subject->begin(), subject->end()).size();
  s.classes = groups(column<std::string>(index, "phenotype"), subject);
  s.splits = groups(column<std::string>(index, "split"), subject);

  for (const auto& [name, values] : index.columns()) {
    const auto* v = std::get_if<std::vector<double>>(&values);
    if (v == nullptr || name.rfind(kValuePrefix, 0) != 0) continue;
    DatasetSummary::Varied var{name.substr(std::char_traits<char>::length(kValuePrefix)), NAN, NAN, NAN, 0};
    std::set<double> distinct;
    double sum = 0.0;
    std::uint64_t n = 0;
    for (const double x : *v) {
      if (std::isnan(x)) continue;  // a row the path does not apply to
      distinct.insert(x);
      sum += x;
      var.min = std::isnan(var.min) ? x : std::min(var.min, x);
      var.max = std::isnan(var.max) ? x : std::max(var.max, x);
      ++n;
    }
    if (n > 0) var.mean = sum / static_cast<double>(n);
    var.distinct = distinct.size();
    s.varied.push_back(std::move(var));
  }
}

// Trial indices in /trials, ascending. One H5Literate pass: listing by position
// (H5Lget_name_by_idx, as DatasetReader::trial_indices does) re-sorts the links on every call,
// which takes about a minute for 10,000 trials.
std::vector<std::uint64_t> list_trials(hid_t trials) {
  std::vector<std::uint64_t> indices;
  const auto collect = [](hid_t, const char* name, const H5L_info_t*, void* out) noexcept -> herr_t {
    try {
      if (const auto index = schema::parse_trial_group_name(name))
        static_cast<std::vector<std::uint64_t>*>(out)->push_back(*index);
      return 0;
    } catch (...) {  // no exception may cross the C library
      return -1;
    }
  };
  h5::check(H5Literate(trials, H5_INDEX_NAME, H5_ITER_NATIVE, nullptr, collect, &indices), "list /trials");
  std::sort(indices.begin(), indices.end());
  return indices;
}

// Adds one trial's bitmask at `path` (labels/data or artefacts/data), if it has one, to `occ`.
void add_occupancy(hid_t trial, const std::string& path, DatasetSummary::MaskOccupancy& occ) {
  if (h5::kind_of(trial, path) != h5::ObjectKind::dataset) return;
  const h5::Handle data = h5::open_dataset(trial, path);
  const auto dims = h5::dataset_dims(data.get());
  h5::require_rank(data.get(), dims, 2);
  const std::size_t rows = dims[0], cols = dims[1];
  std::array<std::uint64_t, 16> counts{};  // cells with bit b set
  if (h5::has_attr(data.get(), schema::kAttrBitCounts)) {  // counted by the writer (docs/labels.md)
    const auto stored = h5::read_attr_u64s(data.get(), schema::kAttrBitCounts, counts.size());
    std::copy(stored.begin(), stored.end(), counts.begin());
  } else {  // files written before the counts were stored: the same definition, counted here
    std::size_t r = 0, c = 0;
    for (LabelMask m : h5::read_matrix<LabelMask>(data.get(), r, c))
      for (unsigned b = 0; m != 0; ++b, m = static_cast<LabelMask>(m >> 1)) counts[b] += m & 1u;
  }
  std::vector<std::string> names;
  if (h5::has_attr(data.get(), schema::kAttrBitNames)) names = h5::read_attr_strings(data.get(), schema::kAttrBitNames);
  for (std::size_t b = 0; b < counts.size(); ++b) {
    if (b >= names.size() && counts[b] == 0) continue;
    const std::string name = b < names.size() ? names[b] : "bit" + std::to_string(b);
    auto it = std::find_if(occ.bits.begin(), occ.bits.end(), [&](const auto& e) { return e.first == name; });
    if (it == occ.bits.end()) it = occ.bits.insert(occ.bits.end(), {name, 0});
    it->second += counts[b];
  }
  occ.cells += rows * cols;
}

// Durations, event labels and the occupancy of the label bits and artefact bits of the written
// trials; reads only trial attributes, labels/data, artefacts/data and events/label.
void summarize_trials(hid_t trials, const std::vector<std::uint64_t>& indices, DatasetSummary& s) {
  const std::string labels_path = std::string(schema::kLabelsGroup) + "/" + schema::kDataDataset;
  const std::string artefacts_path = std::string(schema::kArtefactsGroup) + "/" + schema::kDataDataset;
  const std::string event_label_path = std::string(schema::kEventsGroup) + "/" + schema::kColLabel;
  std::map<std::string, std::uint64_t> events;
  for (const std::uint64_t index : indices) {
    const h5::Handle trial = h5::open_group(trials, schema::trial_group_name(index));
    if (h5::has_attr(trial.get(), schema::kAttrDuration))
      s.total_duration_s += h5::read_attr_f64(trial.get(), schema::kAttrDuration);

    add_occupancy(trial.get(), labels_path, s.labels);
    add_occupancy(trial.get(), artefacts_path, s.artefacts);

    if (h5::kind_of(trial.get(), event_label_path) == h5::ObjectKind::dataset) {
      const h5::Handle group = h5::open_group(trial.get(), schema::kEventsGroup);
      for (const auto& label : h5::read_strings(group.get(), schema::kColLabel)) ++events[label];
    }
  }
  s.events.assign(events.begin(), events.end());
}

// "labels:     clonus 12.30%, ... of N samples x channels"
void print_occupancy(std::ostream& out, const char* head, const DatasetSummary::MaskOccupancy& occ, const char* none) {
  out << head;
  if (occ.cells == 0) out << none;
  for (std::size_t i = 0; i < occ.bits.size() && occ.cells > 0; ++i) {
    char pct[32];
    std::snprintf(pct, sizeof pct, "%.2f%%", 100.0 * static_cast<double>(occ.bits[i].second) / static_cast<double>(occ.cells));
    out << (i == 0 ? "" : ", ") << occ.bits[i].first << " " << pct;
  }
  if (occ.cells > 0) out << " of " << occ.cells << " samples x channels";
  out << "\n";
}

std::string num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

std::string plural(std::uint64_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

DatasetSummary summarize_dataset(const fs::path& path) {
  try {
    const io::DatasetReader reader(path);
    DatasetSummary s;
    s.path = path;
    s.format_version = reader.format_version();
    if (const auto sum = reader.verified_checksum()) s.checksum = io::checksum_hex(*sum);
    try {
      s.generator = reader.generator();
    } catch (const InputError&) {  // no `generator` attribute: print none
    }
    s.has_provenance = reader.has_provenance();
    if (s.has_provenance) {
      const Provenance p = reader.read_provenance();
      s.seed = p.seed;
      s.scenario_name = scenario_name(p.scenario_yaml);
      s.scenario_path = p.scenario_path;
      s.command_line = p.command_line;
      s.shard = p.shard;
    }
    // The reader validated the file; a second read-only handle serves the fast per-trial reads.
    const h5::Handle file = h5::checked(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open file");
    const h5::Handle trials = h5::open_group(file.get(), schema::kTrialsGroup);
    const std::vector<std::uint64_t> written = list_trials(trials.get());
    s.written = written.size();
    if (!written.empty()) {
      s.first_trial = written.front();
      s.last_trial = written.back();
    }
    s.has_index = reader.has_index();
    if (s.has_index)
      summarize_index(reader.read_index(), written, s);
    else
      s.planned = s.written;
    summarize_trials(trials.get(), written, s);
    return s;
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    throw InputError(SourceMark{path.string(), 0, 0}, "", std::string("damaged or unreadable nmsim dataset: ") + e.what());
  }
}

void print_dataset_summary(const DatasetSummary& s, std::ostream& out) {
  constexpr const char* kIndent = "            ";
  out << "file:       " << s.path.string() << "\n";
  out << "format:     nmsim v" << s.format_version;
  if (!s.generator.empty()) out << ", written by " << s.generator;
  out << "\n";
  out << "checksum:   " << (s.checksum.empty() ? "none (written before nmsim recorded one)" : s.checksum + ", verified")
      << "\n";
  if (s.has_provenance) {
    out << "scenario:   " << (s.scenario_name.empty() ? "-" : s.scenario_name);
    if (!s.scenario_path.empty()) out << " (" << s.scenario_path << ")";
    out << "\nseed:       " << s.seed << "\n";
    if (!s.command_line.empty()) out << "command:    " << s.command_line << "\n";
    if (!s.shard.empty()) out << "shard:      " << s.shard << "\n";
  } else {
    out << "provenance: none\n";
  }

  out << "trials:     " << s.planned << " planned, " << s.written << " written";
  if (s.written > 0) out << " (indices " << s.first_trial << ".." << s.last_trial << ")";
  out << ", " << s.failed << " failed";
  if (!s.has_index) out << " (no /index: counted from /trials)";
  out << "\n";
  for (const auto& [trial, reason] : s.failures) out << kIndent << "failed trial " << trial << ": " << reason << "\n";
  if (s.failed > s.failures.size()) out << kIndent << "... " << s.failed - s.failures.size() << " more failed\n";
  if (s.ok_not_written > 0)
    out << kIndent << "warning: " << plural(s.ok_not_written, "trial") << " marked ok in /index but missing from /trials\n";

  if (s.has_index) out << "subjects:   " << s.subjects << "\n";
  const auto print_groups = [&](const char* title, const std::vector<DatasetSummary::Group>& groups) {
    if (!s.has_index) return;
    out << title;
    if (groups.empty()) out << "-\n";
    for (std::size_t i = 0; i < groups.size(); ++i)
      out << (i == 0 ? "" : kIndent) << groups[i].name << ": " << plural(groups[i].trials, "trial") << ", "
          << plural(groups[i].subjects, "subject") << "\n";
  };
  print_groups("classes:    ", s.classes);
  print_groups("splits:     ", s.splits);

  out << "duration:   " << num(s.total_duration_s) << " s in total";
  if (s.written > 0) out << ", " << num(s.total_duration_s / static_cast<double>(s.written)) << " s per written trial";
  out << "\n";

  out << "events:     ";
  if (s.events.empty()) out << "none";
  for (std::size_t i = 0; i < s.events.size(); ++i)
    out << (i == 0 ? "" : ", ") << s.events[i].first << " " << s.events[i].second;
  out << "\n";

  print_occupancy(out, "labels:     ", s.labels, "no labelled samples");
  if (s.artefacts.cells > 0) print_occupancy(out, "artefacts:  ", s.artefacts, "");

  if (s.varied.empty()) {
    if (s.has_index) out << "varied:     none\n";
    return;
  }
  std::size_t width = 4;
  for (const auto& v : s.varied) width = std::max(width, v.path.size());
  const auto pad = [](std::string text, std::size_t w, bool left) {
    const std::string fill(text.size() < w ? w - text.size() : 0, ' ');
    return left ? text + fill : fill + text;
  };
  out << "varied:     " << pad("path", width, true) << pad("min", 13, false) << pad("mean", 13, false)
      << pad("max", 13, false) << pad("distinct", 10, false) << "\n";
  for (const auto& v : s.varied)
    out << kIndent << pad(v.path, width, true) << pad(num(v.min), 13, false) << pad(num(v.mean), 13, false)
        << pad(num(v.max), 13, false) << pad(std::to_string(v.distinct), 10, false) << "\n";
}

int inspect_command(const std::string& path) {
  std::ostringstream text;  // names in the file may hold control characters: escaped when printed
  print_dataset_summary(summarize_dataset(path), text);
  std::cout << printable(text.str());
  std::cout.flush();
  return 0;
}

}  // namespace nmsim::cli
