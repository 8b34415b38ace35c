#include "labels/tremor_labeller.hpp"

#include <algorithm>
#include <cmath>

namespace nmsim::labels {

TremorTrain tremor_train(std::span<const double> part, double rate_hz, double start_s, double stop_s,
                         const TremorLabelParams& p) {
  const auto index = [&](double t) {
    return static_cast<std::size_t>(std::clamp(std::ceil(t * rate_hz - 1e-9), 0.0, static_cast<double>(part.size())));
  };
  TremorTrain out;
  for (std::size_t k = index(start_s), end = index(stop_s); k < end; ++k) out.peak = std::max(out.peak, std::abs(part[k]));
  out.found = out.peak >= p.threshold;
  return out;
}

}  // namespace nmsim::labels
