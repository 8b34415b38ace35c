#include "engine/label_bits.hpp"

#include <stdexcept>

#include "core/label_series.hpp"

namespace nmsim::engine {
namespace {

std::vector<LabelBitSpec>& registry() {
  static std::vector<LabelBitSpec> bits{
      {"clonus", "inside a clonus episode of this muscle"},
      {"dystonia", "inside a dystonic contraction of this muscle (any subtype)"},
      {"myoclonus", "inside a myoclonic burst or silent period of this muscle"},
      {"dystonia_posture", "dystonia, subtype sustained posture (set with dystonia)"},
      {"dystonia_spasm", "dystonia, subtype spasm (set with dystonia)"},
      {"dystonia_tremor", "dystonia, subtype dystonic tremor (set with dystonia)"},
      {"dystonia_overflow", "dystonia, subtype overflow (set with dystonia)"},
      {"myoclonus_negative", "myoclonus, a silent period: negative myoclonus (set with myoclonus)"},
      {"tremor", "inside a tremor episode (a look-alike: essential, parkinsonian or physiological) of this muscle"},
      {"tremor_physiological", "tremor, kind physiological (set with tremor)"},
      {"tremor_essential", "tremor, kind essential (set with tremor)"},
      {"tremor_parkinsonian", "tremor, kind parkinsonian (set with tremor)"},
      {"voluntary_rhythm", "inside a rhythmic voluntary movement (tapping, alternation) asked for by the protocol"},
  };
  return bits;
}

}  // namespace

const std::vector<LabelBitSpec>& label_bit_registry() { return registry(); }

std::vector<std::string> label_bit_names() {
  std::vector<std::string> names;
  for (const auto& b : registry()) names.push_back(b.name);
  return names;
}

unsigned label_bit(const std::string& name) {
  const auto& bits = registry();
  for (std::size_t b = 0; b < bits.size(); ++b)
    if (bits[b].name == name) return static_cast<unsigned>(b);
  throw std::logic_error("label bit '" + name + "' is not registered (engine/label_bits.cpp)");
}

void register_label_bit(LabelBitSpec spec) {
  auto& bits = registry();
  for (const auto& b : bits)
    if (b.name == spec.name) throw std::invalid_argument("label bit '" + spec.name + "' is already registered");
  if (bits.size() >= kMaxLabelBits)
    throw std::invalid_argument("label bit '" + spec.name + "': a label mask holds only " + std::to_string(kMaxLabelBits) +
                                " bits, all registered");
  bits.push_back(std::move(spec));
}

}  // namespace nmsim::engine
