#include "trial_to_python.hpp"

#include <pybind11/complex.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <vector>

namespace py = pybind11;

namespace nmsim::python {
namespace {

// A NumPy array over `values`, which it then owns: the vector moves into a capsule that the
// array keeps alive, so nothing is copied.
template <class T>
py::array_t<T> adopt(std::vector<T>&& values, std::vector<py::ssize_t> shape) {
  auto* owner = new std::vector<T>(std::move(values));
  py::capsule release(owner, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(std::move(shape), owner->data(), release);
}

py::dict series_dict(TimeSeries&& s) {
  py::dict d;
  const auto n = static_cast<py::ssize_t>(s.n_samples()), c = static_cast<py::ssize_t>(s.n_channels());
  d["path"] = s.path;
  d["unit"] = s.unit;
  d["description"] = s.description;
  d["rate"] = s.rate_hz;
  d["starting_time"] = s.starting_time_s;
  d["channels"] = s.channels;
  d["data"] = adopt(std::move(s.data), {n, c});
  return d;
}

// A bitmask series (labels or artefacts) as a dict; the mask array adopts the record's buffer.
py::dict mask_dict(LabelSeries&& m) {
  py::dict out;
  const auto n = static_cast<py::ssize_t>(m.n_samples()), c = static_cast<py::ssize_t>(m.channels.size());
  out["rate"] = m.rate_hz;
  out["starting_time"] = m.starting_time_s;
  out["channels"] = m.channels;
  out["bit_names"] = m.bit_names;
  out["data"] = adopt(std::move(m.data), {n, c});
  return out;
}

}  // namespace

py::dict trial_dict(engine::Trial&& t) {
  TrialRecord& r = t.record;
  py::dict out;
  out["index"] = r.index;
  out["duration"] = r.duration_s;
  py::list series;
  for (auto& s : r.series) series.append(series_dict(std::move(s)));
  out["series"] = series;
  out["labels"] = mask_dict(std::move(r.labels));
  if (!r.artefacts.channels.empty()) out["artefacts"] = mask_dict(std::move(r.artefacts));
  // Event columns are copied: the table keeps them in its own containers (small next to series).
  py::dict events;
  const EventTable& e = r.events;
  events["start_time"] = copied(e.start_time());
  events["stop_time"] = copied(e.stop_time());
  events["label"] = e.label();
  events["channel"] = e.channel();
  events["parent"] = copied(e.parent());
  for (const auto& [name, v] : e.real_columns()) events[py::str(name)] = copied(v);
  for (const auto& [name, v] : e.int_columns()) events[py::str(name)] = copied(v);
  out["events"] = events;
  py::list parameters;
  for (std::size_t i = 0; i < r.parameters.size(); ++i)
    parameters.append(py::make_tuple(r.parameters[i].first, r.parameters[i].second,
                                     i < r.parameter_units.size() ? r.parameter_units[i] : std::string(),
                                     i < r.parameter_sources.size() ? r.parameter_sources[i] : std::string()));
  out["parameters"] = parameters;
  py::list phases;
  for (std::size_t i = 0; i < r.phase_names.size(); ++i)
    phases.append(py::make_tuple(r.phase_names[i], r.phase_start_s[i], r.phase_stop_s[i]));
  out["phases"] = phases;
  py::dict provenance;
  provenance["scenario_yaml"] = t.provenance.scenario_yaml;
  provenance["model_yaml"] = t.provenance.model_yaml;
  provenance["seed"] = t.provenance.seed;
  provenance["nmsim_version"] = t.provenance.nmsim_version;
  provenance["scenario_path"] = t.provenance.scenario_path;
  provenance["model_path"] = t.provenance.model_path;
  out["provenance"] = provenance;
  return out;
}

py::dict plan_dict(const scenario::TrialPlan& plan, double critical_gain) {
  py::dict d;
  d["index"] = plan.index;
  d["subject"] = plan.subject;
  d["phenotype"] = plan.phenotype;
  d["split"] = plan.split;
  py::dict values;
  for (const auto& [path, value] : plan.values) values[py::str(path)] = value;
  for (const auto& rel : plan.relative) values[py::str(rel.path)] = rel.ratio * critical_gain;
  d["values"] = values;
  d["critical_gain"] = critical_gain;
  py::dict ratios;
  for (const auto& rel : plan.relative) ratios[py::str(rel.path)] = rel.ratio;
  d["ratios"] = ratios;
  return d;
}

py::dict stability_dict(const analysis::StabilityReport& r, const std::string& left_out) {
  py::dict d;
  d["phase"] = r.phase;
  d["time"] = r.time_s;
  d["operating_point"] = std::vector<double>(r.operating_point.data(), r.operating_point.data() + r.operating_point.size());
  d["reflex_gain"] = r.reflex_gain;
  d["stable"] = r.stable;
  d["critical_found"] = r.critical_found;
  d["critical_gain"] = r.critical_found ? r.critical_gain : NAN;
  d["critical_frequency"] = r.critical_found ? r.critical_frequency_hz : NAN;
  std::vector<std::complex<double>> roots;
  std::vector<double> residuals;
  for (const auto& root : r.roots) {
    roots.push_back(root.lambda);
    residuals.push_back(root.residual);
  }
  d["roots"] = copied(roots);
  d["residuals"] = copied(residuals);
  std::vector<double> gain, abscissa, frequency, angle;
  for (const auto& p : r.scan) {
    gain.push_back(p.reflex_gain);
    abscissa.push_back(p.abscissa);
    frequency.push_back(p.frequency_hz);
    angle.push_back(p.angle_rad);
  }
  d["scan"] = py::dict(py::arg("reflex_gain") = copied(gain), py::arg("abscissa") = copied(abscissa),
                       py::arg("frequency") = copied(frequency), py::arg("angle") = copied(angle));
  d["left_out"] = left_out;
  return d;
}

py::dict scenario_dict(const scenario::Scenario& s) {
  py::dict d;
  d["name"] = s.name;
  d["description"] = s.description;
  d["seed"] = s.seed;
  d["trials"] = s.trials;
  d["duration"] = s.duration_s();
  py::list phases;
  for (const auto& p : s.protocol) phases.append(py::make_tuple(p.name, p.duration_s));
  d["phases"] = phases;
  std::vector<std::string> muscles;
  for (const auto& m : s.model.physiology.muscles) muscles.push_back(m.mechanics.name);
  d["muscles"] = muscles;
  d["emg_rate"] = s.signals.emg.rate_hz;
  d["scenario_path"] = s.scenario_path.string();
  d["model_path"] = s.model_path.string();
  return d;
}

}  // namespace nmsim::python
