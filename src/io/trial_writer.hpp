#pragma once
// Internal to src/io: maps one TrialRecord onto /trials/<index> (docs/format.md).
#include "core/trial_record.hpp"
#include "io/hdf5_write.hpp"

namespace nmsim::io {

// Throws nmsim::InternalError if the record is inconsistent (sizes, paths, names), so
// that a producer bug is reported before anything reaches the file.
void validate_trial(const TrialRecord& trial);

// Creates the trial group below `trials` and writes everything in it. Throws
// std::runtime_error on HDF5 failure.
void write_trial_group(hid_t trials, const TrialRecord& trial, const h5::CreationLists& lists,
                       const h5::MatrixStorage& storage);

}  // namespace nmsim::io
