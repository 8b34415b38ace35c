#include "signals/normal_sampler.hpp"

#include <array>
#include <cmath>
#include <cstdint>

namespace nmsim::signals {
namespace {

// 256 layers of equal area under f(x) = exp(-x²/2) (x ≥ 0); r is the start of the tail and
// v the common layer area, both the published constants for 256 layers (Marsaglia & Tsang 2000).
constexpr int kLayers = 256;
constexpr double kTailStart = 3.6541528853610088;
constexpr double kLayerArea = 0.00492867323399;

struct Tables {
  std::array<double, kLayers + 1> x{};  // layer right edges, decreasing; x[kLayers] = 0
  std::array<double, kLayers + 1> f{};  // f(x[i])
};

Tables make_tables() {
  Tables t;
  const auto f = [](double x) { return std::exp(-0.5 * x * x); };
  // Layer 0 is the base strip plus the tail, drawn as a rectangle of the same area.
  t.x[0] = kLayerArea / f(kTailStart);
  t.x[1] = kTailStart;
  for (int i = 1; i < kLayers - 1; ++i) {
    // Each layer's rectangle has area v: x_i (f(x_{i+1}) - f(x_i)) = v.
    t.x[i + 1] = std::sqrt(-2.0 * std::log(kLayerArea / t.x[i] + f(t.x[i])));
  }
  t.x[kLayers] = 0.0;
  for (int i = 0; i <= kLayers; ++i) t.f[i] = f(t.x[i]);
  t.f[0] = 0.0;  // never used for layer 0 (its overhang is the tail)
  return t;
}

const Tables& tables() {
  static const Tables t = make_tables();  // thread-safe one-time initialisation
  return t;
}

}  // namespace

double ziggurat_normal(RandomStream& rs) {
  const Tables& t = tables();
  for (;;) {
    const std::uint32_t w = rs.next_u32();
    const int layer = static_cast<int>(w & 0xFFu);
    // ±1 from bit 8 without a branch (a 50 % unpredictable branch would double the cost).
    const double sign = 1.0 - 2.0 * static_cast<double>((w >> 8) & 1u);
    const double x = static_cast<double>(w >> 9) * 0x1.0p-23 * t.x[layer];
    if (x < t.x[layer + 1]) return sign * x;  // inside the layer's core rectangle
    if (layer == 0) {
      // Tail beyond r (Marsaglia 1964): exponential proposal, accepted with the Gaussian ratio.
      double a = 0.0;
      double b = 0.0;
      do {
        a = -std::log(rs.uniform()) / kTailStart;
        b = -std::log(rs.uniform());
      } while (2.0 * b < a * a);
      return sign * (kTailStart + a);
    }
    // Wedge between the layer's core and the curve: accept under f.
    const double y = t.f[layer] + rs.uniform() * (t.f[layer + 1] - t.f[layer]);
    if (y < std::exp(-0.5 * x * x)) return sign * x;
  }
}

}  // namespace nmsim::signals
