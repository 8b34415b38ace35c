#include "engine/label_context.hpp"

#include <algorithm>
#include <stdexcept>

namespace nmsim::engine {

const TimeSeries* find_series(const TrialRecord& rec, std::string_view path) {
  for (const auto& ts : rec.series)
    if (ts.path == path) return &ts;
  return nullptr;
}

const TimeSeries& emg_of(const TrialRecord& rec) {
  if (const TimeSeries* emg = find_series(rec, "emg")) return *emg;
  throw std::logic_error("a trial record without an EMG series");
}

double& count(TrialStats& st, const char* name) {
  for (auto& c : st.counts)
    if (c.name == name) return c.value;
  throw std::logic_error(std::string("count '") + name + "' is not registered (engine/count_registry.cpp)");
}

labels::ChannelPower channel_power(const TrialRecord& rec, std::size_t channel, LabelMask exclude) {
  const TimeSeries& emg = emg_of(rec);
  return labels::ChannelPower(emg.data, emg.n_channels(), channel, emg.rate_hz, &rec.labels, exclude);
}

std::size_t label_channel(const TrialRecord& rec, const std::string& muscle) {
  const auto& channels = rec.labels.channels;
  return static_cast<std::size_t>(std::find(channels.begin(), channels.end(), muscle) - channels.begin());
}

}  // namespace nmsim::engine
