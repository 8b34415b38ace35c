#pragma once
// The baseline detectors by name, for `nmsim detect NAME` and the bindings.
#include <string>
#include <vector>

#include "detectors/detector.hpp"

namespace nmsim::detectors {

struct DetectorInfo {
  std::string name;
  std::string summary;  // one line: method and source
  std::string emits;    // labels written
  Parameters (*defaults)();
  // Null for the learned baseline, which needs a training pass (pipeline/detect_dataset.hpp).
  scoring::DetectionTable (*run)(const TrialInput&, const Parameters&);
};

const std::vector<DetectorInfo>& detector_catalogue();
const DetectorInfo* find_detector(const std::string& name);  // nullptr if unknown
std::string detector_names();                                 // "a, b, c"

}  // namespace nmsim::detectors
