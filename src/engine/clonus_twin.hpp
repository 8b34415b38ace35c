#pragma once
// The clonus labels' generator-free twin (docs/labels.md, "Clonus", "With tremor or
// myoclonus"): the same trial integrated again without its tremor generators, rhythms and
// myoclonus generators. A tremor or a train of jerks moves the joint, and the stretch reflexes
// answer every cycle or jerk; those answers are beats of the reflex drive but not clonus, which
// is the loop oscillating on its own. Where the twin's loop is in a clonus episode, the trial's
// beats are clonus; elsewhere they are the generators'.
#include <vector>

#include "engine/label_context.hpp"

namespace nmsim::engine {

// Whether the trial has inputs whose reflex answers the clonus rule must tell from clonus.
inline bool needs_clonus_twin(const physiology::TrialInputs& in) { return !in.tremor.empty() || !in.myoclonus.empty(); }

// Per muscle, the reflex drive of the trial without `c.inputs`' tremor and myoclonus (same
// model, protocol, resting start, thalamic noise and solver), at the kinematics rate. Costs one
// more integration of the trial.
std::vector<std::vector<double>> reflex_drive_without_generators(const LabelContext& c);

}  // namespace nmsim::engine
