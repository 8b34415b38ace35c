#include "core/label_series.hpp"

#include <stdexcept>

namespace nmsim {

unsigned LabelSeries::bit(const std::string& name) const {
  for (std::size_t b = 0; b < bit_names.size(); ++b)
    if (bit_names[b] == name) return static_cast<unsigned>(b);
  std::string names;
  for (const auto& n : bit_names) names += (names.empty() ? "" : ", ") + n;
  throw std::invalid_argument("no label bit named '" + name + "'; the bits are " + (names.empty() ? "none" : names));
}

}  // namespace nmsim
