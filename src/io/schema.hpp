#pragma once
// Names and layout rules of the nmsim HDF5 format, version 1 (docs/format.md). Shared by
// the writer and the reader so that they cannot drift apart.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nmsim::io::schema {

inline constexpr const char* kFormatName = "nmsim";
inline constexpr int kFormatVersion = 1;

// Root attributes.
inline constexpr const char* kAttrFormat = "format";
inline constexpr const char* kAttrFormatVersion = "format_version";
inline constexpr const char* kAttrGenerator = "generator";
inline constexpr const char* kAttrBlind = "blind";            // root, 1 in a blind export (docs/format.md)
inline constexpr const char* kAttrBitCounts = "bit_counts";   // labels/data: cells with each bit set

inline constexpr const char* kProvenanceGroup = "provenance";
inline constexpr const char* kTrialsGroup = "trials";
inline constexpr const char* kIndexGroup = "index";
// Files that trials link to (merge --link): `file` (relative path) and its `checksum` (hex).
inline constexpr const char* kLinksGroup = "links";
inline constexpr const char* kColFile = "file";
inline constexpr const char* kColChecksum = "checksum";

// Inside a trial group.
inline constexpr const char* kAttrIndex = "index";
inline constexpr const char* kAttrDuration = "duration";
inline constexpr const char* kAttrSeries = "series";  // series paths in the producer's order
inline constexpr const char* kLabelsGroup = "labels";
inline constexpr const char* kArtefactsGroup = "artefacts";
inline constexpr const char* kEventsGroup = "events";
inline constexpr const char* kParametersGroup = "parameters";
inline constexpr const char* kProtocolGroup = "protocol";
inline constexpr const char* kDataDataset = "data";

// Attributes of a `data` dataset (time series and labels).
inline constexpr const char* kAttrRate = "rate";
inline constexpr const char* kAttrStartingTime = "starting_time";
inline constexpr const char* kAttrUnit = "unit";
inline constexpr const char* kAttrDescription = "description";
inline constexpr const char* kAttrChannels = "channels";
inline constexpr const char* kAttrBitNames = "bit_names";

// Event table: the fixed columns, in this order, then real columns, then int columns.
inline constexpr const char* kAttrColumns = "columns";
inline constexpr const char* kColStartTime = "start_time";
inline constexpr const char* kColStopTime = "stop_time";
inline constexpr const char* kColLabel = "label";
inline constexpr const char* kColChannel = "channel";
inline constexpr const char* kColParent = "parent";
bool is_fixed_event_column(std::string_view name);

// Parameters and protocol tables.
inline constexpr const char* kColName = "name";
inline constexpr const char* kColValue = "value";
inline constexpr const char* kColUnit = "unit";      // parameters
inline constexpr const char* kColSource = "source";  // parameters
inline constexpr const char* kColPhase = "phase";

// "000042": six digits, zero padded (more digits only beyond 999999).
std::string trial_group_name(std::uint64_t index);
// Inverse of trial_group_name; nullopt if `name` is not all digits.
std::optional<std::uint64_t> parse_trial_group_name(std::string_view name);

// True for the top-level names a trial reserves for its own tables.
bool is_reserved_trial_member(std::string_view name);
// Empty if `path` can name a time series inside a trial; otherwise why it cannot.
std::string series_path_problem(std::string_view path);

// Chunk shape for a (rows × cols) dataset of `element_size`-byte values, chunked along
// time. nullopt means "store contiguously" (empty datasets cannot be chunked).
struct ChunkShape {
  std::size_t rows = 0;
  std::size_t cols = 0;
};
inline constexpr std::size_t kTargetChunkBytes = 128 * 1024;
std::optional<ChunkShape> chunk_shape(std::size_t rows, std::size_t cols, std::size_t element_size,
                                      std::size_t target_bytes = kTargetChunkBytes);

}  // namespace nmsim::io::schema
