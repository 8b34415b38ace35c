#include "scenario/myoclonus_origins.hpp"

#include "scenario/distribution_reader.hpp"
#include "scenario/generator_fields.hpp"

namespace nmsim::scenario {
namespace {

using config::Node;
using config::Range;
using physiology::MyoclonusOrigin;

constexpr std::array<MyoclonusOrigin, 5> kOrigins{MyoclonusOrigin::Cortical, MyoclonusOrigin::Subcortical,
                                                  MyoclonusOrigin::Propriospinal, MyoclonusOrigin::Segmental,
                                                  MyoclonusOrigin::Negative};

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

}  // namespace nmsim::scenario
