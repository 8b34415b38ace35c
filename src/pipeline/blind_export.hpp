#pragma once
// Blind export of a benchmark (docs/datasets.md, "Blind export"): the signals a detector or a
// classifier is meant to see, without what gives the answer away. The full file is the answer key.
//
// Kept: every series except internals/, each trial's protocol phases and its stimulus events
// (taps and sounds are part of the examination, seen in every class), and /index columns
// trial, subject, split, status and duration. Dropped: labels, every other event, the
// parameters table, internals/, the other /index columns (class, label counts, drawn values,
// critical gain) and the provenance that would let the plan be recomputed (scenario and model
// text, seed, paths, command line). The root attribute blind = 1 marks the file.
#include <filesystem>

namespace nmsim::pipeline {

// Writes `blind` (atomically) from the finished dataset `full`; InputError if `full` is not an
// nmsim dataset or is itself blind, or if `blind` may not be replaced (io/output_target.hpp).
void export_blind(const std::filesystem::path& full, const std::filesystem::path& blind, bool force = false);

// Where `nmsim run -o OUT --blind` puts the answer key: OUT with ".key" before its extension.
std::filesystem::path answer_key_path(const std::filesystem::path& output);

}  // namespace nmsim::pipeline
