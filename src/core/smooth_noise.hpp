#pragma once
// A band-limited random input as a deterministic, smooth function of time.
//
// An Ornstein–Uhlenbeck process (mean 0, standard deviation σ, correlation time τ) is drawn
// on a uniform grid of spacing h from a RandomStream and read back by cubic Hermite
// interpolation with centred-difference slopes (Catmull–Rom), so the value is C¹ in time.
// The model's right-hand side may then depend on it like on any other input: a fixed-step or
// adaptive integrator sees a smooth function, and a trial's noise depends only on its stream
// identity (bit-identical on any thread count).
#include <cstddef>
#include <utility>
#include <vector>

#include "core/random.hpp"

namespace nmsim::core {

struct SmoothNoiseParams {
  double sd = 0.0;             // σ, stationary standard deviation
  double correlation_s = 0.1;  // τ, exponential correlation time
  double spacing_s = 0.005;    // h, grid spacing (≪ τ keeps the interpolant faithful)
};

class SmoothNoise {
 public:
  SmoothNoise() = default;  // identically zero
  // Covers [0, duration_s]; later times hold the last value.
  SmoothNoise(const SmoothNoiseParams& p, double duration_s, RandomStream stream);
  // The same interpolant through given nodes: node k at time (k − 1)·spacing_s, so the nodes
  // must cover one step before 0 and two beyond the last time read (e.g. an integrated phase).
  SmoothNoise(std::vector<double> nodes, double spacing_s) : spacing_(spacing_s), values_(std::move(nodes)) {}
  double operator()(double t) const;
  bool zero() const { return values_.empty(); }

 private:
  double spacing_ = 1.0;
  std::vector<double> values_;
};

}  // namespace nmsim::core
