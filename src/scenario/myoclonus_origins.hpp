#pragma once
// The defaults a myoclonus generator takes from its origin (duration, amplitude, refractory
// period, spread velocity, cortical volley modulation), read from models/myoclonus_origins.yaml
// where each carries its unit and source. The ranges here are also the ones a scenario's own
// values must meet (myoclonus_reader.cpp), so a preset can never be one a scenario could not write.
#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "physiology/myoclonus.hpp"
#include "scenario/config_reader.hpp"

namespace nmsim::scenario {

inline constexpr const char* kMyoclonusOriginsFile = "myoclonus_origins.yaml";

namespace generator_range {
inline const config::Range amplitude = config::Range::open_closed(0.0, 2.0);  // pool input
inline const config::Range duration = config::Range::closed(0.005, 2.0);      // s
inline const config::Range refractory = config::Range::closed(0.0, 10.0);     // s
inline const config::Range spread_velocity = config::Range::closed(0.5, 120.0);  // m/s
inline const config::Range volley_frequency = config::Range::closed(0.0, 500.0);  // Hz
inline const config::Range volley_depth = config::Range::closed(0.0, 1.0);
}  // namespace generator_range

class OriginPresets {
 public:
  // `root`: the file's top-level map, one entry per origin, each holding every preset key as
  // {value, unit, source}. InputError (file:line:column, key) for anything missing or wrong.
  explicit OriginPresets(const config::Node& root);
  // A generator of origin `o` with that origin's defaults and nothing else set.
  const physiology::MyoclonusGenerator& operator[](physiology::MyoclonusOrigin o) const;

 private:
  std::array<physiology::MyoclonusGenerator, 5> by_origin_;
};

}  // namespace nmsim::scenario
