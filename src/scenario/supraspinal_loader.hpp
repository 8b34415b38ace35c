#pragma once
// Reads a model's optional `supraspinal:` block (cortex, basal ganglia, thalamus and the
// dystonia mechanisms; see docs/model.md) against the model's muscle names.
#include <optional>
#include <string>
#include <vector>

#include "physiology/supraspinal_loop.hpp"
#include "scenario/config_reader.hpp"

namespace nmsim::scenario {

physiology::SupraspinalParams read_supraspinal(const std::optional<config::Node>& block,
                                               const std::vector<std::string>& muscles);

}  // namespace nmsim::scenario
