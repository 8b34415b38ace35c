#pragma once
// Names in a scenario that refer to its protocol must name something in it: a typo such as
// `tasks: [writting]` would otherwise silently gate a mechanism off in every phase.
#include <vector>

#include "physiology/protocol.hpp"
#include "scenario/config_reader.hpp"

namespace nmsim::scenario {

// InputError at `name` unless some phase of `protocol` has that task (its `task:`, or else its
// name); the message lists the protocol's tasks.
void check_task_name(const config::Node& name, const std::vector<physiology::Phase>& protocol);

}  // namespace nmsim::scenario
