#pragma once
// `nmsim score` and `nmsim detect` as their users write them: text values, as on the command
// line or as the Python module's keyword arguments, turned into the pipeline's options. Every
// bad value is an InputError keyed by the option's command-line name (--bins, --param, ...).
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "pipeline/detect_dataset.hpp"
#include "pipeline/score_dataset.hpp"

namespace nmsim::pipeline {

struct ScoreRequest {
  std::string dataset, detections;
  std::string detections_name;              // in the report instead of the path, if set
  std::vector<std::string> labels, strata;  // each item may be a comma-separated list
  std::vector<std::string> bins;            // COLUMN=E1,E2,...
  std::vector<std::string> label_collars;   // LABEL=SECONDS
  std::vector<std::string> where;           // COLUMN OP VALUE
  std::string split;
  double collar = -1.0, offset_fraction = -1.0;  // < 0: the per-label defaults
  double threshold = 0.5;
  unsigned curve_thresholds = 50;
};

ScoreOptions score_options(const ScoreRequest& request);

// A report card's files: its JSON (STEM.json) and its Markdown page (STEM.md).
struct ReportPaths {
  std::filesystem::path json, markdown;
};
ReportPaths report_paths(const std::filesystem::path& stem);
// Writes both atomically; `images` ("label/kind" -> PNG file name) are linked from the page.
void write_score_report(const ReportPaths& paths, const scoring::Json& report,
                        const std::map<std::string, std::string>& images = {});

struct DetectRequest {
  std::string detector, dataset, train_split = "train";
  std::vector<std::string> parameters;  // NAME=VALUE
  std::vector<std::string> renames;     // FROM=TO: an emitted label written under another name
};

// Runs the detector over the dataset, renames applied.
DetectResult run_detect(const DetectRequest& request);

}  // namespace nmsim::pipeline
