#include "scenario/scenario.hpp"

#include <algorithm>
#include <cmath>

#include "core/number_text.hpp"
#include "scenario/generator_fields.hpp"
#include "scenario/myoclonus_reader.hpp"
#include "scenario/protocol_names.hpp"
#include "scenario/recording_reader.hpp"
#include "scenario/tremor_reader.hpp"

namespace nmsim::scenario {
namespace {

using config::Node;
using config::Range;

constexpr std::size_t kMaxPhases = 2000;
namespace fs = std::filesystem;

fs::path resolve_model(const Node& scenario_root, const fs::path& scenario_file, const std::vector<fs::path>& model_dirs) {
  const Node ref = scenario_root.at("model");
  const std::string name = ref.as_string();
  if (name.empty()) ref.fail("must name a model, e.g. 'ankle' or 'path/to/model.yaml'");
  if (name.size() > 1024)
    ref.fail("is " + std::to_string(name.size()) + " characters long; a model name or path has at most 1024");
  const bool is_path = name.find('/') != std::string::npos || fs::path(name).extension() == ".yaml";
  std::error_code ec;
  if (is_path) {
    fs::path p = fs::path(name).is_absolute() ? fs::path(name) : scenario_file.parent_path() / name;
    if (!fs::exists(p, ec)) ref.fail("model file '" + p.string() + "' does not exist" + (ec ? " (" + ec.message() + ")" : ""));
    return p;
  }
  std::string looked;
  for (const auto& dir : model_search_path(scenario_file, model_dirs)) {
    const fs::path p = dir / (name + ".yaml");
    if (fs::exists(p, ec)) return p;
    looked += "\n  " + p.string();
  }
  if (looked.empty()) looked = " nowhere (no model folder was given)";
  ref.fail("unknown model '" + name + "'; looked for:" + looked);
}

// A map of names (muscles, channels) to values, as a vector in the model's order.
std::vector<double> read_named_values(const Node& map, const std::vector<std::string>& names, const std::string& what,
                                      Range range) {
  if (!map.is_map()) map.fail("must map " + what + " names to values");
  std::vector<double> out(names.size(), 0.0);
  for (const auto& [name, value] : map.entries()) {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      std::string known;
      for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
      value.fail("unknown " + what + " '" + name + "'; the model has: " + (known.empty() ? "none" : known));
    }
    out[static_cast<std::size_t>(it - names.begin())] = value.as_real("1", range);
  }
  return out;
}

std::vector<physiology::Phase> read_protocol(const Node& list, const std::vector<std::string>& muscles,
                                             const std::vector<std::string>& channels) {
  if (!list.is_sequence() || list.size() == 0) list.fail("must be a list of at least one phase");
  // Phase boundaries are integration breakpoints whose times add up; beyond a few thousand the
  // rounding of the sums outgrows the delay history's time tolerance (11,622 phases failed).
  if (list.size() > kMaxPhases)
    list.fail("has " + std::to_string(list.size()) + " phases; at most " + std::to_string(kMaxPhases) + " are supported");
  std::vector<physiology::Phase> phases;
  for (const Node& n : list.elements()) {
    physiology::Phase ph;
    ph.name = n.string("name");
    ph.task = n.string("task", ph.name);
    ph.duration_s = n.real("duration", "s", Range::open_closed(0.0, 3600.0));
    ph.load_torque_Nm = n.real("load_torque", "N*m", Range::closed(-200.0, 200.0), 0.0);
    ph.hand_stiffness_Nm_per_rad = n.real("hand_stiffness", "N*m/rad", Range::closed(0.0, 1e4), 0.0);
    ph.hand_damping_Nms_per_rad = n.real("hand_damping", "N*m*s/rad", Range::closed(0.0, 1e3), 0.0);
    ph.target_angle_rad = n.real("target_angle", "rad", Range::closed(-M_PI, M_PI), 0.0);
    ph.target_speed_rad_s = n.real("target_speed", "rad/s", Range::closed(0.0, 100.0), 0.0);
    ph.rhythmic = n.has("rhythm");  // read with the tremor generators, which it becomes (tremor_reader.hpp)
    if (const auto drive = n.find("drive")) ph.descending_drive = read_named_values(*drive, muscles, "muscle", Range::closed(-1.0, 2.0));
    if (const auto stimuli = n.find("stimuli")) {
      if (!stimuli->is_map()) stimuli->fail("must map stimulus types to lists of times from the phase start, e.g. {tap: [0.5, 2.0]}");
      for (const auto& [type, times] : stimuli->entries()) {
        if (!times.is_sequence() || times.size() == 0) times.fail("must be a list of times (s) from the phase start");
        for (const Node& t : times.elements())
          ph.stimuli.emplace_back(t.as_real("s", Range::closed(0.0, ph.duration_s)), type);
      }
    }
    if (const auto command = n.find("command")) {
      if (channels.empty())
        command->fail("needs the model's supraspinal loop (set supraspinal.enabled: true in the model or under parameters:)");
      ph.command = read_named_values(*command, channels, "supraspinal channel", Range::closed(0.0, 1.0));
    }
    n.finish();
    phases.push_back(std::move(ph));
  }
  return phases;
}

SignalsConfig read_signals(const std::optional<Node>& n, const std::vector<std::string>& muscles) {
  SignalsConfig s;
  if (!n) return s;
  if (const auto emg = n->find("emg")) {
    s.emg.rate_hz = emg->real("rate", "Hz", Range::closed(1000.0, 10000.0), s.emg.rate_hz);
    s.emg.noise_rms_v = emg->real("noise_rms", "V", Range::closed(0.0, 1e-3), s.emg.noise_rms_v);
    s.emg.highpass_hz = emg->real("highpass", "Hz", Range::closed(0.0, 100.0), s.emg.highpass_hz);
    s.emg.lowpass_hz = emg->real("lowpass", "Hz", Range::closed(0.0, 5000.0), s.emg.lowpass_hz);
    if (s.emg.lowpass_hz >= 0.5 * s.emg.rate_hz)
      emg->at("lowpass").fail("must be below Nyquist, half the EMG rate (" + shortest_text(0.5 * s.emg.rate_hz) +
                              " Hz)");
    if (s.emg.lowpass_hz > 0.0 && s.emg.lowpass_hz <= s.emg.highpass_hz)
      emg->at("lowpass").fail("must be above the high-pass corner (" + shortest_text(s.emg.highpass_hz) + " Hz)");
    s.emg.chain = read_recording_chain(*emg, muscles, s.emg.rate_hz);
    emg->finish();
  }
  if (const auto k = n->find("kinematics")) {
    auto& c = s.kinematics;
    c.rate_hz = k->real("rate", "Hz", Range::closed(50.0, 10000.0), c.rate_hz);
    c.angle_noise_rad = k->real("angle_noise", "rad", Range::closed(0.0, 0.5), c.angle_noise_rad);
    c.velocity_noise_rad_s = k->real("velocity_noise", "rad/s", Range::closed(0.0, 50.0), c.velocity_noise_rad_s);
    c.acceleration_noise_rad_s2 = k->real("acceleration_noise", "rad/s^2", Range::closed(0.0, 1e4), c.acceleration_noise_rad_s2);
    c.accelerometer_noise_m_s2 = k->real("accelerometer_noise", "m/s^2", Range::closed(0.0, 100.0), c.accelerometer_noise_m_s2);
    c.torque_noise_Nm = k->real("torque_noise", "N*m", Range::closed(0.0, 100.0), c.torque_noise_Nm);
    if (const auto f = k->find("faults")) {
      auto& p = c.faults;
      p.misalignment_rad = f->real("misalignment", "rad", Range::closed(-0.5, 0.5), p.misalignment_rad);
      p.accelerometer_bias_m_s2 = f->real("accelerometer_bias", "m/s^2", Range::closed(0.0, 10.0), p.accelerometer_bias_m_s2);
      p.gyro_bias_rad_s = f->real("gyro_bias", "rad/s", Range::closed(0.0, 10.0), p.gyro_bias_rad_s);
      p.bias_time_s = f->real("bias_time", "s", Range::closed(1.0, 3600.0), p.bias_time_s);
      p.accelerometer_range_m_s2 = f->real("accelerometer_range", "m/s^2", Range::closed(0.0, 2000.0), p.accelerometer_range_m_s2);
      p.gyro_range_rad_s = f->real("gyro_range", "rad/s", Range::closed(0.0, 100.0), p.gyro_range_rad_s);
      f->finish();
    }
    k->finish();
  }
  s.internals = n->boolean("internals", s.internals);
  n->finish();
  return s;
}

labels::DystoniaLabelParams read_dystonia_labels(const Node& n) {
  labels::DystoniaLabelParams d;
  d.on_threshold = n.real("on_threshold", "1", Range::open_closed(0.0, 1.0), d.on_threshold);
  d.off_threshold = n.real("off_threshold", "1", Range::open_closed(0.0, 1.0), d.off_threshold);
  if (d.off_threshold > d.on_threshold) n.at("off_threshold").fail("must not exceed on_threshold");
  d.min_duration_s = n.real("min_duration", "s", Range::closed(0.0, 60.0), d.min_duration_s);
  d.merge_gap_s = n.real("merge_gap", "s", Range::closed(0.0, 60.0), d.merge_gap_s);
  d.posture_min_s = n.real("posture_min_duration", "s", Range::open_closed(0.0, 600.0), d.posture_min_s);
  d.tremor_min_cycles = static_cast<int>(n.integer("tremor_min_cycles", 2, 1000, d.tremor_min_cycles));
  d.tremor_min_hz = n.real("tremor_min_frequency", "Hz", Range::open_closed(0.0, 50.0), d.tremor_min_hz);
  d.tremor_max_hz = n.real("tremor_max_frequency", "Hz", Range::open_closed(0.0, 100.0), d.tremor_max_hz);
  if (d.tremor_max_hz <= d.tremor_min_hz) n.at("tremor_max_frequency").fail("must exceed tremor_min_frequency");
  d.tremor_prominence = n.real("tremor_prominence", "1", Range::open_closed(0.0, 1.0), d.tremor_prominence);
  d.visible_db = n.real("visible_db", "dB", Range::closed(-100.0, 100.0), d.visible_db);
  d.tremor_visible_db = n.real("tremor_visible_db", "dB", Range::closed(-100.0, 100.0), d.tremor_visible_db);
  n.finish();
  return d;
}

labels::ClonusLabelParams read_labels(const std::optional<Node>& n, labels::DystoniaLabelParams& dystonia,
                                      labels::MyoclonusLabelParams& myoclonus, labels::TremorLabelParams& tremor) {
  labels::ClonusLabelParams c;
  if (!n) return c;
  if (const auto d = n->find("dystonia")) dystonia = read_dystonia_labels(*d);
  if (const auto m = n->find("myoclonus")) {
    myoclonus.threshold = m->real("threshold", "1", Range::open_closed(0.0, 1.0), myoclonus.threshold);
    myoclonus.min_silent_s = m->real("min_silent_period", "s", Range::closed(0.0, 10.0), myoclonus.min_silent_s);
    myoclonus.baseline_s = m->real("salience_baseline", "s", Range::closed(0.01, 10.0), myoclonus.baseline_s);
    myoclonus.visible_db = m->real("visible_db", "dB", Range::closed(-100.0, 100.0), myoclonus.visible_db);
    m->finish();
  }
  if (const auto t = n->find("tremor")) {
    tremor.threshold = t->real("threshold", "1", Range::open_closed(0.0, 1.0), tremor.threshold);
    tremor.salience_window_s = t->real("salience_window", "s", Range::closed(0.5, 60.0), tremor.salience_window_s);
    tremor.visible_db = t->real("visible_db", "dB", Range::closed(-100.0, 100.0), tremor.visible_db);
    t->finish();
  }
  if (const auto cl = n->find("clonus")) {
    c.min_beats = static_cast<int>(cl->integer("min_beats", 2, 1000, c.min_beats));
    c.sustained_beats = static_cast<int>(cl->integer("sustained_beats", 2, 100000, c.sustained_beats));
    c.min_frequency_hz = cl->real("min_frequency", "Hz", Range::open_closed(0.0, 50.0), c.min_frequency_hz);
    c.max_frequency_hz = cl->real("max_frequency", "Hz", Range::open_closed(0.0, 100.0), c.max_frequency_hz);
    if (c.max_frequency_hz <= c.min_frequency_hz) cl->at("max_frequency").fail("must exceed min_frequency");
    if (c.sustained_beats < c.min_beats) cl->at("sustained_beats").fail("must be at least min_beats");
    c.min_prominence = cl->real("min_prominence", "1", Range::open_closed(0.0, 1.0), c.min_prominence);
    c.visible_db = cl->real("visible_db", "dB", Range::closed(-100.0, 100.0), c.visible_db);
    cl->finish();
  }
  n->finish();
  return c;
}

core::IntegratorOptions read_solver(const std::optional<Node>& n, double min_delay) {
  core::IntegratorOptions o;
  o.step_s = 0.0025;  // convergence table in docs/model.md
  if (n) {
    const std::string method = n->choice("method", {"rk4", "dopri5"}, "rk4");
    o.stepper = method == "rk4" ? core::StepperKind::Rk4 : core::StepperKind::Dopri5;
    o.step_s = n->real("step", "s", Range::closed(1e-6, 0.01), o.step_s);
    o.max_step_s = n->real("max_step", "s", Range::closed(1e-6, 0.01), o.max_step_s);
    o.rel_tol = n->real("rel_tol", "1", Range::closed(1e-12, 1e-2), o.rel_tol);
    o.abs_tol = n->real("abs_tol", "1", Range::closed(1e-14, 1e-2), o.abs_tol);
    if (o.step_s > min_delay) n->at("step").fail("must not exceed the shortest reflex delay (" + std::to_string(min_delay) + " s)");
    n->finish();
  }
  return o;
}

}  // namespace

