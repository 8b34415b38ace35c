#include "pipeline/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numbers>
#include <thread>

#include "core/error.hpp"
#include "core/number_text.hpp"
#include "engine/engine.hpp"
#include "engine/scenario_stability.hpp"
#include "io/dataset_writer.hpp"
#include "pipeline/in_order.hpp"
#include "scenario/scenario.hpp"

namespace nmsim::pipeline {
namespace {

double number(const std::string& text, const std::string& axis) {
  if (const auto v = finite_number(text)) return *v;
  throw InputError({}, "--vary " + axis, "expected a number, got '" + text + "'");
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::size_t a = 0;
  while (true) {
    const std::size_t b = text.find(sep, a);
    out.push_back(text.substr(a, b == std::string::npos ? std::string::npos : b - a));
    if (b == std::string::npos) return out;
    a = b + 1;
  }
}

// What a grid point gives (docs/sweep.md, "The table").
struct Point {
  double reflex_gain = NAN, rightmost_real = NAN, rightmost_frequency = NAN, critical_gain = NAN, hopf_frequency = NAN;
  double gain_ratio = NAN, clonus_beats = NAN, clonus_frequency = NAN, clonus_fraction = NAN;
  double prior_amplitude = NAN, late_amplitude = NAN, amplitude_growth = NAN, growth_rate = NAN;
  double oscillation_frequency = NAN;
  std::int64_t stable = -1, sustained = -1;
  std::string analysis_phase, note;
};

// The numeric columns in table order; the table then has analysis_phase, stable, sustained, note.
constexpr std::pair<const char*, double Point::*> kNumbers[] = {
    {"reflex_gain", &Point::reflex_gain},
    {"rightmost_real", &Point::rightmost_real},
    {"rightmost_frequency", &Point::rightmost_frequency},
    {"critical_gain", &Point::critical_gain},
    {"hopf_frequency", &Point::hopf_frequency},
    {"gain_ratio", &Point::gain_ratio},
    {"clonus_beats", &Point::clonus_beats},
    {"clonus_frequency", &Point::clonus_frequency},
    {"clonus_fraction", &Point::clonus_fraction},
    {"prior_amplitude", &Point::prior_amplitude},
    {"late_amplitude", &Point::late_amplitude},
    {"amplitude_growth", &Point::amplitude_growth},
    {"growth_rate", &Point::growth_rate},
    {"oscillation_frequency", &Point::oscillation_frequency},
};

double mean_of(const std::vector<float>& x, std::size_t a, std::size_t b) {
  double mean = 0.0;
  for (std::size_t k = a; k < b; ++k) mean += x[k];
  return mean / static_cast<double>(b - a);
}

// √2 × the RMS of x − mean over samples [a, b): the amplitude of a sinusoid with that RMS.
double amplitude(const std::vector<float>& x, std::size_t a, std::size_t b) {
  if (b <= a + 1) return NAN;
  const double mean = mean_of(x, a, b);
  double var = 0.0;
  for (std::size_t k = a; k < b; ++k) var += (x[k] - mean) * (x[k] - mean);
  return std::sqrt(2.0 * var / static_cast<double>(b - a));
}

// Upward crossings of the mean per second over samples [a, b) at `rate`.
double crossing_frequency(const std::vector<float>& x, std::size_t a, std::size_t b, double rate) {
  const double mean = mean_of(x, a, b);
  std::size_t up = 0, first = 0, last = 0;
  for (std::size_t k = a + 1; k < b; ++k)
    if (x[k - 1] < mean && x[k] >= mean) {
      if (up++ == 0) first = k;
      last = k;
    }
  return up >= 2 ? static_cast<double>(up - 1) * rate / static_cast<double>(last - first) : NAN;
}

// Below this angle amplitude (rad) there is no oscillation to measure a growth of: the
// float32 angle's resolution around a posture of ~0.3 rad is ~3e-8 rad, 30 times less.
constexpr double kNoOscillation = 1e-6;
// An oscillation decays if its amplitude falls faster than this rate (1/s; 2 % over a 2 s
// window) across the last three windows: a decay just below the boundary runs at ~0.1/s, a
// limit cycle's amplitude wanders by ~1e-4/s.
constexpr double kSustainedRate = -0.01;
Point evaluate(const scenario::Scenario& s, const std::string& phase) {
  Point p;
  p.reflex_gain = s.model.physiology.spinal.reflex_gain;
  try {
    const analysis::StabilityReport r = engine::scenario_stability(s, phase, "--phase");
    p.analysis_phase = r.phase;
    p.stable = r.stable ? 1 : 0;
    if (!r.roots.empty()) {
      p.rightmost_real = r.roots.front().lambda.real();
      p.rightmost_frequency = r.roots.front().lambda.imag() / (2.0 * std::numbers::pi);
    }
    if (r.critical_found) {
      p.critical_gain = r.critical_gain;
      p.hopf_frequency = r.critical_frequency_hz;
      p.gain_ratio = p.reflex_gain / p.critical_gain;
    }
  } catch (const InputError& e) {  // no resting posture to linearise about at this point
    p.note = std::string("no analysis: ") + e.detail();
  }
  try {
    const engine::Trial t = engine::simulate(s, 0);
    p.clonus_beats = t.stats.count("clonus_beats");
    p.clonus_frequency = t.stats.count("clonus_frequency");
    const TrialRecord& rec = t.record;
    // The phase the analysis looks at (the same whether or not it succeeded here).
    const std::string& measured = !phase.empty() ? phase : s.protocol[analysis::default_stability_phase(s.protocol)].name;
    const auto named = std::find(rec.phase_names.begin(), rec.phase_names.end(), measured);
    const auto ph = static_cast<std::size_t>(named - rec.phase_names.begin());
    const TimeSeries* angle = nullptr;
    for (const auto& ts : rec.series)
      if (ts.path == "kinematics/angle") angle = &ts;
    if (ph < rec.phase_names.size() && angle != nullptr) {
      // The last three windows of the phase, after the stretch's transient has passed: the
      // oscillation's amplitude in each and how it changed from one to the next.
      const double a = rec.phase_start_s[ph], b = rec.phase_stop_s[ph];
      const double window = std::min(2.0, (b - a) / 4.0);
      const auto sample = [&](const TimeSeries& ts, double time) {
        return static_cast<std::size_t>(std::clamp(std::lround((time - ts.starting_time_s) * ts.rate_hz), 0L,
                                                   static_cast<long>(ts.n_samples())));
      };
      const double first = amplitude(angle->data, sample(*angle, b - 3 * window), sample(*angle, b - 2 * window));
      p.prior_amplitude = amplitude(angle->data, sample(*angle, b - 2 * window), sample(*angle, b - window));
      const double prior = p.prior_amplitude;
      const double late = p.late_amplitude = amplitude(angle->data, sample(*angle, b - window), sample(*angle, b));
      p.sustained = 0;
      if (first > kNoOscillation && prior > kNoOscillation && late > kNoOscillation) {
        p.amplitude_growth = late / prior;
        p.growth_rate = std::log(p.amplitude_growth) / window;
        // Decaying: smaller from window to window, each time by more than the sustained rate. A
        // linear decay below the boundary is monotone; a limit cycle's modulation is not.
        const double keep = std::exp(kSustainedRate * window);
        p.sustained = late < keep * prior && prior < keep * first ? 0 : 1;
      }
      if (late > 1e-4) p.oscillation_frequency = crossing_frequency(angle->data, sample(*angle, b - window), sample(*angle, b), angle->rate_hz);
      const LabelSeries& L = rec.labels;
      const LabelMask clonus = L.mask_of("clonus");
      const std::size_t l0 = static_cast<std::size_t>(std::max(0.0, std::round((a - L.starting_time_s) * L.rate_hz)));
      const std::size_t l1 = std::min(L.n_samples(), static_cast<std::size_t>(std::max(0.0, std::round((b - L.starting_time_s) * L.rate_hz))));
      std::size_t marked = 0;
      for (std::size_t k = l0; k < l1; ++k) {
        bool any = false;
        for (std::size_t c = 0; c < L.channels.size(); ++c) any = any || (L.at(k, c) & clonus) != 0;
        marked += any;
      }
      p.clonus_fraction = l1 > l0 ? static_cast<double>(marked) / static_cast<double>(l1 - l0) : NAN;
    }
  } catch (const NumericalError& e) {
    p.note += std::string(p.note.empty() ? "" : "; ") + "simulation failed: " + e.what();
  }
  return p;
}

// The grid point's value of each axis (the last axis fastest).
std::vector<double> grid_values(const SweepRequest& r, std::uint64_t point) {
  std::vector<double> v(r.axes.size());
  for (std::size_t k = r.axes.size(); k-- > 0;) {
    v[k] = r.axes[k].values[point % r.axes[k].values.size()];
    point /= r.axes[k].values.size();
  }
  return v;
}

// The grid point's scenario: --set, then its values; the angle is measured without sensor
// noise, so that small oscillations near the boundary are not lost in it.
std::vector<config::Override> overrides_at(const SweepRequest& r, std::uint64_t point) {
  std::vector<config::Override> o = r.overrides;
  const std::vector<double> v = grid_values(r, point);
  for (std::size_t k = 0; k < r.axes.size(); ++k) o.push_back({r.axes[k].path, shortest_text(v[k]), "--vary " + r.axes[k].path});
  o.push_back({"signals.kinematics.angle_noise", "0", "nmsim sweep"});
  return o;
}

}  // namespace

SweepAxis parse_sweep_axis(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw InputError({}, "--vary", "expected PATH=A:B:N, PATH=A:B:N:log or PATH=V1,V2,..., got '" + text + "'");
  SweepAxis axis{text.substr(0, eq), {}};
  const std::string spec = text.substr(eq + 1);
  const std::string key = axis.path;
  if (spec.find(':') == std::string::npos) {
    for (const auto& v : split(spec, ',')) axis.values.push_back(number(v, key));
    return axis;
  }
  const auto parts = split(spec, ':');
  const bool log = parts.size() == 4 && parts[3] == "log";
  if (parts.size() != 3 && !log)
    throw InputError({}, "--vary " + key, "expected A:B:N or A:B:N:log, got '" + spec + "'");
  const double lo = number(parts[0], key), hi = number(parts[1], key);
  const double n = number(parts[2], key);
  if (n < 2 || n > 10000 || n != std::floor(n))
    throw InputError({}, "--vary " + key, "expected a whole number of values from 2 to 10000, got '" + parts[2] + "'");
  if (log && (lo <= 0.0 || hi <= 0.0))
    throw InputError({}, "--vary " + key, "log spacing needs both ends above 0, got '" + spec + "'");
  const auto count = static_cast<std::size_t>(n);
  for (std::size_t i = 0; i < count; ++i) {
    const double f = static_cast<double>(i) / static_cast<double>(count - 1);
    axis.values.push_back(log ? lo * std::pow(hi / lo, f) : lo + (hi - lo) * f);
  }
  return axis;
}

const std::vector<std::string>& sweep_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> c;
    for (const auto& [name, field] : kNumbers) c.emplace_back(name);
    c.insert(c.end(), {"analysis_phase", "stable", "sustained", "note"});
    return c;
  }();
  return columns;
}

