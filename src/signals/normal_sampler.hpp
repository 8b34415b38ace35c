#pragma once
// Fast standard-normal draws from a RandomStream (ziggurat method, Marsaglia & Tsang 2000).
//
// RandomStream::normal() uses Box–Muller (a log, a sqrt and a sin/cos per pair), which costs
// ~20–30 ns a draw; EMG needs one draw per output sample for instrumentation noise plus one
// per motor-unit discharge, so at 2 kHz × 3 muscles that alone would use a large part of the
// real-time budget. The ziggurat needs one 32-bit word per draw ~99 % of the time.
// It reads the stream only through next_u32()/uniform(), so it stays a pure function of the
// stream's identity and draw index (bit-identical on any thread count).
#include "core/random.hpp"

namespace nmsim::signals {

// One standard-normal variate (mean 0, variance 1). Resolution of the accepted value is
// 2^-23 of the layer width, far below anything the EMG model can resolve.
double ziggurat_normal(RandomStream& rs);

}  // namespace nmsim::signals
