#pragma once
// Segmental stretch-reflex circuit: Ia afferents → α-motoneuron pools, with reciprocal Ia
// inhibition of antagonists, descending drive as an input and a transmission delay on
// every pathway.
//
// Net input to pool i (dimensionless excitation units):
//   I_i(t) = d_i(t) + Σ_j [ w⁰_ij r0_j + w_ij (r_j(t − τ_ij) − r0_j) ]
//   w_ii = G w_h,i            homonymous Ia (monosynaptic)
//   w_ij = G h w_h,i          heteronymous Ia from synergists (same moment-arm sign)
//   w_ij = −R w_RI            disynaptic reciprocal inhibition from antagonists
// where w⁰_ij is the same weight at G = R = 1 and r0_j the resting Ia discharge: the gains scale
// what stretch adds to (or takes from) the resting discharge, not the background the resting
// discharge gives every pool. So a changed gain leaves the relaxed limb at rest exactly as it
// is at normal gain (hyperreflexia and reduced reciprocal inhibition show when the muscle is
// stretched or its antagonist moves, not as tone at rest).
// Pool output (rate model, normalised to [0, 1]):
//   τ_mn u_i' = min(1, g_i · ln(1 + e^{β(I_i − θ_i)})/β) − u_i
// a smoothed rectifier of slope g above threshold: recruitment across a pool is graded
// rather than all-or-none (its threshold region is ~1/β wide in input units), and the smooth
// slope keeps the loop linearisable at any operating point.
// G (reflex gain), θ_i (motoneuron threshold) and τ_ij (delays) are the teaching knobs: the
// loop is open while the pool is below threshold and closes with slope G·g once it fires.
#include <string>
#include <vector>

namespace nmsim::physiology {

struct MotoneuronPoolParams {
  double threshold = 1.0;          // θ: net input at which the pool starts to fire
  double gain = 1.0;               // g: slope of excitation per unit input above threshold
  double time_constant_s = 0.005;  // τ_mn: pool membrane/recruitment lag
  double tonic_drive = 0.0;        // constant descending background input
  double recruitment_sharpness = 50.0;  // β (1/input unit): the threshold region is ~1/β wide
};

struct ReflexParams {
  double delay_s = 0.040;                  // stretch → motoneuron output latency of this muscle's loop
  double homonymous_weight_per_hz = 0.01;  // w_h: input per imp/s of its own Ia afferents
};

struct SpinalParams {
  double reflex_gain = 1.0;              // G, multiplies all excitatory Ia pathways (1 = normal)
  double heteronymous_fraction = 0.3;    // h
  double reciprocal_weight_per_hz = 0.0; // w_RI
  double reciprocal_gain = 1.0;          // R (1 = normal; reduced in dystonia)
  double reciprocal_extra_delay_s = 0.001;  // one more synapse (Ia inhibitory interneuron)
  // r0 per muscle (imp/s): the resting discharge the gains do not scale, its Ia rate in the
  // limb's resting state at normal gains (analysis::with_resting_discharge sets it). Empty: the
  // rate at the passive resting posture (no muscle active), which is the same when no pool
  // fires at rest.
  std::vector<double> resting_rates_hz;
};

// One resolved synaptic pathway from muscle `from`'s Ia afferents to muscle `to`'s pool.
struct Pathway {
  int from = 0;
  int to = 0;
  double weight = 0.0;  // signed, gains included
  double offset = 0.0;  // (w⁰ − w) r0: keeps the resting discharge's effect at its normal value
  double delay_s = 0.0;
  int delay_slot = 0;   // index into the model's list of distinct delays
  bool inhibitory = false;
};

double motoneuron_output(const MotoneuronPoolParams& p, double input);

}  // namespace nmsim::physiology
