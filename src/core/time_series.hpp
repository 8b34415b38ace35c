#pragma once
// Uniformly sampled multichannel signal, stored time-major (row = sample, column = channel),
// the layout written to HDF5 as `data` with time as the first dimension.
#include <cstddef>
#include <string>
#include <vector>

namespace nmsim {

struct TimeSeries {
  std::string path;                   // location inside a trial, e.g. "emg" or "kinematics/angle"
  std::string unit;                   // SI unit string, e.g. "V", "rad", "m/s^2"
  std::string description;            // one sentence for the file's readers
  double rate_hz = 0.0;               // sampling rate
  double starting_time_s = 0.0;       // time of the first sample
  std::vector<std::string> channels;  // one name per column
  std::vector<float> data;            // n_samples × channels.size(), row-major

  std::size_t n_channels() const { return channels.size(); }
  std::size_t n_samples() const { return channels.empty() ? 0 : data.size() / channels.size(); }
  float& at(std::size_t sample, std::size_t channel) { return data[sample * channels.size() + channel]; }
  float at(std::size_t sample, std::size_t channel) const { return data[sample * channels.size() + channel]; }
};

}  // namespace nmsim
