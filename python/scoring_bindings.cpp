#include "scoring_bindings.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "detectors/catalogue.hpp"
#include "engine_calls.hpp"
#include "io/atomic_file.hpp"
#include "io/detection_file.hpp"
#include "pipeline/score_request.hpp"
#include "trial_to_python.hpp"

namespace py = pybind11;

namespace nmsim::python {
namespace {

py::dict table_dict(const scoring::DetectionTable& t) {
  py::dict d;
  d["trial"] = copied(t.trial);
  d["channel"] = t.channel;
  d["label"] = t.label;
  d["start"] = copied(t.start);
  d["stop"] = copied(t.stop);
  d["score"] = copied(t.score);
  py::dict values;
  for (const auto& [name, v] : t.values) values[py::str(name)] = copied(v);
  d["values"] = values;
  return d;
}

// A table from columns Python checked for equal lengths (nmsim.Detections).
scoring::DetectionTable table_from(const std::vector<std::uint64_t>& trial, const std::vector<std::string>& channel,
                                   const std::vector<std::string>& label, const std::vector<double>& start,
                                   const std::vector<double>& stop, const std::vector<double>& score,
                                   const std::map<std::string, std::vector<double>>& values) {
  scoring::DetectionTable t;
  for (std::size_t r = 0; r < trial.size(); ++r) {
    const std::size_t row = t.add(trial[r], channel[r], label[r], start[r], stop[r], score[r]);
    for (const auto& [name, column] : values) t.set_value(row, name, column[r]);
  }
  return t;
}

}  // namespace

void add_scoring(py::module_& m) {
  py::class_<pipeline::ScoreRequest>(m, "ScoreRequest")
      .def(py::init<>())
      .def_readwrite("dataset", &pipeline::ScoreRequest::dataset)
      .def_readwrite("detections", &pipeline::ScoreRequest::detections)
      .def_readwrite("detections_name", &pipeline::ScoreRequest::detections_name)
      .def_readwrite("labels", &pipeline::ScoreRequest::labels)
      .def_readwrite("strata", &pipeline::ScoreRequest::strata)
      .def_readwrite("bins", &pipeline::ScoreRequest::bins)
      .def_readwrite("label_collars", &pipeline::ScoreRequest::label_collars)
      .def_readwrite("where", &pipeline::ScoreRequest::where)
      .def_readwrite("split", &pipeline::ScoreRequest::split)
      .def_readwrite("collar", &pipeline::ScoreRequest::collar)
      .def_readwrite("offset_fraction", &pipeline::ScoreRequest::offset_fraction)
      .def_readwrite("threshold", &pipeline::ScoreRequest::threshold)
      .def_readwrite("curve_thresholds", &pipeline::ScoreRequest::curve_thresholds);

  py::class_<pipeline::DetectRequest>(m, "DetectRequest")
      .def(py::init<>())
      .def_readwrite("detector", &pipeline::DetectRequest::detector)
      .def_readwrite("dataset", &pipeline::DetectRequest::dataset)
      .def_readwrite("train_split", &pipeline::DetectRequest::train_split)
      .def_readwrite("parameters", &pipeline::DetectRequest::parameters)
      .def_readwrite("renames", &pipeline::DetectRequest::renames);

  m.def("detectors", [] {
    py::list out;
    for (const auto& d : detectors::detector_catalogue())
      out.append(py::dict(py::arg("name") = d.name, py::arg("summary") = d.summary, py::arg("emits") = d.emits,
                          py::arg("parameters") = d.defaults().all()));
    return out;
  });

  m.def(
      "detect",
      [](const pipeline::DetectRequest& request) {
        const pipeline::DetectResult r = unlocked([&] { return pipeline::run_detect(request); });
        py::dict d = table_dict(r.detections);
        d["description"] = r.description;
        return d;
      },
      py::arg("request"));

  m.def(
      "write_detections",
      [](const std::filesystem::path& path, const std::vector<std::uint64_t>& trial, const std::vector<std::string>& channel,
         const std::vector<std::string>& label, const std::vector<double>& start, const std::vector<double>& stop,
         const std::vector<double>& score, const std::map<std::string, std::vector<double>>& values,
         const std::string& comment) {
        unlocked([&] {
          io::write_detection_file(path, table_from(trial, channel, label, start, stop, score, values), comment);
          return 0;
        });
      },
      py::arg("path"), py::arg("trial"), py::arg("channel"), py::arg("label"), py::arg("start"), py::arg("stop"),
      py::arg("score"), py::arg("values"), py::arg("comment"));

  m.def(
      "score",
      [](const pipeline::ScoreRequest& request, const std::string& output) {
        return unlocked([&] {
          const pipeline::ScoreOptions options = pipeline::score_options(request);
          std::optional<pipeline::ReportPaths> paths;
          if (!output.empty()) {  // both writable before any work is done, as nmsim score checks
            paths = pipeline::report_paths(output);
            io::atomic::check_output_writable(paths->json);
            io::atomic::check_output_writable(paths->markdown);
          }
          const scoring::Json report = pipeline::score_dataset(options);
          if (paths) pipeline::write_score_report(*paths, report);
          return report.dump();
        });
      },
      py::arg("request"), py::arg("output"));
}

}  // namespace nmsim::python
