#include "engine/scenario_stability.hpp"

#include "core/error.hpp"

namespace nmsim::engine {

analysis::StabilityReport scenario_stability(const scenario::Scenario& s, const std::string& phase,
                                             const std::string& phase_key) {
  std::string phases;
  for (const auto& p : s.protocol) phases += (phases.empty() ? "" : ", ") + p.name;
  std::size_t index = analysis::default_stability_phase(s.protocol);
  if (!phase.empty()) {
    index = s.protocol.size();
    for (std::size_t i = 0; i < s.protocol.size(); ++i)
      if (s.protocol[i].name == phase) index = i;
    if (index == s.protocol.size())
      throw InputError({s.scenario_path.string()}, phase_key,
                       "no protocol phase named '" + phase + "' (the protocol has: " + phases + ")");
  }
  try {
    return analysis::analyse_stability(s.model.physiology, s.protocol, index);
  } catch (const NumericalError& e) {
    throw InputError({s.scenario_path.string()}, phase_key,
                     "cannot analyse phase '" + s.protocol[index].name + "': the linearisation needs a resting posture "
                     "under the phase's inputs, and " + e.what() + "; choose another phase with " + phase_key +
                         " (the protocol has: " + phases + ")");
  }
}

std::string left_out_of_stability(const scenario::Scenario& s) {
  std::string out;
  const auto add = [&](const char* what) { out += (out.empty() ? "" : ", ") + std::string(what); };
  // The supraspinal loop is linearised with the rest of the model, about its mean.
  if (s.model.physiology.supraspinal.enabled) add("thalamic fluctuations");
  if (!s.tremor.empty()) add("tremor generators");
  if (!s.myoclonus.empty()) add("myoclonus");
  return out;
}

}  // namespace nmsim::engine
