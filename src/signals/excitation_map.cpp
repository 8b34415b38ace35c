#include "signals/excitation_map.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace nmsim::signals {

ExcitationMap::ExcitationMap(const MotorUnitPool& pool, int table_size) {
  NMSIM_CHECK(table_size >= 2, "table too small");
  double total = 0.0;
  for (const auto& u : pool.units()) total += u.relative_size;
  force_.resize(static_cast<std::size_t>(table_size));
  for (int k = 0; k < table_size; ++k) {
    const double e = static_cast<double>(k) / (table_size - 1);
    double f = 0.0;
    for (int i = 0; i < pool.n_units(); ++i) {
      const auto& u = pool.unit(i);
      f += u.relative_size * pool.firing_rate_hz(i, e) / u.peak_rate_hz;
    }
    force_[static_cast<std::size_t>(k)] = f / total;
  }
  // Guard the inverse: make the table strictly increasing and span [0, 1].
  const double top = force_.back();
  for (std::size_t k = 0; k < force_.size(); ++k) {
    force_[k] /= top;
    if (k > 0) force_[k] = std::max(force_[k], force_[k - 1] + 1e-12);
  }
}

double ExcitationMap::force_fraction(double e) const {
  const double pos = std::clamp(e, 0.0, 1.0) * static_cast<double>(force_.size() - 1);
  const auto i = std::min(static_cast<std::size_t>(pos), force_.size() - 2);
  const double frac = pos - static_cast<double>(i);
  return force_[i] + frac * (force_[i + 1] - force_[i]);
}

double ExcitationMap::excitation(double activation) const {
  if (activation <= force_.front()) return 0.0;
  if (activation >= force_.back()) return 1.0;
  const auto it = std::upper_bound(force_.begin(), force_.end(), activation);
  const auto i = static_cast<std::size_t>(it - force_.begin()) - 1;
  const double frac = (activation - force_[i]) / (force_[i + 1] - force_[i]);
  return (static_cast<double>(i) + frac) / static_cast<double>(force_.size() - 1);
}

}  // namespace nmsim::signals
