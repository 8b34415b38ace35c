#pragma once
// Maps a muscle's activation (fraction of maximal force, what the Hill model uses) onto the
// motor-unit pool's excitation (what sets recruitment and rate coding), so that the EMG and
// the force come from the same neural drive.
//
// The pool's steady force at excitation E is F(E) = Σ_i P_i s_i(E) / Σ_i P_i, with P_i the
// unit's relative twitch force and s_i = rate_i(E)/peak_rate_i its rate-coded fraction of
// tetanic force (a linear stand-in for the sigmoidal force–rate curve over the physiological
// range). F rises slowly at first because the many early units are small (size principle);
// the map returns E = F⁻¹(a) by tabulation.
#include <span>
#include <vector>

#include "signals/motor_unit_pool.hpp"

namespace nmsim::signals {

class ExcitationMap {
 public:
  explicit ExcitationMap(const MotorUnitPool& pool, int table_size = 501);
  double excitation(double activation) const;
  // The map applied to a whole series; walks the table from the previous sample's position,
  // which is cheap because activation changes little between samples. Same values as
  // excitation() sample by sample.
  std::vector<double> excitation(std::span<const double> activation) const;
  double force_fraction(double excitation) const;  // F(E), for tests and docs

 private:
  std::vector<double> force_;  // F at E = i / (n − 1)
};

}  // namespace nmsim::signals
