#pragma once
// Reads a scenario's `myoclonus:` block: a map of named generators (docs/model.md,
// "Myoclonus"). Missing keys take the origin's literature defaults.
#include <optional>
#include <string>
#include <vector>

#include "physiology/model_params.hpp"
#include "physiology/myoclonus.hpp"
#include "physiology/protocol.hpp"
#include "scenario/config_reader.hpp"

namespace nmsim::scenario {

std::vector<physiology::MyoclonusGenerator> read_myoclonus(const std::optional<config::Node>& block,
                                                           const physiology::ModelParams& model,
                                                           const std::vector<physiology::Phase>& protocol);

}  // namespace nmsim::scenario
