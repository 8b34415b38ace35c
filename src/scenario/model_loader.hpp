#pragma once
// Reads a model definition (models/*.yaml, possibly with a scenario's `parameters:` merged
// in) into plain SI parameter structs. Every value is range-checked and every map is
// checked for unknown keys; see docs/model.md for the meaning of each key.
#include <vector>

#include "physiology/model_params.hpp"
#include "scenario/config_reader.hpp"
#include "signals/motor_unit_pool.hpp"

namespace nmsim::scenario {

struct ModelDefinition {
  physiology::ModelParams physiology;
  std::vector<signals::MotorUnitPoolParams> motor_units;  // one per muscle, same order
};

ModelDefinition read_model(const config::Node& root);

}  // namespace nmsim::scenario
