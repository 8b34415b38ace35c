// libFuzzer target: the resume-part decoder. The first byte chooses whether the checksum is
// recomputed over the mutated bytes (so that the decoder behind it is reached) or left as it is.
// Every input must decode to "ok" or "damaged": never a crash, an exception or a huge allocation.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/checksum.hpp"
#include "io/trial_part.hpp"

namespace {
constexpr std::uint64_t kRun = 0x6e6d73696d66757aull;  // the seed corpus's run fingerprint
constexpr std::uint64_t kTrial = 3;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::vector<char> part(reinterpret_cast<const char*>(data) + 1, reinterpret_cast<const char*>(data) + size);
  if ((data[0] & 1) != 0 && part.size() >= 16) {
    const std::uint64_t sum = nmsim::word_checksum(part.data() + 8, part.size() - 16);
    std::memcpy(part.data() + part.size() - 8, &sum, 8);
  }
  const nmsim::io::PartRead r = nmsim::io::decode_trial_part(part.data(), part.size(), kRun, kTrial);
  if (r.status == nmsim::io::PartRead::Status::ok && !r.part) __builtin_trap();
  return 0;
}
