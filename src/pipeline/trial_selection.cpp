#include "pipeline/trial_selection.hpp"

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <set>
#include <variant>

#include "core/error.hpp"

namespace nmsim::pipeline {

namespace {

using Op = TrialCondition::Op;

std::string column_names(const ColumnTable& index) {
  std::string out;
  for (const auto& [name, col] : index.columns()) out += (out.empty() ? "" : ", ") + name;
  return out.empty() ? "(the dataset has no /index)" : out;
}

template <class T>
bool compare(const T& a, Op op, const T& b) {
  switch (op) {
    case Op::Equal: return a == b;
    case Op::NotEqual: return a != b;
    case Op::Less: return a < b;
    case Op::LessEqual: return a <= b;
    case Op::Greater: return a > b;
    case Op::GreaterEqual: return a >= b;
  }
  return false;
}

// Which rows of `index` satisfy `c`.
std::vector<bool> matching_rows(const ColumnTable& index, const TrialCondition& c) {
  const ColumnTable::Column* col = index.find(c.column);
  if (col == nullptr)
    throw InputError({}, "--where", "'" + c.text + "': the index has no column '" + c.column + "' (columns: " + column_names(index) + ")");
  std::vector<bool> rows(index.rows(), false);
  if (const auto* text = std::get_if<std::vector<std::string>>(col)) {
    if (c.op != Op::Equal && c.op != Op::NotEqual)
      throw InputError({}, "--where", "'" + c.text + "': '" + c.column + "' holds text, which compares only with = or !=");
    for (std::size_t i = 0; i < text->size(); ++i) rows[i] = compare((*text)[i], c.op, c.value);
    return rows;
  }
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(c.value.c_str(), &end);
  if (c.value.empty() || end != c.value.c_str() + c.value.size() || errno == ERANGE || !std::isfinite(v))
    throw InputError({}, "--where", "'" + c.text + "': '" + c.column + "' holds numbers, so the value must be a finite number, not '" + c.value + "'");
  std::visit(
      [&](const auto& values) {
        using V = std::decay_t<decltype(values)>;
        if constexpr (!std::is_same_v<V, std::vector<std::string>>)
          for (std::size_t i = 0; i < values.size(); ++i) rows[i] = compare(static_cast<double>(values[i]), c.op, v);
      },
      *col);
  return rows;
}

}  // namespace

TrialCondition parse_trial_condition(const std::string& text, const std::string& option) {
  // Longest operators first, so that ">=" is not read as ">" followed by "=VALUE".
  static constexpr std::array<std::pair<const char*, Op>, 6> kOps{{{"!=", Op::NotEqual},
                                                                   {"<=", Op::LessEqual},
                                                                   {">=", Op::GreaterEqual},
                                                                   {"=", Op::Equal},
                                                                   {"<", Op::Less},
                                                                   {">", Op::Greater}}};
  const std::size_t at = text.find_first_of("!<>=");
  if (at != std::string::npos && at > 0)
    for (const auto& [symbol, op] : kOps) {
      const std::string s = symbol;
      if (text.compare(at, s.size(), s) != 0) continue;
      const std::string value = text.substr(at + s.size());
      if (value.empty()) break;
      return {text.substr(0, at), op, value, text};
    }
  throw InputError({}, option, "'" + text + "' is not a condition: expected COLUMN OP VALUE with OP one of = != < <= > >= (e.g. gain_ratio>=1.5, phenotype=clonus)");
}

std::vector<std::uint64_t> select_trials(const std::vector<std::uint64_t>& all, const ColumnTable& index,
                                         const std::string& split, const std::vector<TrialCondition>& where) {
  std::vector<TrialCondition> conditions = where;
  if (!split.empty()) {
    const ColumnTable::Column* col = index.find("split");
    const auto* splits = col != nullptr ? std::get_if<std::vector<std::string>>(col) : nullptr;
    std::set<std::string> names;
    if (splits != nullptr)
      for (const auto& s : *splits)
        if (!s.empty()) names.insert(s);
    if (!names.count(split)) {
      std::string valid;
      for (const auto& n : names) valid += (valid.empty() ? "" : ", ") + n;
      throw InputError({}, "--split", "the dataset has no split '" + split + "'" + (valid.empty() ? " (it has no splits)" : " (valid: " + valid + ")"));
    }
    conditions.insert(conditions.begin(), {"split", Op::Equal, split, "split=" + split});
  }
  if (conditions.empty()) return all;
  const ColumnTable::Column* trial = index.find("trial");
  const auto* trial_ids = trial != nullptr ? std::get_if<std::vector<std::int64_t>>(trial) : nullptr;
  if (trial_ids == nullptr) throw InputError({}, "--where", "the dataset's /index has no integer 'trial' column to select trials by");
  std::vector<bool> keep(index.rows(), true);
  for (const auto& c : conditions) {
    const std::vector<bool> rows = matching_rows(index, c);
    for (std::size_t i = 0; i < keep.size(); ++i) keep[i] = keep[i] && rows[i];
  }
  std::set<std::uint64_t> chosen;
  for (std::size_t i = 0; i < keep.size(); ++i)
    if (keep[i]) chosen.insert(static_cast<std::uint64_t>((*trial_ids)[i]));
  std::vector<std::uint64_t> out;
  for (auto t : all)
    if (chosen.count(t)) out.push_back(t);
  return out;
}

}  // namespace nmsim::pipeline
