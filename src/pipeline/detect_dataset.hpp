#pragma once
// `nmsim detect`: runs a baseline detector (detectors/catalogue.hpp) over every written
// trial of a dataset. The learned baseline is first fitted on the trials of `train_split`.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "scoring/detections.hpp"

namespace nmsim::pipeline {

struct DetectOptions {
  std::string detector;
  std::filesystem::path dataset;
  std::vector<std::pair<std::string, double>> parameters;  // overrides of the detector's defaults
  std::string train_split = "train";
};

struct DetectResult {
  scoring::DetectionTable detections;
  std::string description;  // detector, dataset and parameters in one line (the file's comment)
  std::size_t trials = 0;
};

// Throws nmsim::InputError for an unknown detector or parameter, or a bad dataset.
DetectResult detect_dataset(const DetectOptions& options);

}  // namespace nmsim::pipeline
