#include "engine_calls.hpp"

#include <string>

namespace py = pybind11;

namespace nmsim::python {
namespace {

py::handle scenario_error_type, numerical_error_type;

// Raises `type` with `message` and `attributes` set on the exception object, so that Python
// code can read e.g. e.line.
[[noreturn]] void raise_with_attributes(const py::handle& type, const std::string& message, const py::dict& attributes) {
  py::object error = py::reinterpret_borrow<py::object>(type)(py::str(message));
  for (const auto& [name, value] : attributes) py::setattr(error, name, value);
  PyErr_SetObject(type.ptr(), error.ptr());
  throw py::error_already_set();
}

}  // namespace

void set_exception_types(py::handle scenario_error, py::handle numerical_error) {
  scenario_error_type = scenario_error;
  numerical_error_type = numerical_error;
}

void raise_engine_error(const std::exception_ptr& error, std::optional<std::size_t> job) {
  try {
    std::rethrow_exception(error);
  } catch (const InputError& e) {
    py::dict a(py::arg("file") = e.where().file, py::arg("line") = e.where().line, py::arg("column") = e.where().column,
               py::arg("key_path") = e.key_path(), py::arg("detail") = e.detail());
    if (job) a["job"] = *job;
    raise_with_attributes(scenario_error_type, e.what(), a);
  } catch (const NumericalError& e) {
    py::dict a(py::arg("time") = e.time_s());
    if (job) a["job"] = *job;
    raise_with_attributes(numerical_error_type, e.what(), a);
  }
}

}  // namespace nmsim::python
