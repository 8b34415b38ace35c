#pragma once
// Reads a scenario's `myoclonus:` block: a map of named generators (docs/model.md,
// "Myoclonus"). Missing keys take the origin's defaults (myoclonus_origins.hpp).
#include <string>
#include <vector>

#include "physiology/model_params.hpp"
#include "physiology/myoclonus.hpp"
#include "physiology/protocol.hpp"
#include "scenario/config_reader.hpp"
#include "scenario/myoclonus_origins.hpp"

namespace nmsim::scenario {

std::vector<physiology::MyoclonusGenerator> read_myoclonus(const config::Node& block, const OriginPresets& presets,
                                                           const physiology::ModelParams& model,
                                                           const std::vector<physiology::Phase>& protocol);

}  // namespace nmsim::scenario
