#pragma once
// Writes trials to an nmsim HDF5 dataset file (schema: docs/format.md) atomically: all
// output goes to a hidden temporary file next to the destination, and only commit()
// renames it onto the final name. Without commit() (error, exception, early return) the
// temporary file is deleted and the destination, if it existed, is left untouched.
//
// Threading: Debian's HDF5 is not built thread-safe. Use a writer from one thread only,
// and do not run any other HDF5 work (readers, other writers) concurrently with it.
#include <cstdint>
#include <filesystem>
#include <memory>

#include "core/column_table.hpp"
#include "core/trial_record.hpp"

namespace nmsim::io {

struct DatasetWriterOptions {
  bool compress = false;  // gzip (with the shuffle filter) on time series and labels
  int gzip_level = 4;     // 0..9; only used when compress is true
  bool durable = true;    // fsync on commit (see atomic::publish); off for resumable part files
  // How many trials the file will hold, roughly: sizes HDF5's metadata blocks (dataset_writer.cpp)
  // so that memory does not grow with the trials written and small files stay small.
  std::uint64_t expected_trials = 1;
};

class DatasetWriter {
 public:
  using Options = DatasetWriterOptions;

  // Creates the temporary file and writes the root attributes and the empty /trials group.
  // Throws nmsim::InputError (key "output", location = final_path) if the folder does not
  // exist, is not writable, or final_path is a folder, or if options are invalid.
  explicit DatasetWriter(std::filesystem::path final_path, Options options = {});
  ~DatasetWriter();  // not committed: closes and deletes the temporary file
  DatasetWriter(DatasetWriter&&) noexcept;
  DatasetWriter& operator=(DatasetWriter&&) noexcept;
  DatasetWriter(const DatasetWriter&) = delete;
  DatasetWriter& operator=(const DatasetWriter&) = delete;

  // Writes /provenance; at most once per file.
  void write_provenance(const Provenance& provenance);
  // Marks the file as a blind export (root attribute blind = 1; docs/format.md).
  void mark_blind();

  // Writes /trials/<index>; may be called any number of times with distinct indices.
  // Nothing of a trial is kept in memory afterwards. An inconsistent record (sizes that
  // do not match, bad series path, duplicate index) throws nmsim::InternalError before
  // anything is written; an HDF5 failure throws std::runtime_error and leaves the writer
  // unusable (commit() will refuse, the destructor cleans up).
  void write_trial(const TrialRecord& trial);

  // Copies /trials/<index> unchanged from another nmsim file (assembling shards).
  void copy_trial(const std::filesystem::path& from, std::uint64_t index);
  // Refers to /trials/<index> of another file instead (an HDF5 external link, resolved by
  // readers relative to this file's folder): no copy, but that file must stay beside it.
  // `file_checksum` (io/file_checksum.hpp, "" if it has none) is recorded in /links, so that
  // readers can tell when the linked file was replaced or changed.
  void link_trial(const std::string& relative_file, std::uint64_t index, const std::string& file_checksum);

  // Writes /index: one row per trial (see docs/format.md); at most once, before commit().
  void write_index(const ColumnTable& index);
  // The same in pieces, so that a long run keeps no rows in memory: begin_index creates the
  // columns of `layout` (names and types; its rows are not written) with `rows` rows each, and
  // each append_index writes the next rows, with the same columns. commit() refuses an index
  // with rows not yet written (nmsim::InternalError).
  void begin_index(const ColumnTable& layout, std::uint64_t rows);
  void append_index(const ColumnTable& rows);

  // Flushes and closes the file, writes its checksum into the user block (io/file_checksum.hpp),
  // fsyncs it, renames it onto final_path, fsyncs the folder. Throws std::runtime_error or
  // IoError on failure (the temporary file is then removed).
  void commit();

  bool committed() const;
  const std::filesystem::path& final_path() const;
  const std::filesystem::path& temp_path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nmsim::io
