#pragma once
// A table of named, equally long columns of reals, integers or strings, in a fixed column
// order: the dataset index (one row per trial) and similar summaries.
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace nmsim {

class ColumnTable {
 public:
  using Column = std::variant<std::vector<double>, std::vector<std::int64_t>, std::vector<std::string>>;

  // Adds a column; every column must have the same length (checked when it is added).
  void add(std::string name, Column values);
  std::size_t rows() const { return rows_; }
  const std::vector<std::pair<std::string, Column>>& columns() const { return columns_; }
  const Column* find(const std::string& name) const;

 private:
  std::vector<std::pair<std::string, Column>> columns_;
  std::size_t rows_ = 0;
};

}  // namespace nmsim
