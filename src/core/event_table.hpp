#pragma once
// Ground-truth events as a column table (struct of arrays, like NWB TimeIntervals).
// Every row has the common columns; phenomenon-specific columns are created on first use
// and hold a "missing" value (NaN for reals, -1 for integers) in rows that do not set them,
// so every phenotype shares one schema.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace nmsim {

class EventTable {
 public:
  static constexpr double kMissingReal = std::numeric_limits<double>::quiet_NaN();
  static constexpr std::int64_t kMissingInt = -1;

  // Appends a row and returns its index. `parent` links e.g. a beat to its episode (-1: none).
  std::size_t add(double start_time_s, double stop_time_s, std::string label, std::string channel,
                  std::int64_t parent = kMissingInt);
  void set_real(std::size_t row, const std::string& column, double value);
  void set_int(std::size_t row, const std::string& column, std::int64_t value);

  std::size_t size() const { return start_time_.size(); }
  const std::vector<double>& start_time() const { return start_time_; }
  const std::vector<double>& stop_time() const { return stop_time_; }
  const std::vector<std::string>& label() const { return label_; }
  const std::vector<std::string>& channel() const { return channel_; }
  const std::vector<std::int64_t>& parent() const { return parent_; }
  const std::map<std::string, std::vector<double>>& real_columns() const { return real_; }
  const std::map<std::string, std::vector<std::int64_t>>& int_columns() const { return int_; }

  // Sorts rows by (start_time, label, channel) and remaps `parent`; call once when complete.
  void sort_by_time();
  // Appends all rows of `other`, offsetting its parent links.
  void append(const EventTable& other);

 private:
  std::vector<double> start_time_, stop_time_;
  std::vector<std::string> label_, channel_;
  std::vector<std::int64_t> parent_;
  std::map<std::string, std::vector<double>> real_;
  std::map<std::string, std::vector<std::int64_t>> int_;
};

}  // namespace nmsim
