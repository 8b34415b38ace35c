#pragma once
// The defaults a tremor generator takes from its kind (frequency and its wander, amplitude and
// its modulation, burst shape, broadband drive, ramps, onset latency, pattern, activity), read
// from models/tremor_kinds.yaml where each carries its unit and source, with the frequency band
// a scenario's own `frequency` must stay in. The ranges here are also the ones a scenario's
// values must meet (tremor_reader.cpp), so a preset can never be one a scenario could not write.
#include <array>
#include <utility>

#include "physiology/tremor.hpp"
#include "scenario/config_reader.hpp"

namespace nmsim::scenario {

inline constexpr const char* kTremorKindsFile = "tremor_kinds.yaml";

namespace tremor_range {
inline const config::Range frequency = config::Range::closed(1.0, 25.0);           // Hz
inline const config::Range frequency_sd = config::Range::closed(0.0, 3.0);         // Hz
inline const config::Range correlation = config::Range::closed(0.05, 60.0);        // s
inline const config::Range amplitude = config::Range::closed(0.0, 1.0);            // pool input
inline const config::Range amplitude_cv = config::Range::closed(0.0, 2.0);
inline const config::Range sharpness = config::Range::closed(0.5, 8.0);
inline const config::Range broadband = config::Range::closed(0.0, 0.5);            // pool input
inline const config::Range broadband_correlation = config::Range::closed(0.001, 0.1);  // s
inline const config::Range ramp = config::Range::closed(0.0, 10.0);                // s
inline const config::Range onset_latency = config::Range::closed(0.0, 120.0);      // s
}  // namespace tremor_range

struct TremorKindPreset {
  physiology::TremorGenerator generator;  // the kind's defaults, no muscles
  std::pair<double, double> band_hz;      // where its frequency must lie
};

class TremorKinds {
 public:
  // `root`: the file's top-level map, one entry per kind, each holding every preset key as
  // {value, unit, source}. InputError (file:line:column, key) for anything missing or wrong.
  explicit TremorKinds(const config::Node& root);
  const TremorKindPreset& operator[](physiology::TremorKind k) const { return by_kind_[static_cast<std::size_t>(k)]; }

 private:
  std::array<TremorKindPreset, 4> by_kind_;
};

// "rest", "action" or "always" as an activity; "synchronous" or "alternating" as a pattern
// (true: alternating). InputError at `n` otherwise.
physiology::TremorActivity read_activity(const config::Node& n);
bool read_pattern(const config::Node& n);

}  // namespace nmsim::scenario
