#include "pipeline/index_stream.hpp"

#include <algorithm>
#include <cmath>

#include "engine/count_registry.hpp"

namespace nmsim::pipeline {
namespace {
// Rows buffered before they are written: large enough that HDF5 call overhead is negligible,
// small enough (tens of KiB) not to matter for memory.
constexpr std::size_t kBlockRows = 256;
}  // namespace

IndexStream::IndexStream(io::DatasetWriter& writer, const scenario::DatasetPlan& plan, std::uint64_t rows)
    : writer_(writer),
      value_paths_(plan.value_paths()),
      tag_names_(plan.tag_names()),
      tags_(tag_names_.size()),
      relative_(plan.has_relative()),
      count_specs_(engine::empty_counts()),
      counts_(count_specs_.size()),
      values_(value_paths_.size()) {
  writer_.begin_index(take(), rows);
}

void IndexStream::add(const scenario::TrialPlan& t, const io::TrialPart& o) {
  trial_.push_back(static_cast<std::int64_t>(t.index));
  subject_.push_back(static_cast<std::int64_t>(t.subject));
  phenotype_.push_back(t.phenotype);
  split_.push_back(t.split);
  status_.push_back(o.failed ? "failed" : "ok");
  reason_.push_back(o.failure);
  duration_.push_back(o.duration_s);
  for (std::size_t k = 0; k < count_specs_.size(); ++k) {
    const Count* c = find_count(o.counts, count_specs_[k].name);
    counts_[k].push_back(c ? c->value : count_specs_[k].value);
  }
  if (relative_) {
    critical_gain_.push_back(o.critical_gain);
    gain_ratio_.push_back(o.reflex_gain / o.critical_gain);
  }
  for (std::size_t k = 0; k < tag_names_.size(); ++k)
    tags_[k].push_back(std::find(t.tags.begin(), t.tags.end(), tag_names_[k]) != t.tags.end() ? 1 : 0);
  for (auto& column : values_) column.push_back(NAN);
  const auto value_of = [&](const std::string& path) -> double& {
    return values_[static_cast<std::size_t>(std::find(value_paths_.begin(), value_paths_.end(), path) - value_paths_.begin())]
        .back();
  };
  for (const auto& [path, v] : t.values) value_of(path) = v;
  // The value the run set: the same product it formatted into the trial's override.
  for (const auto& rel : t.relative) value_of(rel.path) = rel.ratio * o.critical_gain;
  if (trial_.size() == kBlockRows) flush();
}

void IndexStream::flush() {
  if (!trial_.empty()) writer_.append_index(take());
}

ColumnTable IndexStream::take() {
  ColumnTable t;
  t.add("trial", std::exchange(trial_, {}));
  t.add("subject", std::exchange(subject_, {}));
  t.add("phenotype", std::exchange(phenotype_, {}));
  t.add("split", std::exchange(split_, {}));
  t.add("status", std::exchange(status_, {}));
  t.add("failure_reason", std::exchange(reason_, {}));
  t.add("duration", std::exchange(duration_, {}));
  for (std::size_t k = 0; k < count_specs_.size(); ++k) {
    std::vector<double> values = std::exchange(counts_[k], {});
    if (integer_count(count_specs_[k].kind)) {
      std::vector<std::int64_t> integers;
      integers.reserve(values.size());
      for (const double v : values) integers.push_back(static_cast<std::int64_t>(v));
      t.add(count_specs_[k].name, std::move(integers));
    } else {
      t.add(count_specs_[k].name, std::move(values));
    }
  }
  if (relative_) {
    t.add("critical_gain", std::exchange(critical_gain_, {}));
    t.add("gain_ratio", std::exchange(gain_ratio_, {}));
  }
  for (std::size_t k = 0; k < tag_names_.size(); ++k) t.add("tag:" + tag_names_[k], std::exchange(tags_[k], {}));
  for (std::size_t k = 0; k < value_paths_.size(); ++k) t.add("value:" + value_paths_[k], std::exchange(values_[k], {}));
  return t;
}

}  // namespace nmsim::pipeline
