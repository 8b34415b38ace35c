#include "core/random.hpp"

#include <Random123/philox.h>

#include <cmath>
#include <numbers>

namespace nmsim {

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t trial, RngPurpose purpose, std::uint32_t substream) {
  key_ = {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
  // counter = (draw block, substream, purpose, trial); trial indices beyond 2^32 wrap into
  // the purpose word's upper half, which is unused by RngPurpose values.
  counter_ = {0u, substream, static_cast<std::uint32_t>(purpose) ^ (static_cast<std::uint32_t>(trial >> 32) << 16),
              static_cast<std::uint32_t>(trial)};
}

void RandomStream::refill() {
  r123::Philox4x32 gen;
  r123::Philox4x32::ctr_type ctr = {{counter_[0], counter_[1], counter_[2], counter_[3]}};
  r123::Philox4x32::key_type key = {{key_[0], key_[1]}};
  const auto out = gen(ctr, key);
  for (unsigned i = 0; i < 4; ++i) block_[i] = out[i];
  ++counter_[0];
  used_ = 0;
}

std::uint32_t RandomStream::next_u32() {
  if (used_ == 4) refill();
  return block_[used_++];
}

double RandomStream::uniform() {
  // 53 bits from two words; +0.5 keeps the result strictly inside (0, 1).
  const std::uint64_t hi = next_u32() >> 5;  // 27 bits
  const std::uint64_t lo = next_u32() >> 6;  // 26 bits
  const std::uint64_t bits = (hi << 26) | lo;
  return (static_cast<double>(bits) + 0.5) * 0x1.0p-53;
}

double RandomStream::uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

double RandomStream::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_normal_;
  }
  const double r = std::sqrt(-2.0 * std::log(uniform()));
  const double phi = 2.0 * std::numbers::pi * uniform();
  spare_normal_ = r * std::sin(phi);
  has_spare_ = true;
  return r * std::cos(phi);
}

double RandomStream::exponential(double rate) { return -std::log(uniform()) / rate; }

}  // namespace nmsim
