#include "io/dataset_writer.hpp"

#include <algorithm>
#include <type_traits>
#include <variant>

#include <stdexcept>
#include <system_error>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/file_checksum.hpp"
#include "io/hdf5_write.hpp"
#include "io/schema.hpp"
#include "io/trial_writer.hpp"
#include "nmsim/version.hpp"

namespace nmsim::io {

namespace fs = std::filesystem;

struct DatasetWriter::Impl {
  fs::path final_path;
  fs::path temp_path;
  h5::MatrixStorage storage;
  bool durable = true;
  std::uint64_t expected_trials = 1;
  h5::CreationLists lists;
  h5::Handle file;
  h5::Handle trials;
  bool provenance_written = false;
  struct Index {
    std::vector<std::string> names;
    std::vector<std::size_t> kinds;  // ColumnTable::Column alternative of each column
    std::vector<h5::Handle> columns;
    std::uint64_t rows = 0, written = 0;
    bool begun = false;
  } index;
  bool committed = false;
  bool broken = false;  // an HDF5 call failed mid-write: the file may be inconsistent
  std::vector<std::string> linked_files, linked_checksums;  // link_trial targets, by file

  void write_links();

  void open_file();
  void close_and_remove() noexcept;
  [[noreturn]] void rethrow_with_context(const std::string& doing);
  void require_usable(const char* action) const;
};

namespace {
// Metadata (object headers, link heaps) is carved out of blocks of this size. When a block runs
// out, raw data has usually been allocated after it, so its unused tail cannot grow and goes to
// HDF5's in-memory free-space manager, which keeps every such fragment until the file is closed.
// With HDF5's default 2 KiB blocks that is about 1 KiB of memory per trial written; 64 KiB blocks
// leave a fragment per 6 trials (about 40 bytes of memory per trial), 256 KiB blocks one per 25.
// Larger blocks cost more elsewhere: the unused tail of the first block is lost to the file, and
// HDF5 buffers up to a block of metadata writes in memory. About 256 bytes per expected trial,
// from 64 KiB to 256 KiB, keeps both small. A file-access setting: the format and what readers
// see are unchanged.
hsize_t metadata_block_bytes(std::uint64_t expected_trials) {
  hsize_t bytes = 64 * 1024;
  while (bytes < 256 * 1024 && bytes < expected_trials * 256) bytes *= 2;
  return bytes;
}
}  // namespace

void DatasetWriter::Impl::open_file() {
  lists = h5::make_creation_lists();
  h5::Handle fcpl = h5::checked_plist(H5Pcreate(H5P_FILE_CREATE), "create file property list");
  h5::check(H5Pset_obj_track_times(fcpl.get(), false), "disable root group timestamps");
  h5::check(H5Pset_userblock(fcpl.get(), kUserBlockBytes), "reserve the user block for the file checksum");
  h5::Handle fapl = h5::checked_plist(H5Pcreate(H5P_FILE_ACCESS), "create file access property list");
  // STRONG: closing the file closes everything in it, so commit() never renames a file
  // that HDF5 still holds open.
  h5::check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), "set file close degree");
  // Default libver bounds keep the file readable by HDF5 1.8/1.10 tools.
  // A writer only appends, so a small metadata cache suffices; the default may grow to 32 MiB,
  // which would make memory grow with the number of trials of a large dataset.
  H5AC_cache_config_t mdc;
  mdc.version = H5AC__CURR_CACHE_CONFIG_VERSION;
  h5::check(H5Pget_mdc_config(fapl.get(), &mdc), "read metadata cache settings");
  mdc.set_initial_size = true;
  mdc.initial_size = 1 << 20;
  mdc.min_size = 1 << 20;
  mdc.max_size = 4 << 20;
  h5::check(H5Pset_mdc_config(fapl.get(), &mdc), "limit the metadata cache");
  h5::check(H5Pset_meta_block_size(fapl.get(), metadata_block_bytes(expected_trials)), "set the metadata block size");
  // Each open contiguous dataset written in pieces (the index columns, which stay open for the
  // whole run) buffers up to this much; HDF5's 64 KiB default would make the index hold about
  // 1 MiB more at 10,000 trials than at 1,000. Whole-dataset writes of trials are unaffected.
  h5::check(H5Pset_sieve_buf_size(fapl.get(), 8 * 1024), "set the sieve buffer size");
  file = h5::checked(H5Fcreate(temp_path.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()), H5Fclose,
                     "create '" + temp_path.string() + "'");
  h5::write_attr_string(file.get(), schema::kAttrFormat, schema::kFormatName);
  h5::write_attr_i32(file.get(), schema::kAttrFormatVersion, schema::kFormatVersion);
  h5::write_attr_string(file.get(), schema::kAttrGenerator, std::string("nmsim ") + kVersion);
  trials = h5::create_group(file.get(), schema::kTrialsGroup, lists.group.get());
}

