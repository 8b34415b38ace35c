#pragma once
// What every baseline detector sees of a trial (in memory, no files) and its named
// parameters. Each detector documents its defaults with unit and source in docs/scoring.md.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/time_series.hpp"
#include "scoring/detections.hpp"

namespace nmsim::detectors {

struct TrialInput {
  std::uint64_t trial = 0;
  const TimeSeries* emg = nullptr;  // samples × muscles, volts
  // Per EMG channel: the sign of the muscle's moment arm (+1 / -1; 0 unknown), which says
  // which muscles are antagonists.
  std::vector<int> moment_sign;
  double rest_stop_s = 0.0;  // end of the first rest phase (0: unknown; the first 0.5 s is used)
};

// Named numeric parameters: `set` replaces known ones and throws std::invalid_argument
// naming the valid names for an unknown one.
class Parameters {
 public:
  Parameters(std::initializer_list<std::pair<const std::string, double>> defaults) : values_(defaults) {}
  double operator[](const std::string& name) const;
  void set(const std::string& name, double value);
  void define(const std::string& name, double value) { values_[name] = value; }  // adds a parameter
  const std::map<std::string, double>& all() const { return values_; }

 private:
  std::map<std::string, double> values_;
};

}  // namespace nmsim::detectors