ColumnTable run_sweep(const SweepRequest& r, const std::function<void(std::uint64_t, std::uint64_t)>& on_point) {
  if (r.axes.empty()) throw InputError({}, "--vary", "a sweep needs at least one --vary PATH=...");
  const auto source = std::make_shared<const scenario::ScenarioSource>(r.scenario_file, r.model_dirs);
  std::uint64_t total = 1;
  for (const auto& a : r.axes) {
    for (const auto& b : r.axes)
      if (&a != &b && a.path == b.path) throw InputError({}, "--vary " + a.path, "the same key is varied twice");
    total *= a.values.size();
    if (total > 1'000'000) throw InputError({}, "--vary", "the grid has more than 1,000,000 points");
  }
  if (!r.phase.empty()) {  // a phase that is not in the protocol is an error, not a note per point
    const scenario::Scenario base = source->load(r.overrides, r.seed);
    std::string names;
    bool found = false;
    for (const auto& ph : base.protocol) {
      names += (names.empty() ? "" : ", ") + ph.name;
      found = found || ph.name == r.phase;
    }
    if (!found) throw InputError({r.scenario_file.string()}, "--phase", "no protocol phase named '" + r.phase + "' (the protocol has: " + names + ")");
  }
  for (const auto& axis : r.axes)  // every value checked before anything runs
    for (double v : axis.values) {
      std::vector<config::Override> o = r.overrides;
      o.push_back({axis.path, shortest_text(v), "--vary " + axis.path});
      (void)source->load(o, r.seed);
    }

  std::vector<std::vector<double>> axis_columns(r.axes.size()), numbers(std::size(kNumbers));
  std::vector<std::string> phases, notes;
  std::vector<std::int64_t> stable, sustained;
  const auto compute = [&](std::uint64_t point) { return evaluate(source->load(overrides_at(r, point), r.seed), r.phase); };
  const auto store = [&](std::uint64_t point, Point p) {
    const std::vector<double> v = grid_values(r, point);
    for (std::size_t k = 0; k < r.axes.size(); ++k) axis_columns[k].push_back(v[k]);
    for (std::size_t c = 0; c < numbers.size(); ++c) numbers[c].push_back(p.*kNumbers[c].second);
    phases.push_back(p.analysis_phase);
    stable.push_back(p.stable);
    sustained.push_back(p.sustained);
    notes.push_back(p.note);
    if (on_point) on_point(point + 1, total);
  };
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const unsigned threads = static_cast<unsigned>(std::min<std::uint64_t>(r.threads == 0 ? hw : r.threads, total));
  run_in_order(total, threads, 4ull * threads, compute, store);

  ColumnTable t;
  for (std::size_t k = 0; k < r.axes.size(); ++k) t.add(r.axes[k].path, std::move(axis_columns[k]));
  for (std::size_t c = 0; c < numbers.size(); ++c) t.add(kNumbers[c].first, std::move(numbers[c]));
  t.add("analysis_phase", std::move(phases));
  t.add("stable", std::move(stable));
  t.add("sustained", std::move(sustained));
  t.add("note", std::move(notes));
  return t;
}

