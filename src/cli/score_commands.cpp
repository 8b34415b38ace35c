#include "cli/score_commands.hpp"

#include <CLI/CLI.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sys/wait.h>

#include "cli/app.hpp"
#include "cli/help_footer.hpp"
#include "core/error.hpp"
#include "detectors/catalogue.hpp"
#include "io/atomic_file.hpp"
#include "io/detection_file.hpp"
#include "io/text_output.hpp"
#include "pipeline/detect_dataset.hpp"
#include "pipeline/score_dataset.hpp"
#include "scoring/report_markdown.hpp"

namespace nmsim::cli {

namespace fs = std::filesystem;

namespace {

double parse_number(const std::string& text, const std::string& option) {
  double v = NAN;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size() || !std::isfinite(v))
    throw InputError({}, option, "expected a number, got '" + text + "'");
  return v;
}

// "key=value" -> (key, value text)
std::pair<std::string, std::string> split_pair(const std::string& text, const std::string& option) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw InputError({}, option, "expected NAME=VALUE, got '" + text + "'");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

std::vector<std::string> comma_list(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const auto& s : items) {
    std::size_t a = 0;
    while (a <= s.size()) {
      const std::size_t b = std::min(s.find(',', a), s.size());
      if (b > a) out.push_back(s.substr(a, b - a));
      a = b + 1;
    }
  }
  return out;
}

// Debian's interpreter sees the Debian python3-matplotlib; NMSIM_PYTHON overrides.
std::string python() {
  if (const char* env = std::getenv("NMSIM_PYTHON")) return env;
  return fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

fs::path tools_dir() {
  if (const char* env = std::getenv("NMSIM_TOOLS_DIR")) return env;
  return NMSIM_TOOLS_DIR;
}

// REPORT, REPORT.json or REPORT.md -> REPORT
fs::path report_stem(const std::string& output) {
  fs::path p(output);
  if (p.extension() == ".json" || p.extension() == ".md") p.replace_extension();
  return p;
}

}  // namespace

CLI::App* add_score_command(CLI::App& app, ScoreCommandOptions& o) {
  auto* c = app.add_subcommand("score", "score detections against a dataset's labels; write a JSON + Markdown report card");
  c->add_option("dataset", o.dataset, "nmsim HDF5 dataset")->required();
  c->add_option("detections", o.detections, "detections: CSV or HDF5 (docs/scoring.md)")->required();
  c->add_option("-o,--output", o.output, "report name: writes REPORT.json and REPORT.md (and REPORT_*.png with --plot)")
      ->required();
  c->add_option("--labels", o.labels, "labels to score, comma-separated (default: the labels detected)")
      ->allow_extra_args(false);
  c->add_option("--split", o.split, "score only the trials of this split (e.g. test)");
  c->add_option("--where", o.where, "score only trials whose /index row meets COLUMN OP VALUE, OP one of = != < <= > >= (repeatable; e.g. gain_ratio>=1.5)")
      ->allow_extra_args(false);
  c->add_option("--collar", o.collar, "onset collar and minimum offset tolerance for every label, s (default per label)");
  c->add_option("--offset-fraction", o.offset_fraction, "offset tolerance as a fraction of the reference length (default 0.5)");
  c->add_option("--label-collar", o.label_collars, "collar for one label: LABEL=SECONDS (repeatable)")
      ->allow_extra_args(false);
  c->add_option("--strata", o.strata, "/index columns to stratify by, comma-separated (default: all but identifiers)")
      ->allow_extra_args(false);
  c->add_option("--bins", o.bins, "bin edges for a numeric column: COLUMN=E1,E2,... (repeatable)")
      ->allow_extra_args(false);
  c->add_option("--threshold", o.threshold, "per-sample scores at or above this become detections (default 0.5)");
  c->add_option("--curve-thresholds", o.curve_thresholds, "score thresholds of the event-level PR curve (default 50)")
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
  c->add_option("detector", o.detector, "detector name (see --list)");
  c->add_option("dataset", o.dataset, "nmsim HDF5 dataset");
  c->add_option("-o,--output", o.output, "detections file: .csv, or HDF5 for any other name (written atomically)");
  c->add_option("--param", o.parameters, "set a detector parameter: NAME=VALUE (repeatable; see --list)")
      ->allow_extra_args(false);
  c->add_option("--rename", o.renames, "rename an emitted label: FROM=TO (repeatable), e.g. tremor=clonus_episode")
      ->allow_extra_args(false);
  c->add_option("--train-split", o.train_split, "split the learned baseline trains on (default train)");
  c->add_flag("--list", o.list, "list the detectors and their parameters");
  c->add_flag("-q,--quiet", o.quiet, "print nothing on success");
  c->footer(help_footer("  nmsim detect --list\n"
                        "  nmsim detect clonus_wavelet data.h5 -o detections.csv\n"
                        "  nmsim score data.h5 detections.csv -o report      # then score it"));
  return c;
}

