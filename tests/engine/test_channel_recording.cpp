// Per-channel recording settings (signals.emg.channels, docs/model.md "Recording chain") through a
// whole trial: the channel that has them records through them, the others as before.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "engine/engine.hpp"

namespace nmsim::engine {
namespace {

const TimeSeries& series(const TrialRecord& r, const std::string& path) {
  for (const TimeSeries& s : r.series)
    if (s.path == path) return s;
  throw std::logic_error("no series " + path);
}

// dB of a channel's clean power over what the chain added to it; +inf when it added nothing.
double added_snr_db(const TrialRecord& r, std::size_t c) {
  const TimeSeries &emg = series(r, "emg"), &clean = series(r, "emg_clean");
  const std::size_t m = emg.channels.size();
  double signal = 0, added = 0;
  for (std::size_t k = c; k < emg.data.size(); k += m) {
    signal += double(clean.data[k]) * clean.data[k];
    added += (double(emg.data[k]) - clean.data[k]) * (double(emg.data[k]) - clean.data[k]);
  }
  return added > 0 ? 10 * std::log10(signal / added) : INFINITY;
}

TEST(ChannelRecording, OnlyTheChannelWithItsOwnStageRecordsIt) {
  const Trial t = Simulation::from_file(NMSIM_SOURCE_DIR "/scenarios/ankle_clonus.yaml", {},
                                        {"protocol[2].duration=4", "signals.emg.store_clean=true",
                                         "signals.emg.channels.gastrocnemius.powerline.frequency=60",
                                         "signals.emg.channels.gastrocnemius.powerline.snr_db=3"})
                      .run(0);
  EXPECT_NEAR(added_snr_db(t.record, 1), 3.0, 0.01) << "gastrocnemius hums at its own 3 dB";
  EXPECT_EQ(added_snr_db(t.record, 0), INFINITY) << "soleus records clean";
  EXPECT_EQ(added_snr_db(t.record, 2), INFINITY) << "tibialis anterior records clean";
}

TEST(ChannelRecording, AChannelCanGoWithoutAStageTheOthersHave) {
  const Trial t = Simulation::from_file(NMSIM_SOURCE_DIR "/scenarios/ankle_clonus.yaml", {},
                                        {"protocol[2].duration=4", "signals.emg.store_clean=true",
                                         "signals.emg.coloured_noise.snr_db=12", "signals.emg.channels.soleus.coloured_noise=off"})
                      .run(0);
  EXPECT_EQ(added_snr_db(t.record, 0), INFINITY);
  EXPECT_NEAR(added_snr_db(t.record, 1), 12.0, 0.01);
  EXPECT_NEAR(added_snr_db(t.record, 2), 12.0, 0.01);
}

}  // namespace
}  // namespace nmsim::engine
