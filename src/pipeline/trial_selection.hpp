#pragma once
// Which trials a scoring run looks at: all of a dataset's trials, or those of one split and
// those whose /index row satisfies every `--where` condition (e.g. `gain_ratio>=1.5`,
// `phenotype=clonus`). Conditions compare a numeric column with a number or a text column
// with a string; a column the index does not have, or a malformed condition, is bad input.
#include <cstdint>
#include <string>
#include <vector>

#include "core/column_table.hpp"

namespace nmsim::pipeline {

struct TrialCondition {
  enum class Op { Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual };
  std::string column;
  Op op = Op::Equal;
  std::string value;  // as written; parsed as a number for numeric columns
  std::string text;   // the condition as the user wrote it, for messages and the report
};

// Parses "COLUMN OP VALUE" with OP one of = != < <= > >= (no spaces needed). Throws
// nmsim::InputError naming `option` when it is malformed.
TrialCondition parse_trial_condition(const std::string& text, const std::string& option);

// The trials of `all` (in order) that are in `split` (any when empty) and satisfy every
// condition, looked up in `index` by its `trial` column. Throws nmsim::InputError for a split
// or column the index lacks, or a non-numeric value compared with a numeric column.
std::vector<std::uint64_t> select_trials(const std::vector<std::uint64_t>& all, const ColumnTable& index,
                                         const std::string& split, const std::vector<TrialCondition>& where);

}  // namespace nmsim::pipeline
