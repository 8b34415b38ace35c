#include "engine/observables.hpp"

#include <stdexcept>

namespace nmsim::engine {
namespace {

using physiology::NeuromuscularModel;
using physiology::Observation;

std::vector<std::string> muscles(const NeuromuscularModel& m) { return m.muscle_names(); }
std::vector<std::string> joint(const NeuromuscularModel& m) { return {m.params().joint.name}; }
std::vector<std::string> accelerometer(const NeuromuscularModel&) { return {"axial", "normal"}; }
std::vector<std::string> torque(const NeuromuscularModel&) { return {"muscle", "external"}; }
// Every unit's series has the loop's channels; the sampler writes unit-major (unit * C + c).
std::vector<std::string> loop_channels(const NeuromuscularModel& m) {
  std::vector<std::string> names;
  for (const auto& c : m.supraspinal()->params().channels) names.push_back(c.name);
  return names;
}

using Values = std::vector<std::vector<double>>;

// Samplers of the per-muscle observations: a vector of the observation, or a part of each
// pool's drive.
template <std::vector<double> Observation::*Field>
void per_muscle(const Observation& o, std::size_t k, Values& v) {
  for (std::size_t i = 0; i < v.size(); ++i) v[i][k] = (o.*Field)[i];
}

template <double physiology::PoolDrive::*Part>
void drive_part(const Observation& o, std::size_t k, Values& v) {
  for (std::size_t i = 0; i < v.size(); ++i) v[i][k] = o.drive[i].*Part;
}

}  // namespace

const std::vector<Observable>& observables() {
  using enum SampledAt;
  using enum RecordedWith;
  using K = scenario::KinematicsConfig;
  static const std::vector<Observable> table{
      {"emg", "V", "surface EMG per muscle: motor-unit action potentials plus instrumentation noise", EmgRate, "muscles"},
      {"emg_clean", "V", "the EMG before the recording chain's crosstalk, powerline and ADC", EmgRate, "muscles",
       StoreClean},
      {"kinematics/angle", "rad", "joint angle (positive = lengthens muscles with positive moment arm)", KinematicsRate,
       "joint", Always, false, joint, [](const Observation& o, std::size_t k, Values& v) { v[0][k] = o.theta; },
       [](const K& k) { return k.angle_noise_rad; }, 0},
      {"kinematics/velocity", "rad/s", "joint angular velocity", KinematicsRate, "joint", Always, false, joint,
       [](const Observation& o, std::size_t k, Values& v) { v[0][k] = o.omega; }, [](const K& k) { return k.velocity_noise_rad_s; }, 1},
      {"kinematics/acceleration", "rad/s^2", "joint angular acceleration", KinematicsRate, "joint", Always, false, joint,
       [](const Observation& o, std::size_t k, Values& v) { v[0][k] = o.alpha; }, [](const K& k) { return k.acceleration_noise_rad_s2; }, 2},
      {"kinematics/accelerometer", "m/s^2",
       "specific force at the segment accelerometer (includes gravity), segment frame", KinematicsRate, "axial, normal",
       Always, false, accelerometer,
       [](const Observation& o, std::size_t k, Values& v) {
         v[0][k] = o.accel[0];
         v[1][k] = o.accel[1];
       },
       [](const K& k) { return k.accelerometer_noise_m_s2; }, 3},
      {"kinematics/torque", "N*m", "net muscle torque and external (examiner/load) torque at the joint", KinematicsRate,
       "muscle, external", Always, false, torque,
       [](const Observation& o, std::size_t k, Values& v) {
         v[0][k] = o.muscle_torque;
         v[1][k] = o.external_torque;
       },
       [](const K& k) { return k.torque_noise_Nm; }, 5},
      {"internals/activation", "1", "muscle activation (fraction of maximal force)", KinematicsRate, "muscles", Always,
       true, muscles, per_muscle<&Observation::activation>},
      {"internals/excitation", "1", "motoneuron pool excitation (drives force and EMG)", EmgRate, "muscles", Always, true},
      {"internals/spindle_rate", "imp/s", "Ia afferent ensemble rate at the spindle", KinematicsRate, "muscles", Always,
       true, muscles, per_muscle<&Observation::spindle_rate>},
      {"internals/descending_drive", "1", "descending input to each motoneuron pool", KinematicsRate, "muscles", Always,
       true, muscles, drive_part<&physiology::PoolDrive::descending>},
      {"internals/afferent_input", "1", "delayed Ia input to each pool (signed, gains applied)", KinematicsRate,
       "muscles", Always, true, muscles,
       drive_part<&physiology::PoolDrive::afferent>},
      {"internals/reflex_drive", "1", "pool excitation added by the Ia pathways (labels are derived from it)",
       KinematicsRate, "muscles", Always, true, muscles,
       drive_part<&physiology::PoolDrive::reflex_part>},
      {"internals/myoclonic_drive", "1", "pool excitation added (or removed) by myoclonic volleys (myoclonus labels)",
       KinematicsRate, "muscles", Myoclonus, true, muscles,
       drive_part<&physiology::PoolDrive::myoclonic_part>},
      {"internals/tremor_drive", "1", "pool excitation added (or removed) by tremor generators and voluntary rhythms (their labels)",
       KinematicsRate, "muscles", Tremor, true, muscles,
       drive_part<&physiology::PoolDrive::tremor_part>},
      {"internals/dystonic_drive", "1",
       "pool excitation added by descending drive beyond the healthy twin's (dystonia labels)", KinematicsRate,
       "muscles", SupraspinalLoop, true, muscles,
       drive_part<&physiology::PoolDrive::dystonic_part>},
      {"internals/supraspinal/<unit>", "1", "output of this supraspinal unit per channel (patient's circuit)",
       KinematicsRate, "supraspinal channels", SupraspinalLoop, true, loop_channels,
       [](const Observation& o, std::size_t k, Values& v) {
         for (std::size_t j = 0; j < o.supraspinal.size(); ++j) v[j][k] = o.supraspinal[j];
       }},
  };
  return table;
}

bool one_series_per_loop_unit(const Observable& o) { return o.path.ends_with("/<unit>"); }

std::size_t values_per_sample(const Observable& o, const physiology::NeuromuscularModel& model) {
  const std::size_t channels = o.channel_names(model).size();
  return one_series_per_loop_unit(o) ? physiology::SupraspinalLoop::kUnits * channels : channels;
}

const Observable& observable(std::string_view path) {
  constexpr std::string_view kLoop = "internals/supraspinal/";
  const std::string_view key = path.starts_with(kLoop) ? std::string_view("internals/supraspinal/<unit>") : path;
  for (const Observable& o : observables())
    if (o.path == key) return o;
  throw std::logic_error("undeclared observable '" + std::string(path) + "' (engine/observables.cpp)");
}

bool recorded(const Observable& o, const physiology::NeuromuscularModel& model, TrialGenerators generators) {
  switch (o.recorded) {
    case RecordedWith::Always: return true;
    case RecordedWith::Myoclonus: return generators.myoclonus;
    case RecordedWith::Tremor: return generators.tremor;
    case RecordedWith::SupraspinalLoop: return model.supraspinal() != nullptr;
    case RecordedWith::StoreClean: return false;  // run_trial copies it from the EMG, nothing samples it
  }
  return false;
}

}  // namespace nmsim::engine
