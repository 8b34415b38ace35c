#include "core/column_table.hpp"

#include "core/error.hpp"

namespace nmsim {

void ColumnTable::add(std::string name, Column values) {
  const std::size_t n = std::visit([](const auto& v) { return v.size(); }, values);
  NMSIM_CHECK(columns_.empty() || n == rows_, "column '" + name + "' has a different length");
  NMSIM_CHECK(find(name) == nullptr, "duplicate column '" + name + "'");
  rows_ = n;
  columns_.emplace_back(std::move(name), std::move(values));
}

const ColumnTable::Column* ColumnTable::find(const std::string& name) const {
  for (const auto& [n, c] : columns_)
    if (n == name) return &c;
  return nullptr;
}

}  // namespace nmsim
