#pragma once
// Reads nmsim HDF5 dataset files (docs/format.md) back into the in-memory structures.
// Used by the round-trip tests and by `nmsim inspect`.
//
// Errors: a missing, unreadable or non-nmsim file, an unsupported format_version, or a
// trial/series that is not in the file throw nmsim::InputError (location = the file);
// a file that is damaged inside throws std::runtime_error.
// Threading: like DatasetWriter, one thread at a time (HDF5 is not thread-safe here).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/column_table.hpp"
#include "core/trial_record.hpp"

namespace nmsim::io {

class DatasetReader {
 public:
  explicit DatasetReader(const std::filesystem::path& path);
  ~DatasetReader();
  DatasetReader(DatasetReader&&) noexcept;
  DatasetReader& operator=(DatasetReader&&) noexcept;
  DatasetReader(const DatasetReader&) = delete;
  DatasetReader& operator=(const DatasetReader&) = delete;

  const std::filesystem::path& path() const;
  // The constructor verifies the file's checksum (io/file_checksum.hpp) before HDF5 reads it, and
  // that the files its trials link to are the ones merged (InputError otherwise). The verified
  // checksum, or nothing when the file has none (written before nmsim recorded one).
  std::optional<std::uint64_t> verified_checksum() const;

  // Root attributes.
  int format_version() const;
  std::string generator() const;  // "nmsim <version>"
  std::string root_string_attribute(const std::string& name) const;

  bool is_blind() const;  // a blind export (pipeline/blind_export.hpp): no labels, answers elsewhere
  bool has_provenance() const;
  Provenance read_provenance() const;  // throws InputError if the file has none

  // Trial indices present in the file, ascending.
  std::vector<std::uint64_t> trial_indices() const;
  bool has_trial(std::uint64_t index) const;
  double trial_duration(std::uint64_t index) const;
  // Paths of the trial's time series, in the order they were written.
  std::vector<std::string> series_paths(std::uint64_t index) const;

  TimeSeries read_series(std::uint64_t index, const std::string& path) const;
  // The trial's labels/ group, or with group = schema::kArtefactsGroup its artefacts/ mask.
  LabelSeries read_labels(std::uint64_t index, const char* group = "labels") const;
  // The label grid alone (no data): rate, starting time, channels and the sample count.
  struct LabelGrid {
    double rate_hz = 0.0, starting_time_s = 0.0;
    std::size_t samples = 0;
    std::vector<std::string> channels;
  };
  LabelGrid read_label_grid(std::uint64_t index) const;
  // The protocol's phases: name, start and stop (s).
  struct Phase {
    std::string name;
    double start_s = 0.0, stop_s = 0.0;
  };
  std::vector<Phase> read_phases(std::uint64_t index) const;
  std::vector<std::string> label_bit_names(std::uint64_t index) const;  // index = bit position
  EventTable read_events(std::uint64_t index) const;
  std::vector<std::string> event_columns(std::uint64_t index) const;  // the `columns` attribute
  std::vector<std::pair<std::string, double>> read_parameters(std::uint64_t index) const;
  // Parallel to read_parameters: each value's unit and cited source (empty strings in a file
  // written before these columns existed).
  struct ParameterNotes {
    std::vector<std::string> units, sources;
  };
  ParameterNotes read_parameter_notes(std::uint64_t index) const;
  // Everything of one trial, as it was written.
  TrialRecord read_trial(std::uint64_t index) const;
  // The dataset index (/index): one row per planned trial, failed ones included.
  bool has_index() const;
  ColumnTable read_index() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nmsim::io
