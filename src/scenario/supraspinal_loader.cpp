#include "scenario/supraspinal_loader.hpp"

#include <algorithm>

#include "scenario/generator_fields.hpp"

namespace nmsim::scenario {
namespace {

using config::Node;
using config::Range;
using physiology::BasalGangliaParams;
using physiology::SupraspinalParams;
using physiology::ThalamocorticalParams;

const Range kWeight = Range::closed(0.0, 10.0);
const Range kThreshold = Range::closed(-2.0, 2.0);
const Range kTau = Range::closed(1e-3, 2.0);
const Range kGain = Range::closed(0.0, 10.0);

std::string known_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

BasalGangliaParams read_basal_ganglia(const std::optional<Node>& n) {
  BasalGangliaParams p;
  if (!n) return p;
  p.time_constant_s = n->real("time_constant", "s", kTau, p.time_constant_s);
  p.dopamine = n->real("dopamine", "1", Range::closed(0.0, 1.0), p.dopamine);
  p.striatal_threshold = n->real("striatal_threshold", "1", kThreshold, p.striatal_threshold);
  p.stn_threshold = n->real("stn_threshold", "1", kThreshold, p.stn_threshold);
  p.gpe_threshold = n->real("gpe_threshold", "1", kThreshold, p.gpe_threshold);
  p.gpi_threshold = n->real("gpi_threshold", "1", kThreshold, p.gpi_threshold);
  p.w_salience_striatum = n->real("w_cortex_striatum", "1", kWeight, p.w_salience_striatum);
  p.w_salience_stn = n->real("w_cortex_stn", "1", kWeight, p.w_salience_stn);
  p.w_stn_pallidum = n->real("w_stn_pallidum", "1", kWeight, p.w_stn_pallidum);
  p.w_gpe_stn = n->real("w_gpe_stn", "1", kWeight, p.w_gpe_stn);
  p.w_gpe_gpi = n->real("w_gpe_gpi", "1", kWeight, p.w_gpe_gpi);
  p.w_d1_gpi = n->real("w_d1_gpi", "1", kWeight, p.w_d1_gpi);
  p.w_d2_gpe = n->real("w_d2_gpe", "1", kWeight, p.w_d2_gpe);
  p.output_sharpness = n->real("output_sharpness", "1", Range::closed(5.0, 1e4), p.output_sharpness);
  n->finish();
  return p;
}

ThalamocorticalParams read_thalamocortical(const std::optional<Node>& n) {
  ThalamocorticalParams p;
  if (!n) return p;
  p.thalamus_time_constant_s = n->real("thalamus_time_constant", "s", kTau, p.thalamus_time_constant_s);
  p.cortex_time_constant_s = n->real("cortex_time_constant", "s", kTau, p.cortex_time_constant_s);
  p.thalamic_bias = n->real("thalamic_bias", "1", kThreshold, p.thalamic_bias);
  p.thalamic_threshold = n->real("thalamic_threshold", "1", kThreshold, p.thalamic_threshold);
  p.cortical_threshold = n->real("cortical_threshold", "1", kThreshold, p.cortical_threshold);
  p.w_cortex_thalamus = n->real("w_cortex_thalamus", "1", kWeight, p.w_cortex_thalamus);
  p.w_thalamus_cortex = n->real("w_thalamus_cortex", "1", kWeight, p.w_thalamus_cortex);
  p.w_gpi_thalamus = n->real("w_gpi_thalamus", "1", kWeight, p.w_gpi_thalamus);
  p.adaptation_time_constant_s = n->real("adaptation_time_constant", "s", kTau, p.adaptation_time_constant_s);
  p.adaptation_weight = n->real("adaptation_weight", "1", kWeight, p.adaptation_weight);
  p.lateral_spread = n->real("lateral_spread", "1", Range::closed(0.0, 1.0), p.lateral_spread);
  p.noise.sd = n->real("noise_sd", "1", Range::closed(0.0, 1.0), p.noise.sd);
  p.noise.correlation_s = n->real("noise_correlation", "s", Range::closed(0.01, 2.0), p.noise.correlation_s);
  n->finish();
  // The grid must resolve the correlation time for the interpolant to keep the OU spectrum.
  p.noise.spacing_s = std::min(0.005, p.noise.correlation_s / 5.0);
  return p;
}

void read_pathology(const std::optional<Node>& n, SupraspinalParams& p) {
  if (!n) return;
  p.tone.direct_gain = n->real("direct_gain", "1", kGain, 1.0);
  p.tone.indirect_gain = n->real("indirect_gain", "1", kGain, 1.0);
  p.tone.surround = n->real("surround", "1", Range::closed(0.0, 2.0), 1.0);
  p.long_latency_gain = n->real("long_latency_gain", "1", kGain, 1.0);
  p.irregularity = n->real("irregularity", "1", kGain, 1.0);
  if (const auto tasks = n->find("tasks")) {
    if (!tasks->is_sequence()) tasks->fail("must be a list of protocol task names (empty: every phase)");
    for (const Node& t : tasks->elements()) p.pathological_tasks.push_back(t.as_string());
  }
  n->finish();
}

}  // namespace

SupraspinalParams read_supraspinal(const std::optional<Node>& block, const std::vector<std::string>& muscles) {
  SupraspinalParams p;
  if (!block) return p;
  const Node& n = *block;
  p.enabled = read_switch(n, "enabled", false);  // 1 or 0 too, so that a dataset class can set it
  const Node channels = n.at("channels");
  if (!channels.is_map() || channels.size() == 0) channels.fail("must map channel names to {muscles: [...]}");
  if (channels.size() > 16) channels.fail("at most 16 channels");
  std::vector<int> owner(muscles.size(), -1);
  for (const auto& [name, ch] : channels.entries()) {
    physiology::SupraspinalChannel c;
    c.name = name;
    const Node list = ch.at("muscles");
    if (!list.is_sequence() || list.size() == 0) list.fail("must be a list of at least one muscle of this model");
    for (const Node& m : list.elements()) {
      const std::string muscle = m.as_string();
      const auto it = std::find(muscles.begin(), muscles.end(), muscle);
      if (it == muscles.end()) m.fail("unknown muscle '" + muscle + "'; the model has: " + known_list(muscles));
      const auto k = static_cast<std::size_t>(it - muscles.begin());
      if (owner[k] >= 0) m.fail("muscle '" + muscle + "' already belongs to channel '" + p.channels[static_cast<std::size_t>(owner[k])].name + "'");
      owner[k] = static_cast<int>(p.channels.size());
      c.muscles.push_back(k);
    }
    c.gpi_efficacy = ch.real("gpi_efficacy", "1", Range::closed(0.0, 2.0), 1.0);
    ch.finish();
    p.channels.push_back(std::move(c));
  }
  p.corticospinal_delay_s = n.real("corticospinal_delay", "s", Range::closed(0.002, 0.2));
  p.afferent_delay_s = n.real("afferent_delay", "s", Range::closed(0.002, 0.2));
  p.drive_scale = n.real("drive_scale", "1", Range::closed(0.0, 2.0));
  p.long_latency_weight_per_hz = n.real("long_latency_weight", "1/(imp/s)", Range::closed(0.0, 1.0));
  p.basal_ganglia = read_basal_ganglia(n.find("basal_ganglia"));
  p.thalamocortical = read_thalamocortical(n.find("thalamocortical"));
  read_pathology(n.find("pathology"), p);
  n.finish();
  return p;
}

}  // namespace nmsim::scenario
