#include "physiology/spinal_circuit.hpp"

#include <algorithm>

#include "physiology/rate_unit.hpp"

namespace nmsim::physiology {

double motoneuron_output(const MotoneuronPoolParams& p, double input) {
  return std::min(1.0, p.gain * softplus_scaled(input - p.threshold, p.recruitment_sharpness));
}

}  // namespace nmsim::physiology
