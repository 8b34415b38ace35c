#pragma once
// Event-level matching with collars, as in sound-event scoring: a detection can match a
// reference event when its onset lies within `onset_s` of the reference onset and its offset
// within max(`offset_s`, `offset_fraction` × reference length) of the reference offset.
// Among all one-to-one assignments the matcher takes one with the most matches and, among
// those, the smallest total |onset error| + |offset error| (min-cost maximum matching), so the
// result does not depend on the order of the rows.
#include <cstddef>
#include <string>
#include <vector>

#include "scoring/intervals.hpp"

namespace nmsim::scoring {

struct Collars {
  double onset_s = 0.2;
  double offset_s = 0.2;
  double offset_fraction = 0.5;
};
// Defaults by label (docs/scoring.md): 50 ms for brief events (beats, myoclonic bursts, silent
// periods and jerks), 200 ms otherwise; offset tolerance 50 % of the reference length.
Collars default_collars(const std::string& label);

bool within_collars(const Interval& reference, const Interval& detection, const Collars& collars);

struct Match {
  std::size_t reference = 0, detection = 0;  // positions in the two input vectors
};
// `reference` and `detections` sorted by start (sort_by_start). Matches are sorted by reference.
std::vector<Match> match_events(const std::vector<Interval>& reference, const std::vector<Interval>& detections,
                                const Collars& collars);

}  // namespace nmsim::scoring
