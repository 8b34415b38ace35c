#pragma once
// Fast standard-normal draws from a RandomStream (ziggurat method, Marsaglia & Tsang 2000).
//
// RandomStream::normal() uses Box–Muller (a log, a sqrt and a sin/cos per pair), about three
// times the cost of this; EMG needs one draw per output sample for instrumentation noise
// plus one per motor-unit discharge. The ziggurat needs one 32-bit word per draw ~99 % of
// the time; the fast path is inline, the rare rest out of line. It reads the stream only
// through next_u32()/uniform(), so it stays a pure function of the stream's identity and
// draw index (bit-identical on any thread count).
#include <cstdint>

#include "core/random.hpp"

namespace nmsim::signals {

namespace detail {
constexpr int kZigguratLayers = 256;
struct ZigguratTables {
  double x[kZigguratLayers + 1];  // layer right edges, decreasing; x[256] = 0
  double f[kZigguratLayers + 1];  // exp(-x²/2) at the edges
};
ZigguratTables make_ziggurat_tables();
inline const ZigguratTables& ziggurat_tables() {
  static const ZigguratTables tables = make_ziggurat_tables();  // thread-safe one-time init
  return tables;
}
// The ~1 % of draws outside a layer's core rectangle (wedges and the tail).
double ziggurat_slow(RandomStream& rs, std::uint32_t w);
}  // namespace detail

// One standard-normal variate (mean 0, variance 1). Resolution of the accepted value is
// 2^-23 of the layer width, far below anything the EMG model can resolve.
inline double ziggurat_normal(RandomStream& rs) {
  const detail::ZigguratTables& t = detail::ziggurat_tables();
  const std::uint32_t w = rs.next_u32();
  const unsigned layer = w & 0xFFu;
  const double x = static_cast<double>(w >> 9) * 0x1.0p-23 * t.x[layer];
  // ±1 from bit 8 without a branch (a 50 % unpredictable branch would double the cost).
  if (x < t.x[layer + 1]) return (1.0 - 2.0 * static_cast<double>((w >> 8) & 1u)) * x;
  return detail::ziggurat_slow(rs, w);
}

}  // namespace nmsim::signals
