#include "core/event_table.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

#include "core/error.hpp"

namespace nmsim {

std::size_t EventTable::add(double start_time_s, double stop_time_s, std::string label, std::string channel,
                            std::int64_t parent) {
  NMSIM_CHECK(stop_time_s >= start_time_s, "event stops before it starts");
  start_time_.push_back(start_time_s);
  stop_time_.push_back(stop_time_s);
  label_.push_back(std::move(label));
  channel_.push_back(std::move(channel));
  parent_.push_back(parent);
  for (auto& [name, col] : real_) col.push_back(kMissingReal);
  for (auto& [name, col] : int_) col.push_back(kMissingInt);
  return size() - 1;
}

void EventTable::set_real(std::size_t row, const std::string& column, double value) {
  NMSIM_CHECK(row < size(), "event row out of range");
  auto [it, inserted] = real_.try_emplace(column, size(), kMissingReal);
  it->second[row] = value;
}

void EventTable::set_int(std::size_t row, const std::string& column, std::int64_t value) {
  NMSIM_CHECK(row < size(), "event row out of range");
  auto [it, inserted] = int_.try_emplace(column, size(), kMissingInt);
  it->second[row] = value;
}

namespace {
template <class T>
std::vector<T> permuted(const std::vector<T>& v, const std::vector<std::size_t>& order) {
  std::vector<T> out;
  out.reserve(v.size());
  for (std::size_t i : order) out.push_back(v[i]);
  return out;
}
}  // namespace

void EventTable::sort_by_time() {
  std::vector<std::size_t> order(size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) {
    return std::tie(start_time_[a], label_[a], channel_[a]) < std::tie(start_time_[b], label_[b], channel_[b]);
  });
  std::vector<std::int64_t> new_index(size());
  for (std::size_t i = 0; i < order.size(); ++i) new_index[order[i]] = static_cast<std::int64_t>(i);
  start_time_ = permuted(start_time_, order);
  stop_time_ = permuted(stop_time_, order);
  label_ = permuted(label_, order);
  channel_ = permuted(channel_, order);
  parent_ = permuted(parent_, order);
  for (auto& p : parent_)
    if (p >= 0) p = new_index[static_cast<std::size_t>(p)];
  for (auto& [name, col] : real_) col = permuted(col, order);
  for (auto& [name, col] : int_) col = permuted(col, order);
}

void EventTable::append(const EventTable& other) {
  const auto offset = static_cast<std::int64_t>(size());
  for (std::size_t r = 0; r < other.size(); ++r) {
    const std::int64_t p = other.parent_[r];
    const std::size_t row = add(other.start_time_[r], other.stop_time_[r], other.label_[r], other.channel_[r],
                                p >= 0 ? p + offset : kMissingInt);
    for (const auto& [name, col] : other.real_)
      if (col[r] == col[r]) set_real(row, name, col[r]);  // skip NaN (missing)
    for (const auto& [name, col] : other.int_)
      if (col[r] != kMissingInt) set_int(row, name, col[r]);
  }
}

}  // namespace nmsim