std::vector<std::uint64_t> overlay_points(const SweepRequest& r, const ColumnTable& table) {
  if (r.axes.empty() || table.rows() == 0) return {};
  const std::size_t n = r.axes[0].values.size();
  std::uint64_t stride = 1, base = 0;  // the point of first-axis index 0, the others at their middle
  for (std::size_t k = r.axes.size(); k-- > 1;) {
    base += stride * (r.axes[k].values.size() / 2);
    stride *= r.axes[k].values.size();
  }
  const auto& stable = std::get<std::vector<std::int64_t>>(*table.find("stable"));
  std::vector<std::size_t> picks = {0, n - 1};
  for (std::size_t i = 1; i < n; ++i)
    if (stable[base + (i - 1) * stride] != stable[base + i * stride]) {  // the first change of verdict
      picks.insert(picks.end(), {i - 1, i});
      break;
    }
  if (picks.size() == 2 && n > 2) picks.push_back(n / 2);
  std::sort(picks.begin(), picks.end());
  picks.erase(std::unique(picks.begin(), picks.end()), picks.end());
  std::vector<std::uint64_t> points;
  for (std::size_t i : picks) points.push_back(base + i * stride);
  return points;
}

std::string point_label(const SweepRequest& r, const ColumnTable& table, std::uint64_t point) {
  const std::vector<double> v = grid_values(r, point);
  std::string label;
  for (std::size_t k = 0; k < r.axes.size(); ++k) {
    const std::string& path = r.axes[k].path;
    char value[32];
    std::snprintf(value, sizeof value, "%.4g", v[k]);
    label += (k ? ", " : "") + path.substr(path.rfind('.') + 1) + " " + value;
  }
  const std::int64_t stable = std::get<std::vector<std::int64_t>>(*table.find("stable"))[point];
  return label + (stable == 1 ? " (stable)" : stable == 0 ? " (unstable)" : "");
}

