#pragma once
// What a trial came from (resolved scenario and model text, seed, paths, version), for the
// file's /provenance and for the engine's callers.
#include <string>

#include "core/trial_record.hpp"
#include "scenario/scenario.hpp"

namespace nmsim::engine {

Provenance provenance_of(const scenario::Scenario& s, const std::string& command_line);

}  // namespace nmsim::engine
