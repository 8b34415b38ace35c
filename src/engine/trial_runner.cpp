#include "engine/trial_runner.hpp"

#include <algorithm>
#include <stdexcept>

#include "analysis/stability.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "core/resample.hpp"
#include "physiology/neuromuscular_model.hpp"
#include "engine/count_registry.hpp"
#include "engine/observables.hpp"
#include "engine/trajectory_recorder.hpp"
#include "engine/trial_labels.hpp"
#include "signals/emg.hpp"
#include "signals/excitation_map.hpp"
#include "signals/normal_sampler.hpp"

namespace nmsim::engine {
namespace {

using scenario::Scenario;

// An empty series of `path` with the unit, description and rate its declaration gives.
TimeSeries declared_series(std::string path, std::vector<std::string> channels, const Scenario& s) {
  const Observable& o = observable(path);
  TimeSeries ts;
  ts.path = std::move(path);
  ts.unit = o.unit;
  ts.description = o.description;
  ts.rate_hz = o.rate == SampledAt::EmgRate ? s.signals.emg.rate_hz : s.signals.kinematics.rate_hz;
  ts.channels = std::move(channels);
  return ts;
}

TimeSeries make_series(std::string path, std::vector<std::string> channels,
                       const std::vector<const std::vector<double>*>& columns, const std::vector<double>& noise_sd,
                       const Scenario& s, std::uint64_t trial, const std::vector<std::uint32_t>& noise_streams) {
  TimeSeries ts = declared_series(std::move(path), std::move(channels), s);
  const std::size_t n = columns.front()->size(), c = columns.size();
  ts.data.resize(n * c);
  for (std::size_t j = 0; j < c; ++j) {
    const double sd = noise_sd.empty() ? 0.0 : noise_sd[j];
    const auto& col = *columns[j];
    if (sd > 0.0) {
      RandomStream noise(s.seed, trial, RngPurpose::SensorNoise, noise_streams[j]);
      for (std::size_t k = 0; k < n; ++k) ts.data[k * c + j] = static_cast<float>(col[k] + sd * signals::ziggurat_normal(noise));
    } else {
      for (std::size_t k = 0; k < n; ++k) ts.data[k * c + j] = static_cast<float>(col[k]);
    }
  }
  return ts;
}

// The EMG of muscle i without its dystonic drive: the pool excitation minus the dystonic part
// (interpolated from the kinematics rate), through the same motor units, discharge streams and
// noise as the real EMG. Empty if the muscle never received dystonic drive.
std::vector<float> healthy_twin_emg(const SampledTrajectory& tr, std::size_t i, const signals::ExcitationMap& map,
                                    const signals::MotorUnitPool& pool, const Scenario& s, std::uint64_t trial) {
  const std::vector<double>& part = tr.at("internals/dystonic_drive")[i];
  if (std::none_of(part.begin(), part.end(), [](double x) { return x != 0.0; })) return {};
  const std::vector<double>& u = tr.excitation[i];
  std::vector<double> twin = core::resample_linear(part, tr.kin_rate_hz, tr.emg_rate_hz, u.size());
  for (std::size_t k = 0; k < u.size(); ++k) twin[k] = std::max(0.0, u[k] - twin[k]);
  const auto ui = static_cast<std::uint32_t>(i);
  RandomStream firing(s.seed, trial, RngPurpose::MotorUnitFiring, ui);
  RandomStream noise(s.seed, trial, RngPurpose::EmgNoise, ui);
  return signals::simulate_emg(pool, map.excitation(twin), s.signals.emg, firing, noise);
}

// The chain's artefacts as the trial's artefact mask and as events `artefact_<bit name>`.
void record_artefacts(const signals::ChainArtefacts& a, const TimeSeries& emg, TrialRecord& rec) {
  if (a.mask.empty()) return;
  rec.artefacts.rate_hz = emg.rate_hz;
  rec.artefacts.starting_time_s = emg.starting_time_s;
  rec.artefacts.channels = emg.channels;
  rec.artefacts.bit_names = signals::artefact_bit_names();
  rec.artefacts.data = a.mask;
  for (const signals::ArtefactEvent& e : a.events) {
    const std::size_t row =
        rec.events.add(e.start_s, e.stop_s, "artefact_" + signals::artefact_bit_names()[e.bit], emg.channels[e.channel]);
    if (e.amplitude_v != 0.0) rec.events.set_real(row, "pop_step", e.amplitude_v);
    if (e.gain != 0.0) rec.events.set_real(row, "gain", e.gain);
    if (e.depth_m) rec.events.set_real(row, "depth", *e.depth_m);
  }
  if (!a.events.empty()) rec.events.sort_by_time();
}

// The inertial sensor's faults on the written accelerometer and angular-velocity (gyroscope)
// series, after labelling; each saturated run becomes an artefact_sensor_saturation event.
void add_sensor_faults(const Scenario& s, std::uint64_t trial, TrialRecord& rec) {
  TimeSeries* accelerometer = nullptr;
  TimeSeries* gyro = nullptr;
  for (TimeSeries& series : rec.series) {
    if (series.path == "kinematics/accelerometer") accelerometer = &series;
    if (series.path == "kinematics/velocity") gyro = &series;
  }
  NMSIM_CHECK(accelerometer && gyro, "every trial writes the accelerometer and the angular velocity");
  const auto saturations = signals::apply_sensor_faults(accelerometer->data, gyro->data, gyro->rate_hz,
                                                        s.signals.kinematics.faults, s.seed, trial);
  for (const signals::Saturation& sat : saturations) {
    const TimeSeries& series = sat.gyro ? *gyro : *accelerometer;
    rec.events.add(sat.start_s, sat.stop_s, "artefact_sensor_saturation", series.path + "/" + series.channels[sat.channel]);
  }
  if (!saturations.empty()) rec.events.sort_by_time();
}

std::vector<const std::vector<double>*> pointers(const std::vector<std::vector<double>>& per_muscle) {
  std::vector<const std::vector<double>*> out;
  for (const auto& v : per_muscle) out.push_back(&v);
  return out;
}

}  // namespace

std::vector<physiology::Stimulus> protocol_stimuli(const std::vector<physiology::Phase>& phases,
                                                   const physiology::Protocol& protocol) {
  std::vector<physiology::Stimulus> out;
  for (std::size_t i = 0; i < phases.size(); ++i)
    for (const auto& [at, type] : phases[i].stimuli) out.push_back({protocol.phase_start(i) + at, type});
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.time_s < b.time_s; });
  return out;
}

