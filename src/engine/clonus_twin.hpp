#pragma once
// The clonus labels' twin (docs/labels.md, "Clonus", "With tremor, myoclonus or dystonia"): the
// same trial integrated again without what drives the limb from outside the segmental stretch
// reflex, so that the rule can ask whether the loop oscillates on its own.
//   - Tremor generators, rhythms and myoclonus generators are left out: a tremor or a train of
//     jerks moves the joint, and the stretch reflexes answer every cycle or jerk.
//   - With a supraspinal loop, the pools receive the slow part of the trial's own cortical drive
//     (Gaussian-smoothed, σ = kSlowCorticalSigmaS) instead of the loop's: a dystonic drive's
//     co-contraction and postures set the operating point and are kept, while its fast
//     fluctuations and the transcortical loop's answers (dystonic tremor at 4-7 Hz) are not.
// Where the twin's loop is in a clonus episode, the trial's beats are clonus; elsewhere they are
// answers to those drives.
#include <vector>

#include "engine/label_context.hpp"
#include "physiology/trial_inputs.hpp"

namespace nmsim::engine {

// The smoothing of the cortical drive: 0.15 s passes 6 % of a 2.5 Hz rhythm (the clonus band's
// lower edge) and 0.08 % at 4 Hz, and keeps what lasts half a second or more.
inline constexpr double kSlowCorticalSigmaS = 0.15;

// Whether the trial has drives whose reflex answers the clonus rule must tell from clonus.
bool needs_clonus_twin(const LabelContext& c);

// Per muscle, the cortical drive the trial's pools received (descending minus segmental drive),
// Gaussian-smoothed with σ = sigma_s, at the kinematics rate.
physiology::PrescribedDrive slow_cortical_drive(const LabelContext& c, double sigma_s = kSlowCorticalSigmaS);

// Per muscle, the twin's reflex drive (same model, protocol, resting start, thalamic noise and
// solver; no generators; the slow cortical drive), at the kinematics rate. Costs one more
// integration of the trial.
std::vector<std::vector<double>> twin_reflex_drive(const LabelContext& c);

}  // namespace nmsim::engine
