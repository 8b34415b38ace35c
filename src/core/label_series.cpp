#include "core/label_series.hpp"

namespace nmsim {

const char* label_bit_name(LabelBit bit) {
  switch (bit) {
    case LabelBit::Clonus: return "clonus";
    case LabelBit::Dystonia: return "dystonia";
    case LabelBit::Myoclonus: return "myoclonus";
    case LabelBit::DystoniaPosture: return "dystonia_posture";
    case LabelBit::DystoniaSpasm: return "dystonia_spasm";
    case LabelBit::DystoniaTremor: return "dystonia_tremor";
    case LabelBit::DystoniaOverflow: return "dystonia_overflow";
    case LabelBit::MyoclonusNegative: return "myoclonus_negative";
  }
  return "unknown";
}

std::vector<std::string> label_bit_names() {
  std::vector<std::string> names;
  for (unsigned b = 0; b < kLabelBitCount; ++b) names.emplace_back(label_bit_name(static_cast<LabelBit>(b)));
  return names;
}

}  // namespace nmsim