physiology::MyoclonusSchedule myoclonus_schedule(const Scenario& s, const physiology::Protocol& protocol,
                                                 std::uint64_t trial) {
  std::vector<double> cord;
  for (const auto& m : s.model.physiology.muscles) cord.push_back(m.cord_position_m);
  std::vector<std::string> tasks;
  std::vector<double> starts;
  for (std::size_t i = 0; i < s.protocol.size(); ++i) {
    tasks.push_back(s.protocol[i].task);
    starts.push_back(protocol.phase_start(i));
  }
  starts.push_back(protocol.duration());
  return physiology::MyoclonusSchedule(s.myoclonus, cord, tasks, starts, protocol_stimuli(s.protocol, protocol), s.seed,
                                       trial);
}

physiology::TremorSchedule tremor_schedule(const Scenario& s, const physiology::Protocol& protocol, std::uint64_t trial) {
  std::vector<physiology::TremorPhase> phases;
  const auto any_positive = [](const std::vector<double>& v) {
    return std::any_of(v.begin(), v.end(), [](double x) { return x > 0.0; });
  };
  for (std::size_t i = 0; i < s.protocol.size(); ++i) {
    const physiology::Phase& ph = s.protocol[i];
    phases.push_back({protocol.phase_start(i), protocol.phase_stop(i), ph.task,
                      ph.rhythmic || any_positive(ph.command) || any_positive(ph.descending_drive)});
  }
  return physiology::TremorSchedule(s.tremor, phases, s.model.physiology.muscles.size(), s.seed, trial);
}

