#include "engine/count_registry.hpp"

#include <stdexcept>

#include "engine/difficulty.hpp"

namespace nmsim::engine {
namespace {

std::vector<CountSpec>& registry() {
  // Clonus counts are those of the trial's lead muscle (docs/labels.md).
  static std::vector<CountSpec> specs{
      {"clonus_episodes", CountKind::total, "clonus", "episode", "episodes", {}},
      {"clonus_beats", CountKind::total, "clonus", "beat", "beats", {}},
      {"clonus_frequency", CountKind::value, "clonus", "Hz", "Hz", {}},  // of the longest episode
      {"clonus_grade", CountKind::highest, "clonus", "SCATS grade", "SCATS grade", {}},
      {"dystonia_events", CountKind::total, "dystonia", "event", "events", {}},
      {"myoclonic_jerks", CountKind::total, "myoclonus", "jerk", "jerks", {}},
      {"tremor_episodes", CountKind::total, "tremor", "episode", "episodes", {}},
      {"voluntary_rhythms", CountKind::total, "voluntary rhythm", "movement", "movements", {}},
      // Difficulty coordinates (difficulty.hpp): no phenomenon, so the run summary leaves them out.
      {"phenotype_mixture", CountKind::highest, "", "family", "families", phenotype_mixture},
      {"lookalike_frequency", CountKind::value, "", "Hz", "Hz", lookalike_frequency},
      {"clonus_band_distance", CountKind::value, "", "Hz", "Hz", clonus_band_distance},
      {"salience_db:clonus", CountKind::value, "", "dB", "dB", clonus_salience},
      {"snr_db:recording", CountKind::value, "", "dB", "dB", recording_snr_db},
  };
  return specs;
}

}  // namespace

const std::vector<CountSpec>& count_registry() { return registry(); }

const CountSpec* find_count_spec(const std::string& name) {
  for (const auto& s : registry())
    if (s.name == name) return &s;
  return nullptr;
}

void register_count(CountSpec spec) {
  if (find_count_spec(spec.name)) throw std::invalid_argument("count '" + spec.name + "' is registered twice");
  registry().push_back(std::move(spec));
}

Counts empty_counts() {
  Counts out;
  for (const auto& s : registry()) out.push_back({s.name, s.kind, empty_count(s.kind)});
  return out;
}

}  // namespace nmsim::engine
