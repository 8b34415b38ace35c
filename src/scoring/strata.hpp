#pragma once
// Strata: groups of trials (by an /index column) or of reference events (by an event column).
// A text column gives one stratum per value. A numeric column gives one per value when it
// has few distinct values (at most 6 for reals, 12 for integers), and otherwise bins: the
// edges given for its name (by the user, or the defaults below for the known difficulty
// coordinates), or else its quartiles. Missing values (NaN, -1 for integers, "") fall in no
// stratum. A column that does not exist simply gives no strata.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/column_table.hpp"

namespace nmsim::scoring {

using BinEdges = std::map<std::string, std::vector<double>>;  // column -> inner edges, ascending
// Inner edges for the difficulty coordinates nmsim writes or will write (docs/scoring.md).
BinEdges default_bin_edges();

struct Stratification {
  std::string column;
  std::vector<std::string> names;  // one per stratum
  std::vector<int> of_row;         // stratum of each row, -1 = none
};

Stratification stratify_text(const std::string& column, const std::vector<std::string>& values);
Stratification stratify_numbers(const std::string& column, const std::vector<double>& values, bool integer,
                                const BinEdges& edges);
// Every column of `index` except those in `skip`, in column order; `only` non-empty keeps
// just those columns (in the order given).
std::vector<Stratification> stratify_index(const ColumnTable& index, const std::vector<std::string>& only,
                                           const std::vector<std::string>& skip, const BinEdges& edges);

}  // namespace nmsim::scoring
