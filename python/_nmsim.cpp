// The compiled half of the Python module: one function that runs the engine facade
// (engine/engine.hpp) and hands the trial to Python as NumPy arrays that take over the
// engine's own buffers (no copy). The Python package (python/nmsim/__init__.py) builds the
// user-facing objects around it.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "engine/engine.hpp"
#include "engine/model_search.hpp"

namespace py = pybind11;

namespace {

// A NumPy array over `values`, which it then owns: the vector moves into a capsule that the
// array keeps alive, so nothing is copied.
template <class T>
py::array_t<T> adopt(std::vector<T>&& values, std::vector<py::ssize_t> shape) {
  auto* owner = new std::vector<T>(std::move(values));
  py::capsule release(owner, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(std::move(shape), owner->data(), release);
}

// Where `model: NAME` is looked up: the command line's order (cli/model_dirs).
std::vector<std::filesystem::path> model_dirs() {
  return nmsim::engine::model_search_path(std::getenv("NMSIM_MODEL_PATH"), NMSIM_MODELS_DIR);
}

// Raises `type` (one of the module's exception classes) with `message` and `attributes` set on
// the exception object, so that Python code can read e.g. e.line.
[[noreturn]] void raise_with_attributes(const py::handle& type, const std::string& message, const py::dict& attributes) {
  py::object error = py::reinterpret_borrow<py::object>(type)(py::str(message));
  for (const auto& [name, value] : attributes) py::setattr(error, name, value);
  PyErr_SetObject(type.ptr(), error.ptr());
  throw py::error_already_set();
}

py::dict series_dict(nmsim::TimeSeries&& s) {
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

py::dict trial_dict(nmsim::engine::Trial&& t) {
  nmsim::TrialRecord& r = t.record;
  py::dict out;
  out["index"] = r.index;
  out["duration"] = r.duration_s;
  py::list series;
  for (auto& s : r.series) series.append(series_dict(std::move(s)));
  out["series"] = series;
  py::dict labels;
  const auto n = static_cast<py::ssize_t>(r.labels.n_samples()), c = static_cast<py::ssize_t>(r.labels.channels.size());
  labels["rate"] = r.labels.rate_hz;
  labels["starting_time"] = r.labels.starting_time_s;
  labels["channels"] = r.labels.channels;
  labels["bit_names"] = r.labels.bit_names.empty() ? nmsim::label_bit_names() : r.labels.bit_names;
  labels["data"] = adopt(std::move(r.labels.data), {n, c});
  out["labels"] = labels;
  py::dict events;
  const nmsim::EventTable& e = r.events;
  events["start_time"] = py::array_t<double>(static_cast<py::ssize_t>(e.size()), e.start_time().data());
  events["stop_time"] = py::array_t<double>(static_cast<py::ssize_t>(e.size()), e.stop_time().data());
  events["label"] = e.label();
  events["channel"] = e.channel();
  events["parent"] = py::array_t<std::int64_t>(static_cast<py::ssize_t>(e.size()), e.parent().data());
  for (const auto& [name, v] : e.real_columns())
    events[py::str(name)] = py::array_t<double>(static_cast<py::ssize_t>(v.size()), v.data());
  for (const auto& [name, v] : e.int_columns())
    events[py::str(name)] = py::array_t<std::int64_t>(static_cast<py::ssize_t>(v.size()), v.data());
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

}  // namespace

PYBIND11_MODULE(_nmsim, m) {
  m.doc() = "nmsim's engine (engine/engine.hpp); use the nmsim package, not this module";
  // Raised with the engine's message and its parts as attributes (file, line, column, key_path,
  // detail; time for a numerical failure).
  static py::exception<nmsim::InputError> scenario_error(m, "ScenarioError", PyExc_ValueError);
  static py::exception<nmsim::NumericalError> numerical_error(m, "NumericalError", PyExc_ArithmeticError);
  m.attr("scenarios_dir") = NMSIM_SCENARIOS_DIR;

  m.def(
      "simulate",
      [](const std::string& scenario, bool is_text, const std::string& name, const std::vector<std::string>& sets,
         std::optional<std::uint64_t> seed, std::uint64_t trial) {
        std::optional<nmsim::engine::Trial> result;
        try {
          py::gil_scoped_release unlocked;  // parsing and integration touch no Python object
          const auto dirs = model_dirs();
          const nmsim::engine::Simulation sim = is_text ? nmsim::engine::Simulation::from_text(scenario, dirs, sets, name)
                                                        : nmsim::engine::Simulation::from_file(scenario, dirs, sets);
          result = seed ? sim.run(trial, *seed) : sim.run(trial);
        } catch (const nmsim::InputError& e) {
          raise_with_attributes(scenario_error, e.what(),
                                py::dict(py::arg("file") = e.where().file, py::arg("line") = e.where().line,
                                         py::arg("column") = e.where().column, py::arg("key_path") = e.key_path(),
                                         py::arg("detail") = e.detail()));
        } catch (const nmsim::NumericalError& e) {
          raise_with_attributes(numerical_error, e.what(), py::dict(py::arg("time") = e.time_s()));
        }
        return trial_dict(std::move(*result));
      },
      py::arg("scenario"), py::arg("is_text"), py::arg("name"), py::arg("sets"), py::arg("seed"), py::arg("trial"));
}
