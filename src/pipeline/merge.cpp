#include "pipeline/merge.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <variant>

#include "core/error.hpp"
#include "engine/count_registry.hpp"
#include "io/dataset_reader.hpp"
#include "io/dataset_writer.hpp"
#include "io/file_checksum.hpp"
#include "io/output_target.hpp"
#include "pipeline/dataset_run.hpp"
#include "pipeline/footprint.hpp"

namespace nmsim::pipeline {
namespace {

struct ShardFile {
  std::filesystem::path path;
  Provenance provenance;
  Shard shard;
  ColumnTable index;
  std::string checksum;  // of the whole file, "" if it has none (recorded by --link)
};

[[noreturn]] void reject(const std::filesystem::path& file, const std::string& why) {
  throw InputError({file.string()}, "merge", why);
}

template <class T>
const std::vector<T>& index_column(const ShardFile& f, const char* name) {
  const ColumnTable::Column* c = f.index.find(name);
  if (c == nullptr || !std::holds_alternative<std::vector<T>>(*c))
    reject(f.path, std::string("has a damaged /index: column '") + name + "' is missing or of the wrong type");
  return std::get<std::vector<T>>(*c);
}

// Every row names one of the shard's own trials, and every trial marked ok is in the file.
void check_index(const ShardFile& f, const io::DatasetReader& reader) {
  const auto& trial = index_column<std::int64_t>(f, "trial");
  const auto& status = index_column<std::string>(f, "status");
  index_column<double>(f, "duration");
  for (const auto& spec : engine::count_registry()) {  // a shard older than a count has no column for it
    if (!f.index.find(spec.name)) continue;
    if (integer_count(spec.kind))
      index_column<std::int64_t>(f, spec.name.c_str());
    else
      index_column<double>(f, spec.name.c_str());
  }
  for (std::size_t r = 0; r < trial.size(); ++r) {
    if (trial[r] < 0 || !f.shard.contains(static_cast<std::uint64_t>(trial[r])))
      reject(f.path, "its /index lists trial " + std::to_string(trial[r]) + ", which is not one of shard " + f.shard.str() + "'s trials");
    if (status[r] == "ok" && !reader.has_trial(static_cast<std::uint64_t>(trial[r])))
      reject(f.path, "its /index lists trial " + std::to_string(trial[r]) + " as ok, but the file does not hold it");
  }
}

ShardFile open_shard(const std::filesystem::path& path) {
  ShardFile f;
  f.path = path;
  const io::DatasetReader reader(path);  // InputError for a missing, damaged or non-nmsim file
  if (const auto sum = reader.verified_checksum()) f.checksum = io::checksum_hex(*sum);
  f.provenance = reader.read_provenance();
  if (f.provenance.shard.empty()) reject(path, "is a whole dataset, not a shard (written without --shard)");
  f.shard = parse_shard(f.provenance.shard);
  if (!reader.has_index()) reject(path, "has no /index");
  f.index = reader.read_index();
  check_index(f, reader);
  return f;
}

// The merged index: every shard's rows, ordered by trial, in the first shard's column order.
ColumnTable merge_indices(const std::vector<ShardFile>& files) {
  struct RowRef { std::int64_t trial; std::size_t file, row; };
  std::vector<RowRef> rows;
  for (std::size_t f = 0; f < files.size(); ++f) {
    const auto& trial = std::get<std::vector<std::int64_t>>(*files[f].index.find("trial"));
    for (std::size_t r = 0; r < trial.size(); ++r) rows.push_back({trial[r], f, r});
  }
  std::sort(rows.begin(), rows.end(), [](const RowRef& a, const RowRef& b) { return a.trial < b.trial; });
  for (std::size_t i = 1; i < rows.size(); ++i)
    if (rows[i].trial == rows[i - 1].trial) reject(files[rows[i].file].path, "repeats trial " + std::to_string(rows[i].trial));
  for (std::size_t i = 0; i < rows.size(); ++i)  // trials 0 … N−1, each once
    if (rows[i].trial != static_cast<std::int64_t>(i))
      throw InputError({}, "merge", "the shards' indices miss trial " + std::to_string(i) +
                                        " (a shard was written by an interrupted or altered run)");
  ColumnTable merged;
  for (const auto& entry : files.front().index.columns()) {
    const std::string& name = entry.first;  // not a structured binding: lambdas capture it (clang 14)
    const ColumnTable::Column& first = entry.second;
    std::visit(
        [&](const auto& proto) {
          using V = std::decay_t<decltype(proto)>;
          V out;
          out.reserve(rows.size());
          for (const auto& ref : rows) {
            const auto* column = files[ref.file].index.find(name);
            if (!column || !std::holds_alternative<V>(*column))
              reject(files[ref.file].path, "has a different index layout (column '" + name + "')");
            out.push_back(std::get<V>(*column)[ref.row]);
          }
          merged.add(name, std::move(out));
        },
        first);
  }
  return merged;
}

}  // namespace

MergeSummary merge_shards(const std::vector<std::filesystem::path>& paths, const std::filesystem::path& output,
                          const std::string& command_line, bool link, bool force) {
  if (paths.empty()) throw InputError({}, "merge", "no shard files given");
  std::vector<io::NamedInput> inputs;
  for (const auto& p : paths) inputs.push_back({p, "shard"});
  io::check_output_target(output, inputs, force);
  std::vector<ShardFile> files;
  for (const auto& p : paths) files.push_back(open_shard(p));
  const ShardFile& ref = files.front();
  std::map<std::uint64_t, std::filesystem::path> seen;
  for (const auto& f : files) {
    const auto& p = f.provenance;
    if (p.scenario_yaml != ref.provenance.scenario_yaml || p.model_yaml != ref.provenance.model_yaml)
      reject(f.path, "was generated from a different scenario or model than '" + ref.path.string() + "'");
    if (p.seed != ref.provenance.seed) reject(f.path, "has seed " + std::to_string(p.seed) + ", '" + ref.path.string() +
                                                          "' has " + std::to_string(ref.provenance.seed));
    if (p.nmsim_version != ref.provenance.nmsim_version) reject(f.path, "was written by another nmsim version");
    if (f.shard.n != ref.shard.n) reject(f.path, "is shard " + f.shard.str() + " but '" + ref.path.string() + "' is " + ref.shard.str());
    if (!seen.emplace(f.shard.k, f.path).second)
      reject(f.path, "is shard " + f.shard.str() + " again (also '" + seen[f.shard.k].string() + "')");
  }
  if (seen.size() != ref.shard.n) {
    std::string missing;
    for (std::uint64_t k = 1; k <= ref.shard.n; ++k)
      if (!seen.count(k)) missing += (missing.empty() ? "" : ", ") + std::to_string(k) + "/" + std::to_string(ref.shard.n);
    throw InputError({}, "merge", "shards missing: " + missing);
  }

  const ColumnTable index = merge_indices(files);
  const auto& trial = std::get<std::vector<std::int64_t>>(*index.find("trial"));
  const auto& status = std::get<std::vector<std::string>>(*index.find("status"));
  const auto& duration = std::get<std::vector<double>>(*index.find("duration"));
  // The registry's counts the shards have columns for (check_index checked their types).
  std::vector<std::pair<Count, const ColumnTable::Column*>> count_columns;
  for (const auto& spec : engine::count_registry())
    if (const auto* column = index.find(spec.name)) count_columns.push_back({Count{spec.name, spec.kind, 0.0}, column});
  const auto counts_of = [&](std::size_t row) {
    Counts out;
    for (const auto& [c, column] : count_columns) {
      out.push_back(c);
      out.back().value = integer_count(c.kind) ? static_cast<double>(std::get<std::vector<std::int64_t>>(*column)[row])
                                               : std::get<std::vector<double>>(*column)[row];
    }
    return out;
  };
  Provenance prov = ref.provenance;
  prov.shard.clear();
  prov.command_line = command_line;
  const std::filesystem::path out_folder = std::filesystem::absolute(output).parent_path();
  if (link)
    for (const auto& f : files)
      if (std::filesystem::absolute(f.path).parent_path() != out_folder)
        reject(f.path, "must be in the output's folder for --link (links are relative to it)");
  if (!link) {
    // A copy is about as large as its shards together.
    double shard_bytes = 0.0;
    std::error_code ec;
    for (const auto& f : files) shard_bytes += static_cast<double>(std::filesystem::file_size(f.path, ec));
    check_disk_fits(output, shard_bytes, "the merged copy of the shards", true);
  }
  io::DatasetWriter::Options options;
  options.expected_trials = trial.size();
  io::DatasetWriter writer(output, options);
  writer.write_provenance(prov);
  MergeSummary summary;
  summary.shards = files.size();
  for (std::size_t i = 0; i < trial.size(); ++i) {
    const auto t = static_cast<std::uint64_t>(trial[i]);
    ++summary.trials;
    if (status[i] != "ok") {
      ++summary.failed;
      continue;
    }
    summary.simulated_s += duration[i];
    summary.labels.add(counts_of(i));
    const auto& owner = *std::find_if(files.begin(), files.end(), [&](const ShardFile& f) { return f.shard.contains(t); });
    if (link)
      writer.link_trial(std::filesystem::relative(std::filesystem::absolute(owner.path), out_folder).string(), t,
                        owner.checksum);
    else
      writer.copy_trial(owner.path, t);
  }
  writer.write_index(index);
  writer.commit();
  return summary;
}

}  // namespace nmsim::pipeline
