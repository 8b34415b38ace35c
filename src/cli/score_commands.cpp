#include "cli/score_commands.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <map>

#include "cli/app.hpp"
#include "cli/help_footer.hpp"
#include "cli/python_tools.hpp"
#include "core/error.hpp"
#include "detectors/catalogue.hpp"
#include "io/atomic_file.hpp"
#include "io/detection_file.hpp"
#include "pipeline/detect_dataset.hpp"
#include "pipeline/score_dataset.hpp"

namespace nmsim::cli {

namespace fs = std::filesystem;

namespace {

// REPORT, REPORT.json or REPORT.md -> REPORT
fs::path report_stem(const std::string& output) {
  fs::path p(output);
  if (p.extension() == ".json" || p.extension() == ".md") p.replace_extension();
  return p;
}

}  // namespace

CLI::App* add_score_command(CLI::App& app, ScoreCommandOptions& o) {
  auto* c = app.add_subcommand("score", "score detections against a dataset's labels; write a JSON + Markdown report card");
  c->add_option("dataset", o.request.dataset, "nmsim HDF5 dataset")->required();
  c->add_option("detections", o.request.detections, "detections: CSV or HDF5 (docs/scoring.md)")->required();
  c->add_option("-o,--output", o.output, "report name: writes REPORT.json and REPORT.md (and REPORT_*.png with --plot)")
      ->required();
  c->add_option("--labels", o.request.labels, "labels to score, comma-separated (default: the labels detected)")
      ->allow_extra_args(false);
  c->add_option("--split", o.request.split, "score only the trials of this split (e.g. test)");
  c->add_option("--where", o.request.where, "score only trials whose /index row meets COLUMN OP VALUE, OP one of = != < <= > >= (repeatable; e.g. gain_ratio>=1.5)")
      ->allow_extra_args(false);
  c->add_option("--collar", o.request.collar, "onset collar and minimum offset tolerance for every label, s (default per label)");
  c->add_option("--offset-fraction", o.request.offset_fraction, "offset tolerance as a fraction of the reference length (default 0.5)");
  c->add_option("--label-collar", o.request.label_collars, "collar for one label: LABEL=SECONDS (repeatable)")
      ->allow_extra_args(false);
  c->add_option("--strata", o.request.strata, "/index columns to stratify by, comma-separated (default: all but identifiers)")
      ->allow_extra_args(false);
  c->add_option("--bins", o.request.bins, "bin edges for a numeric column: COLUMN=E1,E2,... (repeatable)")
      ->allow_extra_args(false);
  c->add_option("--threshold", o.request.threshold, "per-sample scores at or above this become detections (default 0.5)");
  c->add_option("--curve-thresholds", o.request.curve_thresholds, "score thresholds of the event-level PR curve (default 50)")
      ->check(CLI::Range(2u, 100000u));
  c->add_flag("--plot", o.plot, "draw the PNG plots with tools/score_report.py (python3 + matplotlib)");
  c->add_flag("-q,--quiet", o.quiet, "print nothing on success");
  c->footer(help_footer("  nmsim score data.h5 detections.csv -o report          # report.json and report.md\n"
                        "  nmsim score data.h5 detections.h5 -o report --split test --labels clonus_episode\n"
                        "  nmsim score data.h5 detections.csv -o report --plot   # and report_*.png\n"
                        "  nmsim score data.h5 detections.csv -o clear --where phenotype=clonus --where 'gain_ratio>=1.5'"));
  return c;
}

CLI::App* add_detect_command(CLI::App& app, DetectCommandOptions& o) {
  auto* c = app.add_subcommand("detect", "run a published baseline detector over a dataset; write its detections");
  c->add_option("detector", o.request.detector, "detector name (see --list)");
  c->add_option("dataset", o.request.dataset, "nmsim HDF5 dataset");
  c->add_option("-o,--output", o.output, "detections file: .csv, or HDF5 for any other name (written atomically)");
  c->add_option("--param", o.request.parameters, "set a detector parameter: NAME=VALUE (repeatable; see --list)")
      ->allow_extra_args(false);
  c->add_option("--rename", o.request.renames, "rename an emitted label: FROM=TO (repeatable), e.g. tremor=clonus_episode")
      ->allow_extra_args(false);
  c->add_option("--train-split", o.request.train_split, "split the learned baseline trains on (default train)");
  c->add_flag("--list", o.list, "list the detectors and their parameters");
  c->add_flag("-q,--quiet", o.quiet, "print nothing on success");
  c->footer(help_footer("  nmsim detect --list\n"
                        "  nmsim detect clonus_wavelet data.h5 -o detections.csv\n"
                        "  nmsim score data.h5 detections.csv -o report      # then score it"));
  return c;
}

int score_command(const ScoreCommandOptions& o) {
  const pipeline::ScoreOptions s = pipeline::score_options(o.request);
  const fs::path stem = report_stem(o.output);
  const pipeline::ReportPaths paths = pipeline::report_paths(stem);
  // Both outputs must be writable before any work is done.
  io::atomic::check_output_writable(paths.json);
  io::atomic::check_output_writable(paths.markdown);

  const scoring::Json report = pipeline::score_dataset(s);
  std::map<std::string, std::string> images;
  if (o.plot) {
    std::string cmd;
    if (!run_python_tool("score_report.py", {paths.json.string()}, &cmd)) {
      std::fprintf(stderr, "nmsim: the plots failed (%s); %s was written without them\n", cmd.c_str(), paths.json.c_str());
      return kExitInternal;
    }
    for (const auto& [label, L] : report.find("labels")->members())
      for (const char* kind : {"pr", "latency", "classes", "strata"}) {
        fs::path png = stem;
        png += "_" + label + "_" + kind + ".png";
        if (fs::exists(png)) images[label + "/" + kind] = png.filename().string();
      }
  }
  pipeline::write_score_report(paths, report, images);
  if (!o.quiet) {
    std::printf("scored %.0f trials (%.1f min): wrote %s and %s\n", report.find("trials_scored")->number(),
                report.find("minutes_scored")->number(), paths.json.c_str(), paths.markdown.c_str());
    for (const auto& [label, L] : report.find("labels")->members()) {
      const scoring::Json* ov = L.find("overall");
      std::printf("  %-24s events P %.3f R %.3f F1 %.3f  FA/min %.2f  samples F1 %.3f\n", label.c_str(),
                  ov->find("precision")->number(), ov->find("recall")->number(), ov->find("f1")->number(),
                  ov->find("false_alarms_per_minute")->number(), ov->find("samples")->find("f1")->number());
    }
    for (const auto& w : report.find("warnings")->items()) std::fprintf(stderr, "nmsim: warning: %s\n", w.string().c_str());
  }
  return kExitOk;
}

int detect_command(const DetectCommandOptions& o) {
  if (o.list) {
    for (const auto& d : detectors::detector_catalogue()) {
      std::printf("%s: %s\n  emits: %s\n  parameters:", d.name.c_str(), d.summary.c_str(), d.emits.c_str());
      const detectors::Parameters defaults = d.defaults();
      for (const auto& [k, v] : defaults.all()) std::printf(" %s=%g", k.c_str(), v);
      std::printf("\n");
    }
    return kExitOk;
  }
  if (o.request.detector.empty() || o.request.dataset.empty() || o.output.empty())
    throw InputError({}, "detect", "expected: nmsim detect NAME DATASET.h5 -o DETECTIONS.csv (or --list)");
  io::atomic::check_output_writable(o.output);  // fails before the work, not after it
  const pipeline::DetectResult result = pipeline::run_detect(o.request);
  io::write_detection_file(o.output, result.detections, result.description);
  if (!o.quiet)
    std::printf("%s: %zu detections in %zu trials written to %s\n", o.request.detector.c_str(), result.detections.size(),
                result.trials, o.output.c_str());
  return kExitOk;
}

}  // namespace nmsim::cli
