#pragma once
// Per-sample ground-truth labels: one bitmask per sample and channel, so that phenomena
// can overlap. Bit positions are fixed for the whole format (see LabelBit and docs/labels.md).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nmsim {

using LabelMask = std::uint16_t;

// Bit positions are part of the file format: never renumber, only append.
enum class LabelBit : unsigned {
  Clonus = 0,
  Dystonia = 1,
  Myoclonus = 2,
  // Dystonia subtypes: set together with Dystonia (docs/labels.md).
  DystoniaPosture = 3,
  DystoniaSpasm = 4,
  DystoniaTremor = 5,
  DystoniaOverflow = 6,
  // Myoclonus subtype: a silent period (negative myoclonus), set together with Myoclonus.
  MyoclonusNegative = 7,
};
inline constexpr unsigned kLabelBitCount = 8;
const char* label_bit_name(LabelBit bit);
std::vector<std::string> label_bit_names();  // index = bit position

constexpr LabelMask mask_of(LabelBit bit) { return static_cast<LabelMask>(1u << static_cast<unsigned>(bit)); }

struct LabelSeries {
  double rate_hz = 0.0;
  double starting_time_s = 0.0;
  std::vector<std::string> channels;
  std::vector<LabelMask> data;  // n_samples × channels.size(), row-major
  // The name of each bit (index = bit position), stored with the labels (the file's bit_names,
  // the resume part); empty: the built-in label_bit_names().
  std::vector<std::string> bit_names;

  std::size_t n_samples() const { return channels.empty() ? 0 : data.size() / channels.size(); }
  LabelMask& at(std::size_t sample, std::size_t channel) { return data[sample * channels.size() + channel]; }
  LabelMask at(std::size_t sample, std::size_t channel) const { return data[sample * channels.size() + channel]; }
};

}  // namespace nmsim