void DatasetWriter::Impl::write_links() {
  if (linked_files.empty()) return;
  const h5::Handle g = h5::create_group(file.get(), schema::kLinksGroup, lists.group.get());
  h5::write_strings(g.get(), schema::kColFile, linked_files, lists.dataset.get());
  h5::write_strings(g.get(), schema::kColChecksum, linked_checksums, lists.dataset.get());
}

void DatasetWriter::Impl::close_and_remove() noexcept {
  index.columns.clear();
  trials.reset();
  file.reset();
  std::error_code ec;
  fs::remove(temp_path, ec);
}

void DatasetWriter::Impl::rethrow_with_context(const std::string& doing) {
  broken = true;
  try {
    throw;
  } catch (const IoError&) {
    throw;
  } catch (const h5::Failure& e) {
    // The file system refused (full, quota, I/O error): report it as such, with the file.
    if (e.system_errno != 0) throw IoError(final_path.string(), e.system_errno, "write");
    throw std::runtime_error("while " + doing + " for '" + final_path.string() + "': " + e.what());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("while " + doing + " for '" + final_path.string() + "': " + e.what());
  }
}

void DatasetWriter::Impl::require_usable(const char* action) const {
  NMSIM_CHECK(!committed, std::string("DatasetWriter: ") + action + " after commit()");
  if (broken)
    throw std::runtime_error("cannot " + std::string(action) + " '" + final_path.string() +
                             "': an earlier write failed, the output is incomplete");
}

DatasetWriter::DatasetWriter(fs::path final_path, Options options) : impl_(std::make_unique<Impl>()) {
  if (options.compress && (options.gzip_level < 0 || options.gzip_level > 9))
    throw InputError(SourceMark{}, "gzip_level", "must be an integer from 0 to 9, got " +
                                                     std::to_string(options.gzip_level));
  h5::silence_hdf5_errors();
  if (options.compress && (H5Zfilter_avail(H5Z_FILTER_DEFLATE) <= 0 || H5Zfilter_avail(H5Z_FILTER_SHUFFLE) <= 0))
    throw std::runtime_error("this HDF5 library lacks the gzip or shuffle filter needed for compression");
  impl_->final_path = std::move(final_path);
  impl_->temp_path = atomic::temp_path_for(impl_->final_path);
  impl_->storage = h5::MatrixStorage{options.compress, options.gzip_level};
  impl_->durable = options.durable;
  impl_->expected_trials = options.expected_trials;
  atomic::claim_temp_file(impl_->final_path, impl_->temp_path);
  try {
    impl_->open_file();
  } catch (...) {
    impl_->close_and_remove();
    impl_->rethrow_with_context("creating the output file");
  }
}

DatasetWriter::~DatasetWriter() {
  if (impl_ && !impl_->committed) impl_->close_and_remove();
}

DatasetWriter::DatasetWriter(DatasetWriter&&) noexcept = default;

DatasetWriter& DatasetWriter::operator=(DatasetWriter&& other) noexcept {
  if (this != &other) {
    if (impl_ && !impl_->committed) impl_->close_and_remove();
    impl_ = std::move(other.impl_);
  }
  return *this;
}

