#pragma once
// Every time series a trial can hold, declared once: its path in the trial, unit, description
// (written as the series' attribute), sampling rate and channels. run_trial names series only
// through this table, and a test holds the series table of docs/format.md to it.
#include <string_view>
#include <vector>

namespace nmsim::engine {

enum class SampledAt { EmgRate, KinematicsRate };

struct Observable {
  std::string_view path;         // "internals/supraspinal/<unit>": one series per loop unit
  std::string_view unit;         // SI, "1" for dimensionless
  std::string_view description;  // one sentence, the HDF5 `description` attribute
  SampledAt rate;
  std::string_view channels;     // as docs/format.md names them: muscles, joint, ...
};

const std::vector<Observable>& observables();
// The entry of `path` (a loop unit's series under its "<unit>" pattern); std::logic_error if
// the path was never declared.
const Observable& observable(std::string_view path);

}  // namespace nmsim::engine
