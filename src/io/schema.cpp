#include "io/schema.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace nmsim::io::schema {

bool is_fixed_event_column(std::string_view name) {
  static constexpr std::array<std::string_view, 5> kFixed = {kColStartTime, kColStopTime, kColLabel, kColChannel,
                                                             kColParent};
  return std::find(kFixed.begin(), kFixed.end(), name) != kFixed.end();
}

std::string trial_group_name(std::uint64_t index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%06llu", static_cast<unsigned long long>(index));
  return buf;
}

std::optional<std::uint64_t> parse_trial_group_name(std::string_view name) {
  if (name.empty() || name.size() > 19) return std::nullopt;  // 19 digits always fit in uint64
  std::uint64_t value = 0;
  for (char c : name) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

bool is_reserved_trial_member(std::string_view name) {
  return name == kLabelsGroup || name == kEventsGroup || name == kParametersGroup || name == kProtocolGroup;
}

std::string series_path_problem(std::string_view path) {
  if (path.empty()) return "is empty";
  if (path.front() == '/' || path.back() == '/') return "must not start or end with '/'";
  std::size_t begin = 0;
  bool first = true;
  while (begin <= path.size()) {
    const std::size_t end = std::min(path.find('/', begin), path.size());
    const std::string_view part = path.substr(begin, end - begin);
    if (part.empty()) return "has an empty component ('//')";
    if (part == "." || part == "..") return "must not contain '.' or '..' components";
    if (part == kDataDataset) return "must not contain a component named 'data' (reserved for the samples)";
    if (first && is_reserved_trial_member(part))
      return "must not start with '" + std::string(part) + "' (reserved for the trial's own tables)";
    first = false;
    begin = end + 1;
  }
  return {};
}

std::optional<ChunkShape> chunk_shape(std::size_t rows, std::size_t cols, std::size_t element_size,
                                      std::size_t target_bytes) {
  if (rows == 0 || cols == 0 || element_size == 0) return std::nullopt;
  target_bytes = std::max(target_bytes, element_size);
  // A chunk normally holds whole rows (all channels), so reading a time window touches
  // few chunks; only absurdly wide rows are split across channels.
  const std::size_t chunk_cols = std::min(cols, std::max<std::size_t>(1, target_bytes / element_size));
  const std::size_t row_bytes = chunk_cols * element_size;
  const std::size_t total = rows * row_bytes;
  // Split the time axis into equal chunks of at most ~target bytes: HDF5 stores an
  // uncompressed edge chunk at full size, so equal chunks waste no space.
  const std::size_t n_chunks = (total + target_bytes - 1) / target_bytes;
  const std::size_t chunk_rows = (rows + n_chunks - 1) / n_chunks;
  return ChunkShape{chunk_rows, chunk_cols};
}

}  // namespace nmsim::io::schema
