#include "labels/label_raster.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace nmsim::labels {
namespace {

// Bit positions for these hand-built series (the engine's registry is not needed here).
constexpr unsigned kClonus = 0, kDystonia = 1, kMyoclonus = 2;

LabelSeries series(double rate, double start, std::size_t n, std::size_t channels = 3) {
  LabelSeries s;
  s.rate_hz = rate;
  s.starting_time_s = start;
  for (std::size_t c = 0; c < channels; ++c) s.channels.push_back("ch" + std::to_string(c));
  s.data.assign(n * channels, 0);
  return s;
}

// Indices of samples in `channel` that carry `bit`.
std::vector<std::size_t> marked(const LabelSeries& s, std::size_t channel, unsigned bit) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < s.n_samples(); ++i)
    if (s.at(i, channel) & bit_mask(bit)) out.push_back(i);
  return out;
}

std::vector<std::size_t> range(std::size_t first, std::size_t last) {
  std::vector<std::size_t> out;
  for (std::size_t i = first; i <= last; ++i) out.push_back(i);
  return out;
}

TEST(MarkInterval, SetsExactlyTheSamplesInsideTheClosedInterval) {
  // Samples at t_i = 0.5 + i/100.
  LabelSeries s = series(100.0, 0.5, 50);
  mark_interval(s, 1, 0.525, 0.575, kClonus);  // between samples: 0.53 … 0.57
  EXPECT_EQ(marked(s, 1, kClonus), range(3, 7));
  LabelSeries e = series(100.0, 0.5, 50);
  mark_interval(e, 1, 0.53, 0.57, kClonus);  // on samples: both ends included
  EXPECT_EQ(marked(e, 1, kClonus), range(3, 7));
  LabelSeries point = series(100.0, 0.5, 50);
  mark_interval(point, 0, 0.6, 0.6, kClonus);
  EXPECT_EQ(marked(point, 0, kClonus), std::vector<std::size_t>{10});
}

TEST(MarkInterval, ExactBoundariesAtAPowerOfTwoRate) {
  // 2048 Hz: every sample time is exact, so [1, 2] s holds samples 2048 … 4096 inclusive.
  LabelSeries s = series(2048.0, 0.0, 3 * 2048, 1);
  mark_interval(s, 0, 1.0, 2.0, kMyoclonus);
  EXPECT_EQ(marked(s, 0, kMyoclonus), range(2048, 4096));
}

TEST(MarkInterval, TouchesOnlyItsBitAndChannel) {
  LabelSeries s = series(100.0, 0.0, 40);
  for (std::size_t i = 0; i < 40; ++i) s.at(i, 0) = bit_mask(kClonus);
  s.at(5, 1) = bit_mask(kDystonia);
  mark_interval(s, 1, 0.04, 0.06, kClonus);
  for (std::size_t i = 0; i < 40; ++i) {
    EXPECT_EQ(s.at(i, 0), bit_mask(kClonus)) << i;
    EXPECT_EQ(s.at(i, 2), 0) << i;
  }
  EXPECT_EQ(s.at(3, 1), 0);
  EXPECT_EQ(s.at(4, 1), bit_mask(kClonus));
  EXPECT_EQ(s.at(5, 1), bit_mask(kClonus) | bit_mask(kDystonia));  // OR, not overwrite
  EXPECT_EQ(s.at(6, 1), bit_mask(kClonus));
  EXPECT_EQ(s.at(7, 1), 0);
}

TEST(MarkInterval, ClipsToTheSeriesAndIgnoresEmptyIntervals) {
  LabelSeries s = series(100.0, 1.0, 20, 1);  // 1.00 … 1.19 s
  mark_interval(s, 0, 0.0, 1.015, kClonus);  // starts before the series
  EXPECT_EQ(marked(s, 0, kClonus), range(0, 1));
  mark_interval(s, 0, 1.175, 9.0, kDystonia);  // runs past its end
  EXPECT_EQ(marked(s, 0, kDystonia), range(18, 19));
  mark_interval(s, 0, 2.0, 3.0, kMyoclonus);  // entirely after
  mark_interval(s, 0, 0.0, 0.99, kMyoclonus);  // entirely before
  mark_interval(s, 0, 1.1, 1.05, kMyoclonus);  // stop < start
  mark_interval(s, 0, 1.101, 1.109, kMyoclonus);  // between two samples
  EXPECT_TRUE(marked(s, 0, kMyoclonus).empty());
  mark_interval(s, 0, -1e9, 1e9, kMyoclonus);
  EXPECT_EQ(marked(s, 0, kMyoclonus), range(0, 19));
  LabelSeries empty = series(100.0, 0.0, 0);
  EXPECT_NO_THROW(mark_interval(empty, 0, 0.0, 1.0, kClonus));
}

