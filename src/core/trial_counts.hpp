#pragma once
// A trial's named counts (clonus beats, dystonic events, myoclonic jerks, …) as an ordered list
// that every layer above the labellers carries without knowing what the counts mean: the resume
// part, /index (one column each, in this order), merge and the run summary.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace nmsim {

// How a count is typed in /index and combined over trials. Part of the resume-part format:
// never renumber, only append.
enum class CountKind : std::uint8_t {
  total = 0,    // an integer summed over trials (beats, events)
  highest = 1,  // an integer whose highest value over trials is reported (a grade)
  value = 2,    // a real per-trial value, NaN when it does not apply (a frequency)
};
inline bool integer_count(CountKind k) { return k != CountKind::value; }
// What a count is before its labeller ran (a failed trial): 0, or NaN for a value.
inline double empty_count(CountKind k) { return integer_count(k) ? 0.0 : NAN; }

struct Count {
  std::string name;  // its /index column
  CountKind kind = CountKind::total;
  double value = 0.0;  // integral for total and highest
};
using Counts = std::vector<Count>;

inline const Count* find_count(const Counts& counts, const std::string& name) {
  for (const auto& c : counts)
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace nmsim
