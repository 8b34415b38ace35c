#pragma once
// `nmsim export-mat`: an nmsim dataset as a MATLAB MAT v5 file that MATLAB and GNU Octave load
// with `load` (no HDF5 attribute functions needed; Octave 7 has no h5readatt). Layout in
// docs/format.md ("MATLAB and GNU Octave"): a struct `nmsim` (root attributes, provenance, the
// trial list and /index) and one struct `trial_NNNNNN` per trial mirroring /trials/NNNNNN.
//
// The dataset is read with DatasetReader (checksum verified first). The output obeys the same
// rules as run/merge (io/output_target.hpp; an existing MAT file nmsim exported counts as its
// own) and appears only complete (a temporary file renamed onto it).
// Errors: InputError for a bad input or output name, IoError when the file system fails.
#include <cstdint>
#include <filesystem>

namespace nmsim::io {

struct MatExportSummary {
  std::uint64_t trials = 0;
};

MatExportSummary export_mat(const std::filesystem::path& dataset, const std::filesystem::path& output, bool force);

// True if `path` is a regular file written by export_mat (its MAT header names nmsim).
bool is_nmsim_mat_export(const std::filesystem::path& path);

}  // namespace nmsim::io
