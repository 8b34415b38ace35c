#pragma once
// A dataset run's /index (docs/format.md): one row per planned trial of the run, in trial order,
// written in small blocks as the trials are stored, so that no per-trial rows stay in memory.
#include <cstdint>
#include <string>
#include <vector>

#include "core/column_table.hpp"
#include "core/trial_counts.hpp"
#include "io/dataset_writer.hpp"
#include "io/trial_part.hpp"
#include "scenario/dataset_plan.hpp"

namespace nmsim::pipeline {

class IndexStream {
 public:
  // Creates /index in `writer` with `rows` rows: the fixed columns, one column per count of the
  // registry (engine/count_registry.hpp, in its order), one "tag:<name>" column (1/0) per tag of
  // the plan's classes, then one "value:<path>" column per path the plan sets (NaN in trials that
  // do not set it).
  IndexStream(io::DatasetWriter& writer, const scenario::DatasetPlan& plan, std::uint64_t rows);
  // The next row: planned trial `t` and what came of it (the part's record is not used).
  void add(const scenario::TrialPlan& t, const io::TrialPart& outcome);
  // Writes the buffered rows; call once all rows are added.
  void flush();

 private:
  ColumnTable take();  // the buffered rows as a table, leaving the buffers empty

  io::DatasetWriter& writer_;
  std::vector<std::string> value_paths_;
  std::vector<std::string> tag_names_;
  std::vector<std::vector<std::int64_t>> tags_;  // per tag: 1 where the trial's class has it
  bool relative_ = false;  // the plan draws values relative to the critical gain
  std::vector<Count> count_specs_;  // name and kind of each count column
  std::vector<std::int64_t> trial_, subject_;
  std::vector<std::string> phenotype_, split_, status_, reason_;
  std::vector<double> duration_, critical_gain_, gain_ratio_;
  std::vector<std::vector<double>> counts_;  // per count column
  std::vector<std::vector<double>> values_;  // per value path
};

}  // namespace nmsim::pipeline
