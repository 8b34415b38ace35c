#include "physiology/spinal_circuit.hpp"

#include <algorithm>
#include <cmath>

namespace nmsim::physiology {

double motoneuron_output(const MotoneuronPoolParams& p, double input) {
  const double z = p.recruitment_sharpness * (input - p.threshold);
  // ln(1 + e^z): exactly z or e^z to double precision in the tails (and no overflow).
  const double softplus = z > 37.0 ? z : (z < -37.0 ? std::exp(z) : std::log1p(std::exp(z)));
  return std::min(1.0, p.gain * softplus / p.recruitment_sharpness);
}

}  // namespace nmsim::physiology
