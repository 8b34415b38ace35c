#include "engine/observables.hpp"

#include <stdexcept>
#include <string>

namespace nmsim::engine {

const std::vector<Observable>& observables() {
  using enum SampledAt;
  static const std::vector<Observable> table{
      {"emg", "V", "surface EMG per muscle: motor-unit action potentials plus instrumentation noise", EmgRate, "muscles"},
      {"kinematics/angle", "rad", "joint angle (positive = lengthens muscles with positive moment arm)", KinematicsRate,
       "joint"},
      {"kinematics/velocity", "rad/s", "joint angular velocity", KinematicsRate, "joint"},
      {"kinematics/acceleration", "rad/s^2", "joint angular acceleration", KinematicsRate, "joint"},
      {"kinematics/accelerometer", "m/s^2",
       "specific force at the segment accelerometer (includes gravity), segment frame", KinematicsRate, "axial, normal"},
      {"kinematics/torque", "N*m", "net muscle torque and external (examiner/load) torque at the joint", KinematicsRate,
       "muscle, external"},
      {"internals/activation", "1", "muscle activation (fraction of maximal force)", KinematicsRate, "muscles"},
      {"internals/excitation", "1", "motoneuron pool excitation (drives force and EMG)", EmgRate, "muscles"},
      {"internals/spindle_rate", "imp/s", "Ia afferent ensemble rate at the spindle", KinematicsRate, "muscles"},
      {"internals/descending_drive", "1", "descending input to each motoneuron pool", KinematicsRate, "muscles"},
      {"internals/afferent_input", "1", "delayed Ia input to each pool (signed, gains applied)", KinematicsRate,
       "muscles"},
      {"internals/reflex_drive", "1", "pool excitation added by the Ia pathways (labels are derived from it)",
       KinematicsRate, "muscles"},
      {"internals/myoclonic_drive", "1", "pool excitation added (or removed) by myoclonic volleys (myoclonus labels)",
       KinematicsRate, "muscles"},
      {"internals/dystonic_drive", "1",
       "pool excitation added by descending drive beyond the healthy twin's (dystonia labels)", KinematicsRate,
       "muscles"},
      {"internals/supraspinal/<unit>", "1", "output of this supraspinal unit per channel (patient's circuit)",
       KinematicsRate, "supraspinal channels"},
  };
  return table;
}

const Observable& observable(std::string_view path) {
  constexpr std::string_view kLoop = "internals/supraspinal/";
  const std::string_view key = path.starts_with(kLoop) ? std::string_view("internals/supraspinal/<unit>") : path;
  for (const Observable& o : observables())
    if (o.path == key) return o;
  throw std::logic_error("undeclared observable '" + std::string(path) + "' (engine/observables.cpp)");
}

}  // namespace nmsim::engine
