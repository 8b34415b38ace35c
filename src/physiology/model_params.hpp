#pragma once
// Plain SI parameters of a neuromuscular model, as assembled from models/*.yaml plus a
// scenario's overrides. Validation happens when the YAML is read; these are trusted here.
#include <string>
#include <vector>

#include "physiology/joint.hpp"
#include "physiology/musculotendon.hpp"
#include "physiology/spinal_circuit.hpp"
#include "physiology/spindle.hpp"
#include "physiology/supraspinal_loop.hpp"

namespace nmsim::physiology {

struct MuscleSpec {
  MuscleParams mechanics;
  SpindleParams spindle;
  MotoneuronPoolParams motoneuron;
  ReflexParams reflex;
  double cord_position_m = 0.0;  // motoneuron pool's distance below the obex (myoclonus spread); < 0 in the brainstem
};

struct ModelParams {
  std::string name;
  JointParams joint;
  HillCurves curves;
  std::vector<MuscleSpec> muscles;
  SpinalParams spinal;
  SupraspinalParams supraspinal;  // enabled = false: descending drive comes from the protocol alone
};

// Musculotendon length at θ = 0 that puts the fibre at `fibre_length_norm` optimal lengths.
double mt_length_for_fibre(const MuscleParams& m, double fibre_length_norm);

}  // namespace nmsim::physiology
