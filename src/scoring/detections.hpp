#pragma once
// What a detector claims, in memory: one row per detected event (trial, channel or `any`,
// label, start, stop, optional score and optional numeric columns such as `frequency`), or
// per-sample scores of one label. The file forms (CSV, HDF5) are read by io/detection_file.hpp.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace nmsim::scoring {

// Channel name of a detection that is not tied to one channel: it is scored against the union
// of the truth over all channels (docs/scoring.md).
inline constexpr const char* kAnyChannel = "any";

struct DetectionTable {
  std::vector<std::uint64_t> trial;
  std::vector<std::string> channel;
  std::vector<std::string> label;
  std::vector<double> start, stop;                   // s, on the dataset's time axis
  std::vector<double> score;                         // NaN: no score
  std::map<std::string, std::vector<double>> values;  // extra numeric columns, NaN = missing

  std::size_t size() const { return trial.size(); }
  bool has_scores() const;  // any row has a score
  // Appends a row; returns its index. Extra columns get NaN in this row until set.
  std::size_t add(std::uint64_t trial_index, std::string channel_name, std::string label_name, double start_s,
                  double stop_s, double score_value = NAN);
  void set_value(std::size_t row, const std::string& column, double value);
  void append(const DetectionTable& other);
};

// Per-sample scores of one label in one trial (e.g. a classifier's probability per sample):
// data is samples × channels, row-major, on the grid starting_time + i / rate.
struct SampleScores {
  std::uint64_t trial = 0;
  std::string label;
  double rate_hz = 0.0;
  double starting_time_s = 0.0;
  std::vector<std::string> channels;  // channel names, or {"any"}
  std::vector<float> data;
  std::size_t n_samples() const { return channels.empty() ? 0 : data.size() / channels.size(); }
};

// Detections from per-sample scores: each run of samples with score >= threshold becomes one
// event [first sample, last sample + 1/rate) whose score is the run's largest score.
DetectionTable detections_from_scores(const SampleScores& scores, double threshold);

}  // namespace nmsim::scoring
