#include "scenario/myoclonus_reader.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/number_text.hpp"
#include "scenario/distribution_reader.hpp"
#include "scenario/generator_fields.hpp"
#include "scenario/protocol_names.hpp"

namespace nmsim::scenario {
namespace {

using config::Node;
using config::Range;
using physiology::MyoclonusGenerator;
using physiology::MyoclonusOrigin;

void read_timing(const Node& n, MyoclonusGenerator& g) {
  const std::string process = n.choice("process", {"poisson", "rhythmic"});
  g.refractory_s = n.real("refractory", "s", generator_range::refractory, g.refractory_s);
  if (process == "poisson") {
    g.process = MyoclonusGenerator::Process::poisson;
    g.rate_hz = n.real("rate", "Hz", Range::open_closed(0.0, 50.0));
    if (1.0 / g.rate_hz <= g.refractory_s)
      n.at("rate").fail("must be below 1/refractory (" + shortest_text(1.0 / g.refractory_s) +
                        " Hz): the mean interval includes the refractory period");
  } else {
    g.process = MyoclonusGenerator::Process::rhythmic;
    g.frequency_hz = n.real("frequency", "Hz", Range::open_closed(0.0, 20.0));
    g.jitter_s = n.real("jitter", "s", Range::closed(0.0, 1.0), 0.0);
  }
  n.finish();
}

std::set<std::string> stimulus_types(const std::vector<physiology::Phase>& protocol) {
  std::set<std::string> out;
  for (const auto& ph : protocol)
    for (const auto& s : ph.stimuli) out.insert(s.second);
  return out;
}

}  // namespace

std::vector<MyoclonusGenerator> read_myoclonus(const Node& block, const OriginPresets& presets,
                                               const physiology::ModelParams& model,
                                               const std::vector<physiology::Phase>& protocol) {
  std::vector<MyoclonusGenerator> out;
  if (!block.is_map() || block.size() == 0) block.fail("must map generator names to generators, e.g. {jerks: {origin: cortical, ...}}");
  std::vector<std::string> names;
  for (const auto& m : model.muscles) names.push_back(m.mechanics.name);
  const auto stimuli = stimulus_types(protocol);
  for (const auto& [name, n] : block.entries()) {
    const std::string origin = n.choice("origin", {"cortical", "subcortical", "propriospinal", "segmental", "negative"});
    static const std::map<std::string, MyoclonusOrigin> kOrigins{
        {"cortical", MyoclonusOrigin::Cortical},           {"subcortical", MyoclonusOrigin::Subcortical},
        {"propriospinal", MyoclonusOrigin::Propriospinal}, {"segmental", MyoclonusOrigin::Segmental},
        {"negative", MyoclonusOrigin::Negative}};
    MyoclonusGenerator g = presets[kOrigins.at(origin)];
    g.name = name;
    if (const auto t = n.find("timing")) read_timing(*t, g);
    if (const auto amp = n.find("amplitude")) g.amplitude = read_distribution(*amp, generator_range::amplitude);
    if (const auto dur = n.find("duration")) g.duration_s = read_distribution(*dur, generator_range::duration, "s");
    g.spread_velocity_m_s = n.real("spread_velocity", "m/s", generator_range::spread_velocity, g.spread_velocity_m_s);
    g.origin_position_m = n.real("origin_position", "m", Range::closed(0.0, 0.6), 0.0);
    g.segment_reach_m = n.real("segment_reach", "m", Range::closed(0.0, 0.6), g.segment_reach_m);
    g.volley_frequency_hz = n.real("volley_frequency", "Hz", generator_range::volley_frequency, g.volley_frequency_hz);
    g.volley_depth = n.real("volley_depth", "1", generator_range::volley_depth, g.volley_depth);
    if (const auto list = n.find("muscles")) {
      read_muscle_shares(*list, names, "the volley", g.muscles, g.weights);
    } else {
      for (std::size_t k = 0; k < names.size(); ++k)
        if (g.origin != MyoclonusOrigin::Segmental ||
            std::abs(model.muscles[k].cord_position_m - g.origin_position_m) <= g.segment_reach_m)
          g.muscles.push_back(k);
      if (g.muscles.empty())
        n.at("origin_position").fail("no muscle's pool lies within segment_reach (" + shortest_text(g.segment_reach_m) +
                                     " m) of this segment; see the muscles' cord_position in the model");
    }
    if (const auto tasks = n.find("tasks")) {
      if (!tasks->is_sequence()) tasks->fail("must be a list of protocol task names (action myoclonus)");
      for (const Node& t : tasks->elements()) {
        g.tasks.push_back(t.as_string());
        check_task_name(t, protocol);
      }
    }
    if (const auto resp = n.find("stimuli")) {
      if (!resp->is_map()) resp->fail("must map stimulus types to {probability, latency}");
      for (const auto& [type, r] : resp->entries()) {
        if (!stimuli.count(type)) {
          std::string known;
          for (const auto& s : stimuli) known += (known.empty() ? "" : ", ") + s;
          r.fail("no protocol phase delivers stimuli of type '" + type + "' (the protocol has: " +
                 (known.empty() ? "none" : known) + ")");
        }
        physiology::StimulusResponse sr;
        sr.stimulus = type;
        sr.probability = r.real("probability", "1", Range::closed(0.0, 1.0), 1.0);
        sr.latency_s = read_distribution(r.at("latency"), Range::closed(0.005, 1.0), "s");
        r.finish();
        g.responses.push_back(std::move(sr));
      }
    }
    if (g.process == MyoclonusGenerator::Process::none && g.responses.empty())
      n.fail("needs a timing process (timing: {process: poisson|rhythmic, ...}) or stimuli to respond to");
    // A switch for dataset classes (e.g. a healthy class turns the generator off); a disabled
    // generator is still validated.
    const bool enabled = read_switch(n, "enabled", true);
    n.finish();
    if (enabled) out.push_back(std::move(g));
  }
  return out;
}

}  // namespace nmsim::scenario
