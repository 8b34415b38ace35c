#pragma once
// FNV-1a over 64-bit little-endian words (bytes for a tail shorter than a word): a fast,
// stable checksum that detects torn, truncated or flipped data (not an adversary's edits).
// Used for resume parts and for whole dataset files.
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace nmsim {

class WordChecksum {
 public:
  // Feeds bytes; every call but the last must pass a multiple of 8 bytes.
  void update(const char* data, std::size_t n) {
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      std::uint64_t w;
      std::memcpy(&w, data + i, 8);
      h_ = (h_ ^ w) * kPrime;
    }
    for (; i < n; ++i) h_ = (h_ ^ static_cast<unsigned char>(data[i])) * kPrime;
  }
  std::uint64_t value() const { return h_; }

 private:
  static constexpr std::uint64_t kPrime = 1099511628211ull;
  std::uint64_t h_ = 1469598103934665603ull;
};

inline std::uint64_t word_checksum(const char* data, std::size_t n) {
  WordChecksum c;
  c.update(data, n);
  return c.value();
}

}  // namespace nmsim