int score_command(const ScoreCommandOptions& o) {
  pipeline::ScoreOptions s;
  s.dataset = o.dataset;
  s.detections = o.detections;
  s.split = o.split;
  for (const auto& w : o.where) s.where.push_back(pipeline::parse_trial_condition(w, "--where"));
  s.sample_threshold = o.threshold;
  s.config.curve_thresholds = o.curve_thresholds;
  s.config.labels = comma_list(o.labels);
  s.config.strata = comma_list(o.strata);
  if (o.collar >= 0.0 || o.offset_fraction >= 0.0) {
    scoring::Collars c;
    if (o.collar >= 0.0) c.onset_s = c.offset_s = o.collar;
    if (o.offset_fraction >= 0.0) c.offset_fraction = o.offset_fraction;
    s.config.collars = c;
  }
  for (const auto& lc : o.label_collars) {
    const auto [label, value] = split_pair(lc, "--label-collar");
    scoring::Collars c = s.config.collars_for(label);
    c.onset_s = c.offset_s = parse_number(value, "--label-collar " + label);
    s.config.label_collars[label] = c;
  }
  for (const auto& b : o.bins) {
    const auto [column, list] = split_pair(b, "--bins");
    std::vector<double> edges;
    for (const auto& e : comma_list({list})) edges.push_back(parse_number(e, "--bins " + column));
    if (!std::is_sorted(edges.begin(), edges.end()) || std::adjacent_find(edges.begin(), edges.end()) != edges.end())
      throw InputError({}, "--bins " + column, "expected increasing edges, got '" + list + "'");
    s.config.bin_edges[column] = edges;
  }
  const fs::path stem = report_stem(o.output);
  fs::path json_path = stem, md_path = stem;
  json_path += ".json";
  md_path += ".md";
  // Both outputs must be writable before any work is done.
  io::atomic::check_output_writable(json_path);
  io::atomic::check_output_writable(md_path);

  const scoring::Json report = pipeline::score_dataset(s);
  io::write_text_file(json_path, report.dump());
  std::map<std::string, std::string> images;
  if (o.plot) {
    const std::string cmd = python() + " '" + (tools_dir() / "score_report.py").string() + "' '" + json_path.string() + "'";
    const int status = std::system(cmd.c_str());
    if (status != 0) {
      std::fprintf(stderr, "nmsim: the plots failed (%s); %s was written without them\n", cmd.c_str(), json_path.c_str());
      return kExitInternal;
    }
    for (const auto& [label, L] : report.find("labels")->members())
      for (const char* kind : {"pr", "latency", "classes", "strata"}) {
        fs::path png = stem;
        png += "_" + label + "_" + kind + ".png";
        if (fs::exists(png)) images[label + "/" + kind] = png.filename().string();
      }
  }
  io::write_text_file(md_path, scoring::report_markdown(report, images));
  if (!o.quiet) {
    std::printf("scored %.0f trials (%.1f min): wrote %s and %s\n", report.find("trials_scored")->number(),
                report.find("minutes_scored")->number(), json_path.c_str(), md_path.c_str());
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
  if (o.detector.empty() || o.dataset.empty() || o.output.empty())
    throw InputError({}, "detect", "expected: nmsim detect NAME DATASET.h5 -o DETECTIONS.csv (or --list)");
  pipeline::DetectOptions d;
  d.detector = o.detector;
  d.dataset = o.dataset;
  d.train_split = o.train_split;
  for (const auto& p : o.parameters) {
    const auto [name, value] = split_pair(p, "--param");
    d.parameters.emplace_back(name, parse_number(value, "--param " + name));
  }
  std::map<std::string, std::string> rename;
  for (const auto& r : o.renames) rename.insert(split_pair(r, "--rename"));
  io::atomic::check_output_writable(o.output);  // fails before the work, not after it
  pipeline::DetectResult result = pipeline::detect_dataset(d);
  for (auto& label : result.detections.label)
    if (auto it = rename.find(label); it != rename.end()) label = it->second;
  io::write_detection_file(o.output, result.detections, result.description);
  if (!o.quiet)
    std::printf("%s: %zu detections in %zu trials written to %s\n", o.detector.c_str(), result.detections.size(),
                result.trials, o.output.c_str());
  return kExitOk;
}

}  // namespace nmsim::cli
