#include "signals/normal_sampler.hpp"

#include <cmath>

namespace nmsim::signals::detail {
namespace {
// 256 layers of equal area under f(x) = exp(-x²/2) (x ≥ 0); r is the start of the tail and
// v the common layer area, the published constants for 256 layers (Marsaglia & Tsang 2000).
constexpr double kTailStart = 3.6541528853610088;
constexpr double kLayerArea = 0.00492867323399;

double gauss(double x) { return std::exp(-0.5 * x * x); }
}  // namespace

ZigguratTables make_ziggurat_tables() {
  ZigguratTables t{};
  // Layer 0 is the base strip plus the tail, drawn as a rectangle of the same area.
  t.x[0] = kLayerArea / gauss(kTailStart);
  t.x[1] = kTailStart;
  for (int i = 1; i < kZigguratLayers - 1; ++i) {
    // Each layer's rectangle has area v: x_i (f(x_{i+1}) - f(x_i)) = v.
    t.x[i + 1] = std::sqrt(-2.0 * std::log(kLayerArea / t.x[i] + gauss(t.x[i])));
  }
  t.x[kZigguratLayers] = 0.0;
  for (int i = 0; i <= kZigguratLayers; ++i) t.f[i] = gauss(t.x[i]);
  return t;
}

double ziggurat_slow(RandomStream& rs, std::uint32_t w) {
  const ZigguratTables& t = ziggurat_tables();
  for (;;) {
    const unsigned layer = w & 0xFFu;
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
    if (y < gauss(x)) return sign * x;
    w = rs.next_u32();  // rejected: start over with a fresh word
  }
}

}  // namespace nmsim::signals::detail