// ------------------------------------------------------------------ events

ClonusEpisode episode(double start, std::vector<double> peaks, double freq, int cls, bool sustained) {
  ClonusEpisode ep;
  for (double p : peaks) ep.beats.push_back({p - 0.05, p, p + 0.05, 0.01 * p});
  ep.start_s = start;
  ep.stop_s = peaks.back() + 0.05;
  ep.frequency_hz = freq;
  ep.duration_class = cls;
  ep.sustained = sustained;
  return ep;
}

TEST(AddClonusEvents, EpisodeRowsFollowedByTheirBeatRowsWithParentLinks) {
  EventTable ev;
  ev.add(0.0, 0.1, "other", "x");  // pre-existing row: parent links must be absolute row indices
  const std::vector<ClonusEpisode> eps = {episode(1.95, {2.0, 2.2, 2.4}, 5.0, 1, false),
                                          episode(4.95, {5.0, 5.25}, 4.0, 2, true)};
  add_clonus_events(ev, eps, "soleus");
  ASSERT_EQ(ev.size(), 1u + 4u + 3u);
  const std::vector<std::string> labels = {"other",          "clonus_episode", "clonus_beat", "clonus_beat",
                                           "clonus_beat",    "clonus_episode", "clonus_beat", "clonus_beat"};
  EXPECT_EQ(ev.label(), labels);
  const std::vector<std::int64_t> parents = {-1, -1, 1, 1, 1, -1, 5, 5};
  EXPECT_EQ(ev.parent(), parents);
  for (std::size_t r = 1; r < ev.size(); ++r) EXPECT_EQ(ev.channel()[r], "soleus") << r;

  const auto& ints = ev.int_columns();
  const auto& reals = ev.real_columns();
  ASSERT_TRUE(ints.count("beat_count") && ints.count("duration_class") && ints.count("sustained"));
  ASSERT_TRUE(reals.count("frequency") && reals.count("peak_time") && reals.count("peak_drive"));
  // Episode rows.
  EXPECT_EQ(ints.at("beat_count")[1], 3);
  EXPECT_EQ(ints.at("beat_count")[5], 2);
  EXPECT_EQ(ints.at("duration_class")[1], 1);
  EXPECT_EQ(ints.at("duration_class")[5], 2);
  EXPECT_EQ(ints.at("sustained")[1], 0);
  EXPECT_EQ(ints.at("sustained")[5], 1);
  EXPECT_DOUBLE_EQ(reals.at("frequency")[1], 5.0);
  EXPECT_DOUBLE_EQ(reals.at("frequency")[5], 4.0);
  EXPECT_DOUBLE_EQ(ev.start_time()[1], 1.95);
  EXPECT_DOUBLE_EQ(ev.stop_time()[1], 2.45);
  EXPECT_TRUE(std::isnan(reals.at("peak_time")[1]));
  // Beat rows.
  EXPECT_DOUBLE_EQ(reals.at("peak_time")[3], 2.2);
  EXPECT_DOUBLE_EQ(reals.at("peak_drive")[3], 0.022);
  EXPECT_DOUBLE_EQ(ev.start_time()[3], 2.15);
  EXPECT_DOUBLE_EQ(ev.stop_time()[3], 2.25);
  EXPECT_DOUBLE_EQ(reals.at("peak_time")[7], 5.25);
  EXPECT_EQ(ints.at("beat_count")[3], EventTable::kMissingInt);
  EXPECT_TRUE(std::isnan(reals.at("frequency")[6]));
  // The pre-existing row gets "missing" in every new column.
  EXPECT_EQ(ints.at("beat_count")[0], EventTable::kMissingInt);
  EXPECT_TRUE(std::isnan(reals.at("peak_time")[0]));
}

TEST(AddClonusEvents, NoEpisodesNoRows) {
  EventTable ev;
  add_clonus_events(ev, {}, "soleus");
  EXPECT_EQ(ev.size(), 0u);
}

}  // namespace
}  // namespace nmsim::labels
