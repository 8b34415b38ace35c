#include "trial_to_js.hpp"

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

namespace nmsim::web {
namespace {

using emscripten::val;

// A JavaScript-owned copy of `values` (a view of the engine's memory would go stale when the
// WebAssembly heap grows).
template <class T>
val copied(const std::vector<T>& values) {
  return val(emscripten::typed_memory_view(values.size(), values.data())).call<val>("slice");
}

val strings(const std::vector<std::string>& names) {
  val out = val::array();
  for (const auto& n : names) out.call<void>("push", n);
  return out;
}

val series_to_js(const TimeSeries& s) {
  val out = val::object();
  out.set("unit", s.unit);
  out.set("rate", s.rate_hz);
  out.set("startingTime", s.starting_time_s);
  out.set("channels", strings(s.channels));
  out.set("data", copied(s.data));
  return out;
}

val events_to_js(const EventTable& e) {
  val rows = val::array();
  for (std::size_t r = 0; r < e.size(); ++r) {
    val row = val::object();
    row.set("label", e.label()[r]);
    row.set("channel", e.channel()[r]);
    row.set("start", e.start_time()[r]);
    row.set("stop", e.stop_time()[r]);
    row.set("parent", static_cast<double>(e.parent()[r]));  // the parent event's row, -1 for none
    for (const auto& [name, column] : e.real_columns()) row.set(name, column[r]);
    for (const auto& [name, column] : e.int_columns()) row.set(name, static_cast<double>(column[r]));
    rows.call<void>("push", row);
  }
  return rows;
}

}  // namespace

val trial_to_js(const engine::Trial& trial) {
  const TrialRecord& r = trial.record;
  val out = val::object();
  out.set("index", static_cast<double>(r.index));
  out.set("duration", r.duration_s);
  out.set("seed", static_cast<double>(trial.provenance.seed));
  val series = val::object();
  for (const auto& s : r.series) series.set(s.path, series_to_js(s));
  out.set("series", series);
  val labels = val::object();
  labels.set("rate", r.labels.rate_hz);
  labels.set("startingTime", r.labels.starting_time_s);
  labels.set("channels", strings(r.labels.channels));
  labels.set("bitNames", strings(r.labels.bit_names));
  labels.set("data", copied(r.labels.data));
  out.set("labels", labels);
  out.set("events", events_to_js(r.events));
  val counts = val::object();
  for (const auto& c : trial.stats.counts) counts.set(c.name, c.value);
  out.set("counts", counts);
  val phases = val::array();
  for (std::size_t i = 0; i < r.phase_names.size(); ++i) {
    val p = val::object();
    p.set("name", r.phase_names[i]);
    p.set("start", r.phase_start_s[i]);
    p.set("stop", r.phase_stop_s[i]);
    phases.call<void>("push", p);
  }
  out.set("phases", phases);
  return out;
}

val stability_to_js(const analysis::StabilityReport& r, const std::string& left_out) {
  val out = val::object();
  out.set("phase", r.phase);
  out.set("reflexGain", r.reflex_gain);
  out.set("stable", r.stable);
  out.set("criticalFound", r.critical_found);
  out.set("criticalGain", r.critical_found ? r.critical_gain : NAN);
  out.set("criticalFrequency", r.critical_found ? r.critical_frequency_hz : NAN);
  const bool rooted = !r.roots.empty();
  out.set("rightmostReal", rooted ? r.roots.front().lambda.real() : NAN);
  out.set("rightmostFrequency", rooted ? std::abs(r.roots.front().lambda.imag()) / (2.0 * std::numbers::pi) : NAN);
  out.set("leftOut", left_out);
  return out;
}

}  // namespace nmsim::web
