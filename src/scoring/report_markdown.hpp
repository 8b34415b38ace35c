#pragma once
// The human page of a score report: Markdown tables from the report's JSON (so the page and
// the JSON cannot disagree), with links to the plots that tools/score_report.py drew.
#include <map>
#include <string>

#include "scoring/json.hpp"

namespace nmsim::scoring {

// `images` maps "<label>/<kind>" (kind: pr, latency, classes, strata) to a relative file name;
// kinds without an entry are left out.
std::string report_markdown(const Json& report, const std::map<std::string, std::string>& images = {});

}  // namespace nmsim::scoring
