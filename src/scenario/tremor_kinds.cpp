#include "scenario/tremor_kinds.hpp"

#include "scenario/distribution_reader.hpp"
#include "scenario/generator_fields.hpp"

namespace nmsim::scenario {
namespace {

using config::Node;
using config::Range;
using physiology::TremorKind;

constexpr std::array<TremorKind, 4> kKinds{TremorKind::Physiological, TremorKind::Essential, TremorKind::Parkinsonian,
                                           TremorKind::Voluntary};

TremorKindPreset read_kind(const Node& n, TremorKind k) {
  TremorKindPreset out;
  physiology::TremorGenerator& g = out.generator;
  g.kind = k;
  const Node band = cited(n, "band", "Hz");
  if (!band.is_sequence() || band.size() != 2) band.fail("must be [low, high] in Hz");
  const std::vector<Node> ends = band.elements();
  out.band_hz = {ends[0].as_real("Hz", tremor_range::frequency), ends[1].as_real("Hz", tremor_range::frequency)};
  if (out.band_hz.second <= out.band_hz.first) band.fail("its high end must exceed its low end");
  g.frequency_hz = cited(n, "frequency", "Hz").as_real("Hz", tremor_range::frequency);
  if (g.frequency_hz < out.band_hz.first || g.frequency_hz > out.band_hz.second) n.at("frequency").fail("must lie in the kind's band");
  g.frequency_sd_hz = cited(n, "frequency_sd", "Hz").as_real("Hz", tremor_range::frequency_sd);
  g.frequency_correlation_s = cited(n, "frequency_correlation", "s").as_real("s", tremor_range::correlation);
  g.amplitude = cited(n, "amplitude", "1").as_real("1", tremor_range::amplitude);
  g.amplitude_cv = cited(n, "amplitude_cv", "1").as_real("1", tremor_range::amplitude_cv);
  g.amplitude_correlation_s = cited(n, "amplitude_correlation", "s").as_real("s", tremor_range::correlation);
  g.sharpness = cited(n, "sharpness", "1").as_real("1", tremor_range::sharpness);
  g.broadband_sd = cited(n, "broadband", "1").as_real("1", tremor_range::broadband);
  g.broadband_correlation_s = cited(n, "broadband_correlation", "s").as_real("s", tremor_range::broadband_correlation);
  g.ramp_s = cited(n, "ramp", "s").as_real("s", tremor_range::ramp);
  g.onset_latency_s = read_distribution(cited(n, "onset_latency", "s"), tremor_range::onset_latency, "s");
  g.alternating = read_pattern(cited(n, "pattern", "1"));
  g.active_in = read_activity(cited(n, "active_in", "1"));
  n.finish();
  return out;
}

}  // namespace

TremorKinds::TremorKinds(const Node& root) {
  if (!root.is_map()) root.fail("must map each tremor kind (essential, parkinsonian, physiological, voluntary) to its defaults");
  for (const TremorKind k : kKinds) by_kind_[static_cast<std::size_t>(k)] = read_kind(root.at(physiology::tremor_kind_name(k)), k);
  root.finish();
}

physiology::TremorActivity read_activity(const Node& n) {
  const std::string a = n.as_choice({"rest", "action", "always"});
  return a == "rest" ? physiology::TremorActivity::Rest
                     : (a == "action" ? physiology::TremorActivity::Action : physiology::TremorActivity::Always);
}

bool read_pattern(const Node& n) { return n.as_choice({"synchronous", "alternating"}) == "alternating"; }

}  // namespace nmsim::scenario
