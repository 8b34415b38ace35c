// The compiled half of the Python module: the engine facade (engine/engine.hpp), dataset plans
// (engine/dataset_trials.hpp) and the stability analysis, each run with the GIL released, with
// engine errors raised as the module's exceptions. The Python package (python/nmsim/) builds
// the user-facing objects around the dicts this returns (trial_to_python.hpp).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/dataset_trials.hpp"
#include "engine/engine.hpp"
#include "engine/model_search.hpp"
#include "engine/scenario_stability.hpp"
#include "scenario/overrides.hpp"
#include "engine_calls.hpp"
#include "scoring_bindings.hpp"
#include "trial_to_python.hpp"

namespace py = pybind11;
using nmsim::python::run_all;
using nmsim::python::trial_dict;
using nmsim::python::unlocked;

namespace {

// Where `model: NAME` is looked up: the command line's order (cli/model_dirs).
std::vector<std::filesystem::path> model_dirs() {
  return nmsim::engine::model_search_path(std::getenv("NMSIM_MODEL_PATH"), NMSIM_MODELS_DIR);
}

// A scenario as the package names it: a file, or YAML text standing for the file `name`.
struct Source {
  std::string scenario;
  bool is_text = false;
  std::string name;
  std::vector<std::string> sets;  // "path.to.key=value", as nmsim run --set

  std::shared_ptr<const nmsim::scenario::ScenarioSource> open() const {
    using nmsim::scenario::ScenarioSource;
    if (is_text) return ScenarioSource::from_text(scenario, name, model_dirs());
    return std::make_shared<const ScenarioSource>(scenario, model_dirs());
  }
  std::vector<nmsim::config::Override> overrides() const {
    std::vector<nmsim::config::Override> out;
    for (const auto& s : sets) out.push_back(nmsim::config::parse_override(s));
    return out;
  }
  nmsim::scenario::Scenario load(std::optional<std::uint64_t> seed = std::nullopt) const {
    return open()->load(overrides(), seed);
  }
};

// A dataset plan held for the package's nmsim.Dataset.
class Dataset {
 public:
  explicit Dataset(const Source& source, std::optional<std::uint64_t> seed)
      : trials_(unlocked([&] { return std::make_shared<const nmsim::engine::DatasetTrials>(source.open(), source.overrides(), seed); })) {}

  std::uint64_t size() const { return trials_->size(); }
  const nmsim::engine::DatasetTrials& trials() const { return *trials_; }

  // Trial `index` with where it came from; the stability analysis and the run without the GIL.
  py::dict trial(std::uint64_t index) const {
    check(index);
    return as_dict(unlocked([&] { return make(index); }));
  }
  // Several trials on `threads` threads, in the order given (the first failure raised, with its position).
  py::list trials_many(const std::vector<std::uint64_t>& indices, unsigned threads) const {
    for (auto i : indices) check(i);
    auto done = run_all<Made>(indices.size(), threads, [&](std::size_t k) { return make(indices[k]); });
    py::list out;
    for (auto& m : done) out.append(as_dict(std::move(m)));
    return out;
  }
  // Where trial `index` comes from, without simulating (and without its critical gain, NaN).
  py::dict plan(std::uint64_t index) const {
    check(index);
    return nmsim::python::plan_dict(trials_->plan().trial(index), NAN);
  }

 private:
  using Made = std::pair<nmsim::engine::PlannedTrial, nmsim::engine::Trial>;
  // Call without the GIL.
  Made make(std::uint64_t index) const {
    nmsim::engine::PlannedTrial p = trials_->planned(index);
    nmsim::engine::Trial t = trials_->run(p);
    return {std::move(p), std::move(t)};
  }
  static py::dict as_dict(Made&& m) {
    py::dict d = trial_dict(std::move(m.second));
    d["plan"] = nmsim::python::plan_dict(m.first.plan, m.first.critical_gain);
    return d;
  }
  void check(std::uint64_t index) const {
    if (index >= size())
      throw py::index_error("trial " + std::to_string(index) + " is past the dataset's end (it has " +
                            std::to_string(size()) + " trials)");
  }
  std::shared_ptr<const nmsim::engine::DatasetTrials> trials_;
};

}  // namespace

PYBIND11_MODULE(_nmsim, m) {
  m.doc() = "nmsim's engine (engine/engine.hpp); use the nmsim package, not this module";
  // Raised with the engine's message and its parts as attributes (file, line, column, key_path,
  // detail; time for a numerical failure; job for the failing item of a batch).
  static py::exception<nmsim::InputError> scenario_error(m, "ScenarioError", PyExc_ValueError);
  static py::exception<nmsim::NumericalError> numerical_error(m, "NumericalError", PyExc_ArithmeticError);
  nmsim::python::set_exception_types(scenario_error, numerical_error);
  m.attr("scenarios_dir") = NMSIM_SCENARIOS_DIR;

  py::class_<Source>(m, "Source")
      .def(py::init<std::string, bool, std::string, std::vector<std::string>>(), py::arg("scenario"), py::arg("is_text"),
           py::arg("name"), py::arg("sets"));

  m.def(
      "simulate",
      [](const Source& source, std::optional<std::uint64_t> seed, std::uint64_t trial) {
        return trial_dict(unlocked([&] { return nmsim::engine::simulate(source.load(seed), trial); }));
      },
      py::arg("source"), py::arg("seed"), py::arg("trial"));

  m.def(
      "simulate_many",
      [](const std::vector<std::tuple<Source, std::optional<std::uint64_t>, std::uint64_t>>& jobs, unsigned threads) {
        auto trials = run_all<nmsim::engine::Trial>(jobs.size(), threads, [&](std::size_t i) {
          const auto& [source, seed, trial] = jobs[i];
          return nmsim::engine::simulate(source.load(seed), trial);
        });
        py::list out;
        for (auto& t : trials) out.append(trial_dict(std::move(t)));
        return out;
      },
      py::arg("jobs"), py::arg("threads"));

  m.def(
      "describe", [](const Source& source) { return nmsim::python::scenario_dict(unlocked([&] { return source.load(); })); },
      py::arg("source"));

  m.def(
      "stability",
      [](const Source& source, const std::string& phase) {
        auto [report, left_out] = unlocked([&] {
          const nmsim::scenario::Scenario s = source.load();
          return std::make_pair(nmsim::engine::scenario_stability(s, phase, "phase"), nmsim::engine::left_out_of_stability(s));
        });
        return nmsim::python::stability_dict(report, left_out);
      },
      py::arg("source"), py::arg("phase"));

  py::class_<Dataset>(m, "Dataset")
      .def(py::init<const Source&, std::optional<std::uint64_t>>(), py::arg("source"), py::arg("seed"))
      .def("__len__", &Dataset::size)
      .def("trial", &Dataset::trial, py::arg("index"))
      .def("plan", &Dataset::plan, py::arg("index"))
      .def("trials_many", &Dataset::trials_many, py::arg("indices"), py::arg("threads"))
      .def_property_readonly("class_names", [](const Dataset& d) { return d.trials().plan().class_names(); })
      .def_property_readonly("split_names", [](const Dataset& d) { return d.trials().plan().split_names(); })
      .def_property_readonly("value_paths", [](const Dataset& d) { return d.trials().plan().value_paths(); })
      .def_property_readonly("base", [](const Dataset& d) { return nmsim::python::scenario_dict(d.trials().base()); });

  nmsim::python::add_scoring(m);
}
