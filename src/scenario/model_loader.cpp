#include "scenario/model_loader.hpp"

#include <cmath>
#include <optional>
#include <string>

#include "scenario/supraspinal_loader.hpp"

namespace nmsim::scenario {
namespace {

using config::Node;
using config::Range;
using physiology::HillCurves;
using physiology::JointParams;
using physiology::MotoneuronPoolParams;
using physiology::ReflexParams;
using physiology::SpindleParams;
using physiology::SpinalParams;

const Range kPos = Range::positive();
const Range kNonNeg = Range::non_negative();
const Range kFraction = Range::closed(0.0, 1.0);

JointParams read_joint(const Node& n) {
  JointParams j;
  j.name = n.string("name", "joint");
  j.inertia_kg_m2 = n.real("inertia", "kg*m^2", kPos);
  j.stiffness_Nm_per_rad = n.real("stiffness", "N*m/rad", kNonNeg);
  j.damping_Nms_per_rad = n.real("damping", "N*m*s/rad", kNonNeg);
  j.rest_angle_rad = n.real("rest_angle", "rad", Range::closed(-M_PI, M_PI), 0.0);
  j.limit_max_rad = n.real("limit_max", "rad", Range::closed(-M_PI, M_PI));
  j.limit_min_rad = n.real("limit_min", "rad", Range::closed(-M_PI, M_PI));
  if (j.limit_min_rad >= j.limit_max_rad) n.at("limit_min").fail("must be below limit_max");
  j.limit_torque_Nm = n.real("limit_torque", "N*m", kNonNeg);
  j.limit_sharpness_per_rad = n.real("limit_sharpness", "1/rad", Range::closed(0.0, 200.0));
  j.segment_mass_kg = n.real("segment_mass", "kg", kNonNeg, 0.0);
  j.com_distance_m = n.real("com_distance", "m", kNonNeg, 0.0);
  j.segment_elevation_rad = n.real("segment_elevation", "rad", Range::closed(-M_PI, M_PI), 0.0);
  j.sensor_distance_m = n.real("sensor_distance", "m", kNonNeg, 0.0);
  n.finish();
  return j;
}

HillCurves read_curves(const std::optional<Node>& n) {
  HillCurves c;
  if (!n) return c;
  c.fl_width = n->real("fl_width", "1", kPos, c.fl_width);
  c.pe_shape = n->real("pe_shape", "1", kPos, c.pe_shape);
  c.pe_strain_at_f0 = n->real("pe_strain_at_f0", "1", kPos, c.pe_strain_at_f0);
  c.fv_af = n->real("fv_af", "1", kPos, c.fv_af);
  c.fv_flen = n->real("fv_flen", "1", Range::open_closed(1.0, 3.0), c.fv_flen);
  c.activation_smoothing = n->real("activation_smoothing", "1", kPos, c.activation_smoothing);
  n->finish();
  return c;
}

SpinalParams read_spinal(const Node& n) {
  SpinalParams s;
  s.reflex_gain = n.real("reflex_gain", "1", Range::closed(0.0, 100.0));
  s.heteronymous_fraction = n.real("heteronymous_fraction", "1", Range::closed(0.0, 10.0), s.heteronymous_fraction);
  s.reciprocal_weight_per_hz = n.real("reciprocal_weight", "1/(imp/s)", kNonNeg, 0.0);
  s.reciprocal_gain = n.real("reciprocal_gain", "1", Range::closed(0.0, 100.0), 1.0);
  s.reciprocal_extra_delay_s = n.real("reciprocal_extra_delay", "s", Range::closed(0.0, 0.1), s.reciprocal_extra_delay_s);
  n.finish();
  return s;
}

// Per-muscle blocks fall back to the model's `defaults:` values key by key.
struct MuscleDefaults {
  SpindleParams spindle;
  MotoneuronPoolParams motoneuron;
  ReflexParams reflex;
  double tau_act = 0.015, tau_deact = 0.050, max_velocity = 10.0;
  signals::MotorUnitPoolParams motor_units;
};

SpindleParams read_spindle(const std::optional<Node>& n, SpindleParams s) {
  if (!n) return s;
  s.baseline_rate_hz = n->real("baseline_rate", "imp/s", kNonNeg, s.baseline_rate_hz);
  s.length_gain_hz_per_mm = n->real("length_gain", "imp/s/mm", kNonNeg, s.length_gain_hz_per_mm);
  s.velocity_gain = n->real("velocity_gain", "imp/s/(mm/s)^p", kNonNeg, s.velocity_gain);
  s.velocity_exponent = n->real("velocity_exponent", "1", Range::open_closed(0.0, 1.0), s.velocity_exponent);
  s.linear_range_mm_s = n->real("linear_range", "mm/s", kPos, s.linear_range_mm_s);
  n->finish();
  return s;
}

MotoneuronPoolParams read_motoneuron(const std::optional<Node>& n, MotoneuronPoolParams m) {
  if (!n) return m;
  m.threshold = n->real("threshold", "1", Range::closed(-1.0, 1.0), m.threshold);
  m.gain = n->real("gain", "1", Range::closed(0.0, 1000.0), m.gain);
  m.time_constant_s = n->real("time_constant", "s", Range::closed(1e-4, 0.1), m.time_constant_s);
  m.tonic_drive = n->real("tonic_drive", "1", Range::closed(-1.0, 2.0), m.tonic_drive);
  m.recruitment_sharpness = n->real("recruitment_sharpness", "1", Range::closed(1.0, 1e6), m.recruitment_sharpness);
  n->finish();
  return m;
}

ReflexParams read_reflex(const std::optional<Node>& n, ReflexParams r) {
  if (!n) return r;
  r.delay_s = n->real("delay", "s", Range::closed(0.002, 0.5), r.delay_s);
  r.homonymous_weight_per_hz = n->real("homonymous_weight", "1/(imp/s)", kNonNeg, r.homonymous_weight_per_hz);
  n->finish();
  return r;
}

void read_activation(const std::optional<Node>& n, double& tau_act, double& tau_deact) {
  if (!n) return;
  tau_act = n->real("tau_act", "s", Range::closed(1e-3, 0.5), tau_act);
  tau_deact = n->real("tau_deact", "s", Range::closed(1e-3, 0.5), tau_deact);
  n->finish();
}

signals::MotorUnitPoolParams read_motor_units(const std::optional<Node>& n, signals::MotorUnitPoolParams p) {
  if (!n) return p;
  const double count = n->real("count", "1", Range::closed(1.0, 2000.0), p.n_units);
  if (count != std::floor(count)) n->at("count").fail("must be a whole number of motor units");
  p.n_units = static_cast<int>(count);
  p.recruitment_range = n->real("recruitment_range", "1", Range::closed(1.0, 1000.0), p.recruitment_range);
  p.last_recruited_at = n->real("last_recruited_at", "1", Range::open_closed(0.0, 1.0), p.last_recruited_at);
  p.min_rate_hz = n->real("min_rate", "Hz", Range::closed(0.5, 100.0), p.min_rate_hz);
  p.peak_rate_first_hz = n->real("peak_rate_first", "Hz", Range::closed(0.5, 200.0), p.peak_rate_first_hz);
  p.peak_rate_last_hz = n->real("peak_rate_last", "Hz", Range::closed(0.5, 200.0), p.peak_rate_last_hz);
  p.isi_cv = n->real("isi_cv", "1", Range::closed(0.0, 0.5), p.isi_cv);
  p.size_range = n->real("size_range", "1", Range::closed(1.0, 1e4), p.size_range);
  p.muap_amplitude_v = n->real("muap_amplitude", "V", Range::open_closed(0.0, 0.1), p.muap_amplitude_v);
  p.muap_duration_s = n->real("muap_duration", "s", Range::closed(5e-4, 0.05), p.muap_duration_s);
  p.fat_thickness_m = n->real("fat_thickness", "m", Range::closed(0.0, 0.05), p.fat_thickness_m);
  p.fat_widening_per_m = n->real("fat_widening", "1/m", Range::closed(0.0, 200.0), p.fat_widening_per_m);
  p.electrode_gain = n->real("electrode_gain", "1", Range::closed(0.0, 20.0), p.electrode_gain);
  n->finish();
  return p;
}

void check_rates(const Node& where, const signals::MotorUnitPoolParams& p) {
  if (p.peak_rate_first_hz < p.min_rate_hz || p.peak_rate_last_hz < p.min_rate_hz)
    where.fail("peak firing rates must not be below min_rate (" + std::to_string(p.min_rate_hz) + " Hz)");
}

MuscleDefaults read_defaults(const std::optional<Node>& n) {
  MuscleDefaults d;
  if (!n) return d;
  d.spindle = read_spindle(n->find("spindle"), d.spindle);
  d.motoneuron = read_motoneuron(n->find("motoneuron"), d.motoneuron);
  d.reflex = read_reflex(n->find("reflex"), d.reflex);
  read_activation(n->find("activation"), d.tau_act, d.tau_deact);
  d.max_velocity = n->real("max_velocity", "l_opt/s", Range::closed(0.5, 50.0), d.max_velocity);
  const auto mu = n->find("motor_units");
  d.motor_units = read_motor_units(mu, d.motor_units);
  if (mu) check_rates(*mu, d.motor_units);
  n->finish();
  return d;
}

}  // namespace

ModelDefinition read_model(const Node& root) {
  ModelDefinition def;
  auto& p = def.physiology;
  p.name = root.string("name");
  root.string("description", "");
  p.joint = read_joint(root.at("joint"));
  p.curves = read_curves(root.find("curves"));
  p.spinal = read_spinal(root.at("spinal"));
  const MuscleDefaults defaults = read_defaults(root.find("defaults"));

  const Node muscles = root.at("muscles");
  if (!muscles.is_map() || muscles.size() == 0) muscles.fail("must be a map of at least one muscle");
  if (muscles.size() > 16) muscles.fail("at most 16 muscles per model");
  for (const auto& [name, m] : muscles.entries()) {
    physiology::MuscleSpec spec;
    auto& mech = spec.mechanics;
    mech.name = name;
    mech.max_isometric_force_N = m.real("max_isometric_force", "N", kPos);
    mech.optimal_fibre_length_m = m.real("optimal_fibre_length", "m", Range::closed(1e-3, 1.0));
    mech.tendon_slack_length_m = m.real("tendon_slack_length", "m", Range::closed(0.0, 2.0));
    mech.pennation_at_optimal_rad = m.real("pennation", "rad", Range::closed(0.0, 1.2));
    mech.moment_arm_m = m.real("moment_arm", "m", Range::closed(-0.5, 0.5));
    if (mech.moment_arm_m == 0.0) m.at("moment_arm").fail("must not be zero (a muscle must act on the joint)");
    const double l0 = m.real("fibre_length_at_neutral", "l_opt", Range::closed(0.3, 2.0));
    if (l0 <= std::sin(mech.pennation_at_optimal_rad))
      m.at("fibre_length_at_neutral").fail("is shorter than the pennated fibre width (l_opt·sin(pennation))");
    mech.max_velocity_lopt_per_s = m.real("max_velocity", "l_opt/s", Range::closed(0.5, 50.0), defaults.max_velocity);
    mech.tau_act_s = defaults.tau_act;
    mech.tau_deact_s = defaults.tau_deact;
    read_activation(m.find("activation"), mech.tau_act_s, mech.tau_deact_s);
    mech.mt_length_at_neutral_m = physiology::mt_length_for_fibre(mech, l0);
    spec.spindle = read_spindle(m.find("spindle"), defaults.spindle);
    spec.motoneuron = read_motoneuron(m.find("motoneuron"), defaults.motoneuron);
    spec.reflex = read_reflex(m.find("reflex"), defaults.reflex);
    spec.cord_position_m = m.real("cord_position", "m", Range::closed(-0.08, 0.6), 0.0);  // < 0: brainstem nuclei above the obex
    const auto mu_block = m.find("motor_units");
    const auto mu = read_motor_units(mu_block, defaults.motor_units);
    if (mu_block) check_rates(*mu_block, mu);  // the defaults were checked where they were written
    m.finish();
    p.muscles.push_back(spec);
    def.motor_units.push_back(mu);
  }
  std::vector<std::string> names;
  for (const auto& m : p.muscles) names.push_back(m.mechanics.name);
  p.supraspinal = read_supraspinal(root.find("supraspinal"), names);
  root.finish();
  return def;
}

}  // namespace nmsim::scenario
