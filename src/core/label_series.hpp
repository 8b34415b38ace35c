#pragma once
// Per-sample ground-truth labels: one bitmask per sample and channel, so that phenomena can
// overlap. Which phenomenon a bit stands for is the series' own `bit_names` (bit b is
// bit_names[b]), stored with the labels in the file and the resume part; the bits a trial sets
// are declared once, in the engine's label-bit registry (engine/label_bits.hpp).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nmsim {

using LabelMask = std::uint16_t;
inline constexpr unsigned kMaxLabelBits = 8 * sizeof(LabelMask);  // bits a mask holds

constexpr LabelMask bit_mask(unsigned position) { return static_cast<LabelMask>(1u << position); }

struct LabelSeries {
  double rate_hz = 0.0;
  double starting_time_s = 0.0;
  std::vector<std::string> channels;
  std::vector<LabelMask> data;  // n_samples × channels.size(), row-major
  // The name of each bit (index = bit position); labels with channels always name their bits.
  std::vector<std::string> bit_names;

  std::size_t n_samples() const { return channels.empty() ? 0 : data.size() / channels.size(); }
  LabelMask& at(std::size_t sample, std::size_t channel) { return data[sample * channels.size() + channel]; }
  LabelMask at(std::size_t sample, std::size_t channel) const { return data[sample * channels.size() + channel]; }
  // The position and the mask of the bit named `name`; std::invalid_argument, listing the
  // names, if no bit has it.
  unsigned bit(const std::string& name) const;
  LabelMask mask_of(const std::string& name) const { return bit_mask(bit(name)); }
};

}  // namespace nmsim
