#include "scenario/myoclonus_origins.hpp"

#include "scenario/distribution_reader.hpp"

namespace nmsim::scenario {
namespace {

using config::Node;
using config::Range;
using physiology::MyoclonusOrigin;

constexpr std::array<MyoclonusOrigin, 5> kOrigins{MyoclonusOrigin::Cortical, MyoclonusOrigin::Subcortical,
                                                  MyoclonusOrigin::Propriospinal, MyoclonusOrigin::Segmental,
                                                  MyoclonusOrigin::Negative};

// A preset's value node, after checking that it is {value, unit, source[, note]} with the
// expected unit and a non-empty source: the file exists to cite these numbers.
Node cited(const Node& origin, const std::string& key, const std::string& unit) {
  const Node q = origin.at(key);
  const std::string form = " {value: ..., unit: " + unit + ", source: \"...\"}";
  if (!q.is_map()) q.fail("must be" + form + ": every preset names its unit and source");
  const Node u = q.at("unit");
  if (u.as_string() != unit) u.fail("unit '" + u.as_string() + "' does not match expected '" + unit + "'");
  const Node source = q.at("source");
  if (source.as_string().empty()) source.fail("must say where the value comes from (or that it is an estimate)");
  q.string("note", "");
  const Node value = q.at("value");
  q.finish();
  return value;
}

physiology::MyoclonusGenerator read_origin(const Node& n, MyoclonusOrigin o) {
  physiology::MyoclonusGenerator g;
  g.origin = o;
  g.duration_s = read_distribution(cited(n, "duration", "s"), generator_range::duration, "s");
  g.amplitude = read_distribution(cited(n, "amplitude", "1"), generator_range::amplitude);
  g.refractory_s = cited(n, "refractory", "s").as_real("s", generator_range::refractory);
  g.spread_velocity_m_s = cited(n, "spread_velocity", "m/s").as_real("m/s", generator_range::spread_velocity);
  g.volley_frequency_hz = cited(n, "volley_frequency", "Hz").as_real("Hz", generator_range::volley_frequency);
  g.volley_depth = cited(n, "volley_depth", "1").as_real("1", generator_range::volley_depth);
  n.finish();
  return g;
}

}  // namespace

OriginPresets::OriginPresets(const Node& root) {
  if (!root.is_map()) root.fail("must map each myoclonus origin (cortical, subcortical, ...) to its defaults");
  for (const MyoclonusOrigin o : kOrigins) by_origin_[static_cast<std::size_t>(o)] = read_origin(root.at(physiology::origin_name(o)), o);
  root.finish();
}

const physiology::MyoclonusGenerator& OriginPresets::operator[](MyoclonusOrigin o) const {
  return by_origin_[static_cast<std::size_t>(o)];
}

std::filesystem::path find_origin_presets(const Node& where, const std::filesystem::path& model_file,
                                          const std::vector<std::filesystem::path>& search_path) {
  std::vector<std::filesystem::path> dirs{model_file.parent_path()};
  dirs.insert(dirs.end(), search_path.begin(), search_path.end());
  std::string looked;
  std::error_code ec;
  for (const auto& dir : dirs) {
    const auto p = dir / kMyoclonusOriginsFile;
    if (std::filesystem::exists(p, ec)) return p;
    looked += "\n  " + p.string();
  }
  where.fail(std::string("needs the origins' defaults (") + kMyoclonusOriginsFile + ", shipped in models/); looked for:" + looked);
}

}  // namespace nmsim::scenario