void DatasetWriter::write_provenance(const Provenance& p) {
  NMSIM_CHECK(impl_ != nullptr, "DatasetWriter used after move");
  impl_->require_usable("write provenance");
  NMSIM_CHECK(!impl_->provenance_written, "DatasetWriter: provenance written twice");
  try {
    const auto& lists = impl_->lists;
    const h5::Handle g = h5::create_group(impl_->file.get(), schema::kProvenanceGroup, lists.group.get());
    const hid_t dcpl = lists.dataset.get();
    h5::write_scalar_string(g.get(), "scenario_yaml", p.scenario_yaml, dcpl);
    h5::write_scalar_string(g.get(), "model_yaml", p.model_yaml, dcpl);
    h5::write_scalar_string(g.get(), "command_line", p.command_line, dcpl);
    h5::write_scalar_string(g.get(), "nmsim_version", p.nmsim_version, dcpl);
    h5::write_scalar_string(g.get(), "scenario_path", p.scenario_path, dcpl);
    h5::write_scalar_string(g.get(), "model_path", p.model_path, dcpl);
    h5::write_scalar_u64(g.get(), "seed", p.seed, dcpl);
    h5::write_scalar_string(g.get(), "shard", p.shard, dcpl);
  } catch (...) {
    impl_->rethrow_with_context("writing provenance");
  }
  impl_->provenance_written = true;
}