TrialRecord run_trial(const Scenario& s, std::uint64_t trial, TrialStats* stats) {
  const physiology::ModelParams params = analysis::with_resting_discharge(s.model.physiology, s.protocol);
  const double duration = s.duration_s();

  // Start at rest: the equilibrium under the first phase's inputs, with the examiner's hand
  // reference starting from that resting angle.
  const Eigen::VectorXd rest = analysis::resting_state(params, s.protocol);
  const physiology::NeuromuscularModel model(params, physiology::Protocol(s.protocol, rest[0]));
  // The trial's own inputs: thalamic fluctuations and myoclonic volleys, from (seed, trial).
  physiology::TrialInputs inputs;
  inputs.thalamic_noise = model.draw_thalamic_noise(s.seed, trial);
  if (!s.myoclonus.empty()) inputs.myoclonus = myoclonus_schedule(s, model.protocol(), trial);
  if (!s.tremor.empty()) inputs.tremor = tremor_schedule(s, model.protocol(), trial);
  const physiology::TrialSystem system(model, inputs);
  TrajectoryRecorder recorder(system, duration, s.signals.emg.rate_hz, s.signals.kinematics.rate_hz,
                              TrialGenerators::of(s));
  const std::vector<double> x0(rest.data(), rest.data() + rest.size());
  const auto integration = core::integrate(system, x0, 0.0, duration, s.solver, recorder);
  const SampledTrajectory tr = recorder.take();
  // Outside this range the rigid-tendon geometry is meaningless: report, do not write data.
  double lo, hi;
  model.valid_angle_range(lo, hi);
  const std::vector<double>& theta = tr.at("kinematics/angle").front();
  for (std::size_t k = 0; k < theta.size(); ++k)
    if (theta[k] < lo || theta[k] > hi)
      throw NumericalError(static_cast<double>(k) / tr.kin_rate_hz,
                           "the joint angle " + std::to_string(theta[k]) + " rad left the range [" + std::to_string(lo) +
                               ", " + std::to_string(hi) + "] rad where every muscle's pennation stays below 75 degrees");

  TrialRecord rec;
  rec.index = trial;
  rec.duration_s = duration;
  rec.parameters = s.parameters;
  rec.parameter_units = s.parameter_units;
  rec.parameter_sources = s.parameter_sources;
  const physiology::Protocol& protocol = model.protocol();
  for (std::size_t i = 0; i < s.protocol.size(); ++i) {
    rec.phase_names.push_back(s.protocol[i].name);
    rec.phase_start_s.push_back(protocol.phase_start(i));
    rec.phase_stop_s.push_back(protocol.phase_stop(i));
  }
  const std::vector<std::string>& muscles = model.muscle_names();
  const std::size_t m = muscles.size();

  // EMG: each muscle's motor-unit pool, driven by its motoneuron excitation.
  TimeSeries emg = declared_series("emg", muscles, s);
  const std::size_t n_emg = tr.excitation.front().size();
  emg.data.resize(n_emg * m);
  PoolRecruitment recruitment;  // for the silent-period labels
  const signals::RecordingChainParams& chain = s.signals.emg.chain;
  signals::ChainInputs chain_inputs;  // what the recording chain needs besides the EMG
  std::vector<std::vector<float>>& sources = chain_inputs.sources;
  if (!chain.crosstalk.empty()) sources.resize(m);
  for (std::size_t i = 0; i < m; ++i) {
    const auto ui = static_cast<std::uint32_t>(i);
    const signals::MotorUnitPool pool(s.model.motor_units[i], RandomStream(s.seed, trial, RngPurpose::MotorUnitPool, ui));
    const signals::ExcitationMap map(pool);
    const std::vector<double> e = map.excitation(tr.excitation[i]);
    recruitment.first_threshold.push_back(pool.units().front().threshold);
    RandomStream firing(s.seed, trial, RngPurpose::MotorUnitFiring, ui);
    RandomStream noise(s.seed, trial, RngPurpose::EmgNoise, ui);
    std::vector<float> v = pool.synthesize(e, s.signals.emg.rate_hz, firing);
    if (!sources.empty()) sources[i] = v;
    v = signals::add_instrumentation(std::move(v), s.signals.emg, noise);
    for (std::size_t k = 0; k < n_emg; ++k) emg.data[k * m + i] = v[k];
    if (!s.myoclonus.empty()) recruitment.input.push_back(e);
    recruitment.healthy_twin_emg.push_back(
        tr.has("internals/dystonic_drive") ? healthy_twin_emg(tr, i, map, pool, s, trial) : std::vector<float>{});
  }
  recruitment.rate_hz = emg.rate_hz;
  rec.series.push_back(std::move(emg));

  // Every other series the trial records, in the order of their declarations (observables.cpp).
  for (const Observable& o : observables()) {
    if (o.path == "emg" || o.recorded == RecordedWith::StoreClean || (o.internal && !s.signals.internals)) continue;
    if (o.path == "internals/excitation") {  // the recorder's EMG-rate samples of the state
      rec.series.push_back(make_series(std::string(o.path), muscles, pointers(tr.excitation), {}, s, trial, {}));
      continue;
    }
    const RecordedSeries* r = tr.find(o.path);
    if (r == nullptr) continue;  // not recorded in this trial (no myoclonus, no supraspinal loop)
    if (one_series_per_loop_unit(o)) {
      const std::size_t c = r->channels.size();
      const std::string base(o.path.substr(0, o.path.rfind('/') + 1));
      for (std::size_t u = 0; u < physiology::SupraspinalLoop::kUnits; ++u) {
        const std::vector<std::vector<double>> unit(r->values.begin() + static_cast<std::ptrdiff_t>(u * c),
                                                    r->values.begin() + static_cast<std::ptrdiff_t>((u + 1) * c));
        rec.series.push_back(make_series(base + physiology::supraspinal_unit_name(u), r->channels, pointers(unit), {}, s,
                                         trial, {}));
      }
      continue;
    }
    std::vector<double> noise_sd;
    std::vector<std::uint32_t> streams;
    for (std::size_t c = 0; o.noise_sd && c < r->values.size(); ++c) {
      noise_sd.push_back(o.noise_sd(s.signals.kinematics));
      streams.push_back(o.first_noise_stream + static_cast<std::uint32_t>(c));
    }
    rec.series.push_back(make_series(std::string(o.path), r->channels, pointers(r->values), noise_sd, s, trial, streams));
  }

  // Labels from model state (trial_labels.hpp).
  TrialStats st;
  st.integration = integration;
  st.counts = empty_counts();
  label_trial(s, model, inputs, tr, recruitment, rec, st);
  // The recording chain degrades the EMG after labelling: labels and salience describe what the
  // muscles did, and the chain's artefacts are the detector's problem (docs/labels.md).
  if (chain.active()) {
    TimeSeries& written = rec.series.front();
    if (chain.store_clean) {
      TimeSeries clean = written;
      const Observable& o = observable("emg_clean");
      clean.path = o.path;
      clean.description = o.description;
      rec.series.insert(rec.series.begin() + 1, std::move(clean));
    }
    if (chain.any([](const signals::ChainStages& c) { return c.motion; })) {
      chain_inputs.acceleration = tr.at("kinematics/acceleration").front();
      chain_inputs.acceleration_rate_hz = tr.kin_rate_hz;
    }
    const signals::ChainArtefacts artefacts =
        signals::apply_recording_chain(written.data, m, chain_inputs, s.signals.emg, s.seed, trial);
    record_artefacts(artefacts, written, rec);
  }
  if (s.signals.kinematics.faults.enabled()) add_sensor_faults(s, trial, rec);
  for (auto& c : st.counts)  // counts of labellers outside trial_labels (count_registry.hpp)
    if (const auto* spec = find_count_spec(c.name); spec && spec->from_record) c.value = spec->from_record(rec);
  if (stats) *stats = std::move(st);
  return rec;
}

double TrialStats::count(const std::string& name) const {
  if (const auto* c = find_count(counts, name)) return c->value;
  throw std::out_of_range("no count '" + name + "'");
}

}  // namespace nmsim::engine
