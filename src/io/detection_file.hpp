#pragma once
// Detection files, the input of `nmsim score` and the output of `nmsim detect`
// (docs/scoring.md):
//  - CSV: a header naming at least trial, channel, label, start, stop; optional `score` and
//    any other numeric columns (e.g. `frequency`); `#` lines are comments; no quoting.
//  - HDF5: group /detections with one 1-D dataset per column (trial int64, channel and label
//    strings, start, stop, score and the others float64); and/or per-sample scores in
//    /scores/<NNNNNN>/<label> (float32 samples × channels; attributes rate, starting_time,
//    channels).
// Every problem is an nmsim::InputError located at file:line:column (CSV) or at the dataset
// and row (HDF5); nothing is scored from a file with an error.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "scoring/detections.hpp"

namespace nmsim::io {

// What detections may refer to: the dataset's scorable trials and each one's channels.
struct DetectionTargets {
  std::map<std::uint64_t, std::vector<std::string>> channels;
};

struct DetectionFile {
  scoring::DetectionTable events;
  std::vector<scoring::SampleScores> scores;
};

// CSV unless the file is HDF5. `targets` (may be null) checks trials and channels.
DetectionFile read_detection_file(const std::filesystem::path& path, const DetectionTargets* targets);

// CSV (`.csv`) or HDF5 (anything else), written atomically; `comment` becomes the CSV's
// first `#` line or the HDF5 root attribute `comment`.
void write_detection_file(const std::filesystem::path& path, const scoring::DetectionTable& table,
                          const std::string& comment);

}  // namespace nmsim::io