void DatasetWriter::copy_trial(const fs::path& from, std::uint64_t index) {
  NMSIM_CHECK(impl_ != nullptr, "DatasetWriter used after move");
  impl_->require_usable("copy a trial");
  const std::string name = schema::trial_group_name(index);
  const std::string source = std::string("/") + schema::kTrialsGroup + "/" + name;
  try {
    const hid_t opened = H5Fopen(from.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (opened < 0) throw std::runtime_error("cannot open '" + from.string() + "'");
    const h5::Handle src(opened, H5Fclose);
    h5::check(H5Ocopy(src.get(), source.c_str(), impl_->trials.get(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
              "copy " + source + " from '" + from.string() + "'");
  } catch (...) {
    impl_->rethrow_with_context("copying trial " + std::to_string(index));
  }
}

void DatasetWriter::link_trial(const std::string& relative_file, std::uint64_t index, const std::string& file_checksum) {
  NMSIM_CHECK(impl_ != nullptr, "DatasetWriter used after move");
  impl_->require_usable("link a trial");
  auto& files = impl_->linked_files;
  if (std::find(files.begin(), files.end(), relative_file) == files.end()) {
    files.push_back(relative_file);
    impl_->linked_checksums.push_back(file_checksum);
  }
  const std::string name = schema::trial_group_name(index);
  const std::string target = std::string("/") + schema::kTrialsGroup + "/" + name;
  try {
    h5::check(H5Lcreate_external(relative_file.c_str(), target.c_str(), impl_->trials.get(), name.c_str(), H5P_DEFAULT,
                                 H5P_DEFAULT),
              "link " + target + " to '" + relative_file + "'");
  } catch (...) {
    impl_->rethrow_with_context("linking trial " + std::to_string(index));
  }
}

void DatasetWriter::write_index(const ColumnTable& index) {
  begin_index(index, index.rows());
  append_index(index);
}

void DatasetWriter::begin_index(const ColumnTable& layout, std::uint64_t rows) {
  NMSIM_CHECK(impl_ != nullptr, "DatasetWriter used after move");
  impl_->require_usable("write the index");
  auto& ix = impl_->index;
  NMSIM_CHECK(!ix.begun, "DatasetWriter: index written twice");
  ix.begun = true;
  ix.rows = rows;
  try {
    const auto& lists = impl_->lists;
    const h5::Handle g = h5::create_group(impl_->file.get(), schema::kIndexGroup, lists.group.get());
    const h5::Handle string_type = h5::utf8_string_type();
    for (const auto& [name, column] : layout.columns()) {
      const hid_t file_type = std::visit(
          [&](const auto& values) {
            using T = typename std::decay_t<decltype(values)>::value_type;
            if constexpr (std::is_same_v<T, std::string>)
              return string_type.get();
            else
              return h5::TypeOf<T>::file_type();
          },
          column);
      ix.columns.push_back(h5::create_vector(g.get(), name.c_str(), file_type, rows, lists.dataset.get()));
      ix.names.push_back(name);
      ix.kinds.push_back(column.index());
    }
    h5::write_attr_strings(g.get(), schema::kAttrColumns, ix.names);
  } catch (...) {
    impl_->rethrow_with_context("writing the index");
  }
}

void DatasetWriter::append_index(const ColumnTable& rows) {
  NMSIM_CHECK(impl_ != nullptr, "DatasetWriter used after move");
  impl_->require_usable("write the index");
  auto& ix = impl_->index;
  NMSIM_CHECK(ix.begun, "DatasetWriter: append_index before begin_index");
  NMSIM_CHECK(ix.written + rows.rows() <= ix.rows, "DatasetWriter: more index rows than begin_index announced");
  const auto& columns = rows.columns();
  NMSIM_CHECK(columns.size() == ix.names.size(), "DatasetWriter: index rows with other columns");
  for (std::size_t c = 0; c < columns.size(); ++c)
    NMSIM_CHECK(columns[c].first == ix.names[c] && columns[c].second.index() == ix.kinds[c],
                "DatasetWriter: index column '" + columns[c].first + "' differs from the layout");
  try {
    for (std::size_t c = 0; c < columns.size(); ++c)
      std::visit([&](const auto& values) { h5::write_rows(ix.columns[c].get(), ix.written, values); },
                 columns[c].second);
  } catch (...) {
    impl_->rethrow_with_context("writing the index");
  }
  ix.written += rows.rows();
}

void DatasetWriter::mark_blind() {
  NMSIM_CHECK(impl_ != nullptr, "DatasetWriter used after move");
  impl_->require_usable("mark the file blind");
  h5::write_attr_i32(impl_->file.get(), schema::kAttrBlind, 1);
}

void DatasetWriter::write_trial(const TrialRecord& trial) {
  NMSIM_CHECK(impl_ != nullptr, "DatasetWriter used after move");
  impl_->require_usable("write a trial");
  validate_trial(trial);
  const std::string name = schema::trial_group_name(trial.index);
  const htri_t exists = H5Lexists(impl_->trials.get(), name.c_str(), H5P_DEFAULT);
  h5::check(exists, "look up trial " + name);
  NMSIM_CHECK(exists == 0, "DatasetWriter: trial " + std::to_string(trial.index) + " written twice");
  try {
    write_trial_group(impl_->trials.get(), trial, impl_->lists, impl_->storage);
  } catch (...) {
    impl_->rethrow_with_context("writing trial " + std::to_string(trial.index));
  }
}

void DatasetWriter::commit() {
  NMSIM_CHECK(impl_ != nullptr, "DatasetWriter used after move");
  impl_->require_usable("commit");
  NMSIM_CHECK(impl_->index.written == impl_->index.rows, "DatasetWriter: commit with index rows not written");
  try {
    impl_->index.columns.clear();
    h5::check(H5Fflush(impl_->file.get(), H5F_SCOPE_GLOBAL), "flush file");
    impl_->write_links();
    impl_->trials.close("close /trials");
    impl_->file.close("close file");
    seal_file(impl_->temp_path);
    atomic::publish(impl_->temp_path, impl_->final_path, impl_->durable);
  } catch (...) {
    // Either still a temporary file (remove it) or already renamed (nothing to remove).
    impl_->close_and_remove();
    impl_->rethrow_with_context("committing the output");
  }
  impl_->committed = true;
}

bool DatasetWriter::committed() const { return impl_ && impl_->committed; }
const fs::path& DatasetWriter::final_path() const { return impl_->final_path; }
const fs::path& DatasetWriter::temp_path() const { return impl_->temp_path; }

}  // namespace nmsim::io