double Scenario::duration_s() const {
  double d = 0.0;
  for (const auto& p : protocol) d += p.duration_s;
  return d;
}

std::vector<fs::path> model_search_path(const fs::path& scenario_file, const std::vector<fs::path>& model_dirs) {
  std::vector<fs::path> dirs;
  if (!scenario_file.empty()) dirs = {scenario_file.parent_path(), scenario_file.parent_path() / ".." / "models"};
  dirs.insert(dirs.end(), model_dirs.begin(), model_dirs.end());
  return dirs;
}

ScenarioSource::ScenarioSource(fs::path file, std::vector<fs::path> model_dirs)
    : file_(std::move(file)), name_(file_), model_dirs_(std::move(model_dirs)), scenario_(config::Document::load_file(file_)) {}

ScenarioSource::ScenarioSource(const std::string& text, const std::string& name, std::vector<fs::path> model_dirs)
    : name_(name), model_dirs_(std::move(model_dirs)), scenario_(config::Document::load_string(text, name)) {}

std::unique_ptr<ScenarioSource> ScenarioSource::from_text(const std::string& text, const std::string& name,
                                                          std::vector<fs::path> model_dirs) {
  return std::unique_ptr<ScenarioSource>(new ScenarioSource(text, name, std::move(model_dirs)));
}
ScenarioSource::~ScenarioSource() = default;

