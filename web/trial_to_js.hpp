#pragma once
// One trial and one stability report as plain JavaScript objects (the shapes web/site/lab.js and
// tests/web read; docs/lab.md lists them). Arrays are copied into JavaScript-owned typed arrays,
// so nothing refers to the engine's memory after the call returns.
#include <emscripten/val.h>

#include <string>

#include "analysis/stability.hpp"
#include "engine/engine.hpp"

namespace nmsim::web {

// {index, duration, series: {path: {unit, rate, startingTime, channels, data: Float32Array
// (samples x channels, row-major)}}, labels: {rate, channels, bitNames, data: Uint16Array},
// events: [{label, channel, start, stop, parent, <real and integer columns>}], counts: {name: value},
// phases: [{name, start, stop}], seed}
emscripten::val trial_to_js(const engine::Trial& trial);

// {phase, reflexGain, stable, criticalFound, criticalGain, criticalFrequency, rightmostReal,
// rightmostFrequency, leftOut}; NaN where a figure does not exist.
emscripten::val stability_to_js(const analysis::StabilityReport& report, const std::string& left_out);

}  // namespace nmsim::web
