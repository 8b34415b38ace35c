#pragma once
// The scorer and the baseline detectors for the Python module: the functions behind
// `nmsim score` and `nmsim detect` (pipeline/score_request.hpp), so that Python gets the
// command line's results.
#include <pybind11/pybind11.h>

namespace nmsim::python {

// Adds detectors(), detect(), write_detections(), score() and their request types to `m`.
// `unlocked` runs work without the GIL and raises engine errors as the module's exceptions.
void add_scoring(pybind11::module_& m);

}  // namespace nmsim::python
