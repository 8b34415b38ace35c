#include "physiology/model_params.hpp"

#include <cmath>

#include "core/error.hpp"

namespace nmsim::physiology {

double mt_length_for_fibre(const MuscleParams& m, double fibre_length_norm) {
  const double l_f = fibre_length_norm * m.optimal_fibre_length_m;
  const double h = m.optimal_fibre_length_m * std::sin(m.pennation_at_optimal_rad);
  NMSIM_CHECK(l_f > h, "fibre shorter than its pennated width");
  return m.tendon_slack_length_m + std::sqrt(l_f * l_f - h * h);
}

}  // namespace nmsim::physiology
