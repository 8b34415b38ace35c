#include "scenario/tremor_reader.hpp"

#include <string>

#include <map>

#include "core/number_text.hpp"
#include "scenario/distribution_reader.hpp"
#include "scenario/generator_fields.hpp"
#include "scenario/protocol_names.hpp"

namespace nmsim::scenario {
namespace {

using config::Node;
using config::Range;
using physiology::TremorGenerator;
using physiology::TremorKind;

// `muscles:` (default: all of the model's), and which side of the joint each pulls, against
// the first listed; an alternating pattern needs both sides.
void read_muscles_and_sides(const Node& n, const physiology::ModelParams& model, TremorGenerator& g) {
  std::vector<std::string> names;
  for (const auto& m : model.muscles) names.push_back(m.mechanics.name);
  if (const auto list = n.find("muscles")) {
    read_muscle_shares(*list, names, "the drive", g.muscles, g.weights);
  } else {
    for (std::size_t k = 0; k < names.size(); ++k) g.muscles.push_back(k);
  }
  const double first = model.muscles[g.muscles.front()].mechanics.moment_arm_m;
  bool both_sides = false;
  for (const std::size_t k : g.muscles) {
    g.opposed.push_back((model.muscles[k].mechanics.moment_arm_m > 0.0) != (first > 0.0));
    both_sides = both_sides || g.opposed.back();
  }
  if (g.alternating && !both_sides)
    (n.has("muscles") ? n.at("muscles") : n).fail("an alternating pattern needs muscles on both sides of the joint (flexors and extensors)");
}

void check_band(const Node& n, const std::string& key, const TremorKindPreset& preset, double f, const std::string& what) {
  const auto [lo, hi] = preset.band_hz;
  if (f < lo || f > hi)
    n.at(key).fail("must lie in the " + what + " band [" + shortest_text(lo) + ", " + shortest_text(hi) +
                   "] Hz (models/tremor_kinds.yaml), or the label would misname it");
}

}  // namespace

std::vector<TremorGenerator> read_tremor(const Node& block, const TremorKinds& kinds, const physiology::ModelParams& model,
                                         const std::vector<physiology::Phase>& protocol) {
  std::vector<TremorGenerator> out;
  if (!block.is_map() || block.size() == 0) block.fail("must map generator names to generators, e.g. {hand: {kind: essential, ...}}");
  static const std::map<std::string, TremorKind> kKinds{
      {"physiological", TremorKind::Physiological}, {"essential", TremorKind::Essential}, {"parkinsonian", TremorKind::Parkinsonian}};
  for (const auto& [name, n] : block.entries()) {
    const TremorKindPreset& preset = kinds[kKinds.at(n.choice("kind", {"physiological", "essential", "parkinsonian"}))];
    TremorGenerator g = preset.generator;
    g.name = name;
    g.frequency_hz = n.real("frequency", "Hz", tremor_range::frequency, g.frequency_hz);
    if (n.has("frequency")) check_band(n, "frequency", preset, g.frequency_hz, std::string(physiology::tremor_kind_name(g.kind)) + " tremor");
    g.frequency_sd_hz = n.real("frequency_sd", "Hz", tremor_range::frequency_sd, g.frequency_sd_hz);
    g.frequency_correlation_s = n.real("frequency_correlation", "s", tremor_range::correlation, g.frequency_correlation_s);
    g.amplitude = n.real("amplitude", "1", tremor_range::amplitude, g.amplitude);
    g.amplitude_cv = n.real("amplitude_cv", "1", tremor_range::amplitude_cv, g.amplitude_cv);
    g.amplitude_correlation_s = n.real("amplitude_correlation", "s", tremor_range::correlation, g.amplitude_correlation_s);
    g.sharpness = n.real("sharpness", "1", tremor_range::sharpness, g.sharpness);
    g.broadband_sd = n.real("broadband", "1", tremor_range::broadband, g.broadband_sd);
    g.broadband_correlation_s = n.real("broadband_correlation", "s", tremor_range::broadband_correlation, g.broadband_correlation_s);
    g.ramp_s = n.real("ramp", "s", tremor_range::ramp, g.ramp_s);
    if (const auto l = n.find("onset_latency")) g.onset_latency_s = read_distribution(*l, tremor_range::onset_latency, "s");
    if (g.amplitude == 0.0 && g.broadband_sd == 0.0) n.fail("has neither an oscillation (amplitude) nor broadband drive: it would make no tremor");
    if (const auto p = n.find("pattern")) g.alternating = read_pattern(*p);
    const auto active_in = n.find("active_in");
    const auto tasks = n.find("tasks");
    if (active_in && tasks) tasks->fail("give either active_in (rest, action, always) or tasks, not both");
    if (active_in) g.active_in = read_activity(*active_in);
    if (tasks) {
      if (!tasks->is_sequence() || tasks->size() == 0) tasks->fail("must be a list of protocol task names");
      g.active_in = physiology::TremorActivity::Tasks;
      for (const Node& t : tasks->elements()) {
        g.tasks.push_back(t.as_string());
        check_task_name(t, protocol);
      }
    }
    read_muscles_and_sides(n, model, g);
    const bool enabled = read_switch(n, "enabled", true);
    n.finish();
    if (enabled) out.push_back(std::move(g));
  }
  return out;
}

std::vector<TremorGenerator> read_rhythms(const Node& protocol_list, const TremorKinds& kinds,
                                          const physiology::ModelParams& model, std::vector<physiology::Phase>& protocol) {
  std::vector<TremorGenerator> out;
  const std::vector<Node> phases = protocol_list.elements();
  for (std::size_t i = 0; i < phases.size(); ++i) {
    const auto n = phases[i].find("rhythm");
    if (!n) continue;
    if (!n->is_map()) n->fail("must be {rate: Hz[, rate_sd, amplitude, muscles, pattern, enabled]}");
    const TremorKindPreset& preset = kinds[TremorKind::Voluntary];
    TremorGenerator g = preset.generator;
    g.name = "protocol[" + std::to_string(i) + "].rhythm";
    g.active_in = physiology::TremorActivity::Phases;
    g.phases = {i};
    g.frequency_hz = n->real("rate", "Hz", tremor_range::frequency);
    check_band(*n, "rate", preset, g.frequency_hz, "voluntary rhythmic movement");
    g.frequency_sd_hz = n->real("rate_sd", "Hz", tremor_range::frequency_sd, g.frequency_sd_hz);
    g.amplitude = n->real("amplitude", "1", Range::open_closed(0.0, 1.0), g.amplitude);
    if (const auto p = n->find("pattern")) g.alternating = read_pattern(*p);
    read_muscles_and_sides(*n, model, g);
    const bool enabled = read_switch(*n, "enabled", true);
    n->finish();
    if (enabled)
      out.push_back(std::move(g));
    else
      protocol[i].rhythmic = false;
  }
  return out;
}

}  // namespace nmsim::scenario
