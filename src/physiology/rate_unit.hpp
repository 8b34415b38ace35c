#pragma once
// The output function shared by every supraspinal rate unit: a smoothed version of
// Gurney et al.'s piecewise-linear ramp clamp(x, 0, 1),
//   σ(x) = [ln(1 + e^{βx}) − ln(1 + e^{β(x − 1)})] / β,
// which equals the ramp to within ln2/β at its corners. Smoothness keeps the loop
// linearisable (nmsim stability) and Newton's method well behaved at rest.
#include <cmath>

namespace nmsim::physiology {

// ln(1 + e^{βz})/β, exactly βz or e^{βz} to double precision in the tails (and no overflow).
// Also the motoneuron pools' recruitment curve (spinal_circuit.hpp).
inline double softplus_scaled(double z, double beta) {
  const double bz = beta * z;
  return (bz > 37.0 ? bz : (bz < -37.0 ? std::exp(bz) : std::log1p(std::exp(bz)))) / beta;
}

inline double logistic(double z, double beta) { return 1.0 / (1.0 + std::exp(-beta * z)); }

inline double rate_output(double x, double beta) { return softplus_scaled(x, beta) - softplus_scaled(x - 1.0, beta); }

// dσ/dx, for the delay lines that carry a unit's output and its time derivative.
inline double rate_output_slope(double x, double beta) { return logistic(x, beta) - logistic(x - 1.0, beta); }

}  // namespace nmsim::physiology
