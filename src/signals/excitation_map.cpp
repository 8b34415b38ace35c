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

namespace {
// Position of `a` in the table, given the segment i with force[i] <= a < force[i+1].
double position(const std::vector<double>& force, std::size_t i, double a) {
  const double frac = (a - force[i]) / (force[i + 1] - force[i]);
  return (static_cast<double>(i) + frac) / static_cast<double>(force.size() - 1);
}
}  // namespace

double ExcitationMap::excitation(double activation) const {
  if (activation <= force_.front()) return 0.0;
  if (activation >= force_.back()) return 1.0;
  const auto it = std::upper_bound(force_.begin(), force_.end(), activation);
  return position(force_, static_cast<std::size_t>(it - force_.begin()) - 1, activation);
}

std::vector<double> ExcitationMap::excitation(std::span<const double> activation) const {
  std::vector<double> out(activation.size());
  std::size_t i = 0;  // segment of the previous sample
  for (std::size_t k = 0; k < activation.size(); ++k) {
    const double a = activation[k];
    if (a <= force_.front()) {
      out[k] = 0.0;
    } else if (a >= force_.back()) {
      out[k] = 1.0;
    } else {
      while (a < force_[i]) --i;
      while (a >= force_[i + 1]) ++i;
      out[k] = position(force_, i, a);
    }
  }
  return out;
}

}  // namespace nmsim::signals