std::vector<std::string> write_overlay_trials(const SweepRequest& r, const ColumnTable& table,
                                              const std::filesystem::path& file) {
  const scenario::ScenarioSource source(r.scenario_file, r.model_dirs);
  const std::vector<std::uint64_t> points = overlay_points(r, table);
  io::DatasetWriter writer(file, io::DatasetWriter::Options{false, 4, true, points.size()});
  std::vector<std::string> labels;
  for (std::size_t k = 0; k < points.size(); ++k) {
    engine::Trial t = engine::simulate(source.load(overrides_at(r, points[k]), r.seed), 0);
    if (k == 0) writer.write_provenance(t.provenance);
    t.record.index = k;
    writer.write_trial(t.record);
    labels.push_back(point_label(r, table, points[k]));
  }
  writer.commit();
  return labels;
}

std::string table_csv(const ColumnTable& t) {
  std::string out;
  for (std::size_t c = 0; c < t.columns().size(); ++c) out += (c ? "," : "") + t.columns()[c].first;
  out += "\n";
  for (std::size_t row = 0; row < t.rows(); ++row) {
    for (std::size_t c = 0; c < t.columns().size(); ++c) {
      if (c) out += ",";
      const auto& column = t.columns()[c].second;
      if (const auto* d = std::get_if<std::vector<double>>(&column)) {
        if (std::isnan((*d)[row])) continue;  // empty: missing
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.9g", (*d)[row]);
        out += buf;
      } else if (const auto* i = std::get_if<std::vector<std::int64_t>>(&column)) {
        out += std::to_string((*i)[row]);
      } else {
        std::string text = std::get<std::vector<std::string>>(column)[row];
        std::replace(text.begin(), text.end(), ',', ';');  // a note stays one field
        std::replace(text.begin(), text.end(), '\n', ' ');
        out += text;
      }
    }
    out += "\n";
  }
  return out;
}

}  // namespace nmsim::pipeline
