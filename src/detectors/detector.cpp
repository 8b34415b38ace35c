#include "detectors/detector.hpp"

#include <stdexcept>

namespace nmsim::detectors {

double Parameters::operator[](const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) throw std::logic_error("detector parameter '" + name + "' is not defined");
  return it->second;
}

void Parameters::set(const std::string& name, double value) {
  const auto it = values_.find(name);
  if (it == values_.end()) {
    std::string valid;
    for (const auto& [k, v] : values_) valid += (valid.empty() ? "" : ", ") + k;
    throw std::invalid_argument("unknown parameter '" + name + "' (valid: " + valid + ")");
  }
  it->second = value;
}

}  // namespace nmsim::detectors