const config::Document& ScenarioSource::model_document(const fs::path& path) const {
  std::lock_guard lock(mu_);
  auto it = models_.find(path);
  if (it == models_.end()) it = models_.emplace(path, config::Document::load_file(path)).first;
  return it->second;
}

Scenario load_scenario(const fs::path& file, const std::vector<config::Override>& overrides,
                       std::optional<std::uint64_t> seed_override, const std::vector<fs::path>& model_dirs) {
  return ScenarioSource(file, model_dirs).load(overrides, seed_override);
}

Scenario ScenarioSource::load(const std::vector<config::Override>& overrides, std::optional<std::uint64_t> seed_override) const {
  config::Document doc = scenario_.clone();
  config::apply_overrides(doc, overrides);
  const Node root = doc.root();
  if (!root.is_map()) root.fail("a scenario must be a map of settings");

  Scenario s;
  s.scenario_path = name_;
  s.name = root.string("name");
  s.description = root.string("description", "");
  s.seed = static_cast<std::uint64_t>(root.integer("seed", 0, (1LL << 53), 0));
  if (seed_override) s.seed = *seed_override;
  s.trials = static_cast<std::uint64_t>(root.integer("trials", 1, 1000000, 1));
  root.find("dataset");  // validated by scenario::plan_dataset (dataset_plan.hpp)

  s.model_path = resolve_model(root, file_, model_dirs_);
  config::Document model_doc = model_document(s.model_path).clone();
  model_doc.set_catalog_prefix("parameters");  // a scenario sets the model's keys under `parameters:`
  if (const auto params = root.find("parameters")) {
    if (!params->is_map()) params->fail("must be a map of model values to override (same keys as the model file)");
    model_doc.merge("", doc, "parameters");
  }
  s.model = read_model(model_doc.root());

  std::vector<std::string> muscles;
  double min_delay = INFINITY;
  for (const auto& m : s.model.physiology.muscles) {
    muscles.push_back(m.mechanics.name);
    min_delay = std::min(min_delay, m.reflex.delay_s);
  }
  std::vector<std::string> channels;
  if (const auto& sp = s.model.physiology.supraspinal; sp.enabled) {
    for (const auto& c : sp.channels) channels.push_back(c.name);
    min_delay = std::min({min_delay, sp.corticospinal_delay_s, sp.afferent_delay_s});
  }
  s.protocol = read_protocol(root.at("protocol"), muscles, channels);
  // The supraspinal pathology's tasks were read with the model, before the protocol was known.
  if (const auto sp = model_doc.root().find("supraspinal"))
    if (const auto pathology = sp->find("pathology"))
      if (const auto tasks = pathology->find("tasks"))
        for (const Node& t : tasks->elements()) check_task_name(t, s.protocol);
  s.signals = read_signals(root.find("signals"), muscles);
  if (s.signals.kinematics.rate_hz > s.signals.emg.rate_hz)
    root.at("signals").fail("the kinematics rate must not exceed the EMG rate (labels and drive are sampled at the EMG rate)");
  s.clonus_labels = read_labels(root.find("labels"), s.dystonia_labels, s.myoclonus_labels, s.tremor_labels);
  if (const auto block = root.find("myoclonus")) {
    config::Document presets =
        model_document(find_presets_file(*block, kMyoclonusOriginsFile, "the origins' defaults", s.model_path,
                                         model_search_path(file_, model_dirs_)))
            .clone();
    presets.leave_out_of_catalog();  // data, not keys a scenario writes
    s.myoclonus = read_myoclonus(*block, OriginPresets(presets.root()), s.model.physiology, s.protocol);
  }
  const auto tremor = root.find("tremor");
  const bool rhythms = std::any_of(s.protocol.begin(), s.protocol.end(), [](const auto& ph) { return ph.rhythmic; });
  if (tremor || rhythms) {
    config::Document presets =
        model_document(find_presets_file(tremor ? *tremor : root.at("protocol"), kTremorKindsFile, "the tremor kinds' defaults",
                                         s.model_path, model_search_path(file_, model_dirs_)))
            .clone();
    presets.leave_out_of_catalog();  // data, not keys a scenario writes
    const TremorKinds kinds(presets.root());
    if (tremor) s.tremor = read_tremor(*tremor, kinds, s.model.physiology, s.protocol);
    for (auto& g : read_rhythms(root.at("protocol"), kinds, s.model.physiology, s.protocol)) s.tremor.push_back(std::move(g));
  }
  s.solver = read_solver(root.find("solver"), min_delay);
  try {
    root.finish();
  } catch (const InputError& e) {
    // "--set spinal.reflex_gain=4": a model key given without the parameters. prefix.
    const std::string first = e.key_path().substr(0, e.key_path().find_first_of(".["));
    if (!model_doc.root().is_map() || !model_doc.root().has(first)) throw;
    // The override's own path when the key came from --set ("--set PATH=VALUE" is its mark).
    std::string path = e.key_path();
    if (const std::string& f = e.where().file; f.starts_with("--set ") && f.find('=') != std::string::npos)
      path = f.substr(6, f.find('=') - 6);
    throw InputError(e.where(), e.key_path(),
                     "unknown key '" + first + "'; '" + first +
                         "' is a model key, and model values go under parameters.: did you mean 'parameters." + path + "'?");
  }

  s.resolved_yaml = doc.emit();
  s.model_yaml = model_doc.emit();
  const auto add = [&s](const config::ParameterLog& log, const std::string& prefix) {
    for (std::size_t i = 0; i < log.entries().size(); ++i) {
      s.parameters.emplace_back(prefix + log.entries()[i].first, log.entries()[i].second);
      s.parameter_units.push_back(log.details()[i].unit);
      s.parameter_sources.push_back(log.details()[i].source);
    }
  };
  add(model_doc.log(), "model.");
  add(doc.log(), "");
  return s;
}

}  // namespace nmsim::scenario
