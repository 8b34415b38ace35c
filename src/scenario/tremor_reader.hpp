#pragma once
// Reads a scenario's `tremor:` block, a map of named tremor generators, and the protocol
// phases' `rhythm:` (docs/model.md, "Tremor look-alikes"). Missing keys take the kind's
// defaults (tremor_kinds.hpp).
#include <vector>

#include "physiology/model_params.hpp"
#include "physiology/protocol.hpp"
#include "physiology/tremor.hpp"
#include "scenario/config_reader.hpp"
#include "scenario/tremor_kinds.hpp"

namespace nmsim::scenario {

std::vector<physiology::TremorGenerator> read_tremor(const config::Node& block, const TremorKinds& kinds,
                                                     const physiology::ModelParams& model,
                                                     const std::vector<physiology::Phase>& protocol);

// The rhythmic voluntary movements the protocol's phases ask for (`rhythm: {rate, ...}`), each
// a generator of kind voluntary active in its own phase only. A rhythm with `enabled: false`
// (a dataset class switches it on) is checked but makes no generator, and its phase in
// `protocol` is then not rhythmic.
std::vector<physiology::TremorGenerator> read_rhythms(const config::Node& protocol_list, const TremorKinds& kinds,
                                                      const physiology::ModelParams& model,
                                                      std::vector<physiology::Phase>& protocol);

}  // namespace nmsim::scenario
