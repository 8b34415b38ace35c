#include "pipeline/score_request.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/number_text.hpp"
#include "io/text_output.hpp"
#include "scoring/report_markdown.hpp"

namespace nmsim::pipeline {
namespace {

double parse_number(const std::string& text, const std::string& option) {
  if (const auto v = finite_number(text)) return *v;
  throw InputError({}, option, "expected a number, got '" + text + "'");
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

}  // namespace

ScoreOptions score_options(const ScoreRequest& o) {
  ScoreOptions s;
  s.dataset = o.dataset;
  s.detections = o.detections;
  s.detections_name = o.detections_name;
  s.split = o.split;
  for (const auto& w : o.where) s.where.push_back(parse_trial_condition(w, "--where"));
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
  return s;
}

ReportPaths report_paths(const std::filesystem::path& stem) {
  ReportPaths p{stem, stem};
  p.json += ".json";
  p.markdown += ".md";
  return p;
}

void write_score_report(const ReportPaths& paths, const scoring::Json& report,
                        const std::map<std::string, std::string>& images) {
  io::write_text_file(paths.json, report.dump());
  io::write_text_file(paths.markdown, scoring::report_markdown(report, images));
}

DetectResult run_detect(const DetectRequest& o) {
  DetectOptions d;
  d.detector = o.detector;
  d.dataset = o.dataset;
  d.train_split = o.train_split;
  for (const auto& p : o.parameters) {
    const auto [name, value] = split_pair(p, "--param");
    d.parameters.emplace_back(name, parse_number(value, "--param " + name));
  }
  std::map<std::string, std::string> rename;
  for (const auto& r : o.renames) rename.insert(split_pair(r, "--rename"));
  DetectResult result = detect_dataset(d);
  for (auto& label : result.detections.label)
    if (auto it = rename.find(label); it != rename.end()) label = it->second;
  return result;
}

}  // namespace nmsim::pipeline
