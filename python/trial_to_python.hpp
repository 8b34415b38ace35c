#pragma once
// Engine results as the Python objects the nmsim package wraps: dicts of NumPy arrays that
// take over the engine's buffers where they can (no copy), and plain values. Call with the GIL.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <vector>

#include "analysis/stability.hpp"
#include "engine/dataset_trials.hpp"
#include "engine/engine.hpp"

namespace nmsim::python {

// A NumPy array holding a copy of `values` (for small tables the engine keeps in containers).
template <class T>
pybind11::array_t<T> copied(const std::vector<T>& values) {
  return pybind11::array_t<T>(static_cast<pybind11::ssize_t>(values.size()), values.data());
}

// A trial: series, labels, events, parameters, phases, provenance (moved out of `trial`).
pybind11::dict trial_dict(engine::Trial&& trial);
// Where a dataset trial comes from: index, subject, phenotype, split, drawn values, critical gain.
pybind11::dict plan_dict(const scenario::TrialPlan& plan, double critical_gain);
// A stability report: roots as complex numbers, the gain scan as arrays.
pybind11::dict stability_dict(const analysis::StabilityReport& report, const std::string& left_out);
// What a scenario is before it runs: name, seed, trials, duration, phases, muscles, rates.
pybind11::dict scenario_dict(const scenario::Scenario& s);

}  // namespace nmsim::python
