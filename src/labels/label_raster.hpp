#pragma once
// Turning labelled intervals (continuous times) into the per-sample bitmask and event rows.
#include <string>
#include <vector>

#include "core/event_table.hpp"
#include "core/label_series.hpp"
#include "labels/clonus_labeller.hpp"

namespace nmsim::labels {

// Sets bit position `bit` on every sample of `channel` whose time lies in [start_s, stop_s].
void mark_interval(LabelSeries& labels, std::size_t channel, double start_s, double stop_s, unsigned bit);

// One "clonus_episode" row per episode (beat_count, frequency, duration_class, sustained) and
// one "clonus_beat" row per beat (peak_time, peak_drive) whose parent is its episode.
void add_clonus_events(EventTable& events, const std::vector<ClonusEpisode>& episodes, const std::string& channel);

}  // namespace nmsim::labels
