// The engine's JavaScript API for the teaching lab and tests/web (docs/lab.md), via embind. A
// scenario is named as in scenarios/ (embedded at /scenarios, its model at /models) and changed
// with "path=value" overrides, exactly as `nmsim run NAME.yaml --set path=value` would.
//
// Bad input and failed integrations come back as {error, kind}, never as an abort: a student's
// slider must not kill the page.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "analysis/stability.hpp"
#include "core/error.hpp"
#include "engine/engine.hpp"
#include "engine/scenario_stability.hpp"
#include "trial_to_js.hpp"

namespace nmsim::web {
namespace {

using emscripten::val;

engine::Simulation load(const std::string& name, const val& sets) {
  return engine::Simulation::from_file("/scenarios/" + name + ".yaml", {"/models"},
                                       emscripten::vecFromJSArray<std::string>(sets));
}

template <class Work>
val guarded(Work&& work) {
  const auto failure = [](const char* kind, const std::exception& e) {
    val out = val::object();
    out.set("error", std::string(e.what()));
    out.set("kind", std::string(kind));
    return out;
  };
  try {
    return work();
  } catch (const InputError& e) {
    return failure("input", e);
  } catch (const NumericalError& e) {
    return failure("numerical", e);
  } catch (const std::exception& e) {
    return failure("internal", e);
  }
}

// Trial 0 of the scenario; `seed` < 0 keeps the scenario's own seed.
val run_trial(const std::string& name, const val& sets, double seed) {
  return guarded([&] {
    const engine::Simulation sim = load(name, sets);
    return trial_to_js(seed < 0 ? sim.run(0) : sim.run(0, static_cast<std::uint64_t>(seed)));
  });
}

// The full linear analysis of the default phase (as `nmsim stability`).
val stability(const std::string& name, const val& sets) {
  return guarded([&] {
    const engine::Simulation sim = load(name, sets);
    const auto& s = sim.scenario();
    return stability_to_js(engine::scenario_stability(s, "", "phase"), engine::left_out_of_stability(s));
  });
}

// Only the critical gain and its frequency (fast enough for a boundary of many points).
val critical_gain(const std::string& name, const val& sets) {
  return guarded([&] {
    const engine::Simulation sim = load(name, sets);
    const auto& s = sim.scenario();
    const auto report = analysis::critical_gain(s.model.physiology, s.protocol, analysis::default_stability_phase(s.protocol));
    return stability_to_js(report, engine::left_out_of_stability(s));
  });
}

// What the page needs to label its controls: name, description, duration, muscles, phases.
val describe(const std::string& name) {
  return guarded([&] {
    const engine::Simulation sim = load(name, val::array());
    const auto& s = sim.scenario();
    val out = val::object();
    out.set("name", s.name);
    out.set("description", s.description);
    out.set("duration", s.duration_s());
    val muscles = val::array();
    for (const auto& m : s.model.physiology.muscles) muscles.call<void>("push", m.mechanics.name);
    out.set("muscles", muscles);
    val phases = val::array();
    for (const auto& p : s.protocol) phases.call<void>("push", p.name);
    out.set("phases", phases);
    return out;
  });
}

}  // namespace
}  // namespace nmsim::web

EMSCRIPTEN_BINDINGS(nmsim_engine) {
  emscripten::function("runTrial", &nmsim::web::run_trial);
  emscripten::function("stability", &nmsim::web::stability);
  emscripten::function("criticalGain", &nmsim::web::critical_gain);
  emscripten::function("describe", &nmsim::web::describe);
}
