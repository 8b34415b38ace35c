#pragma once
// Reads the recording chain of `signals.emg`: crosstalk, powerline, adc and store_clean.
#include <string>
#include <vector>

#include "scenario/config_reader.hpp"
#include "signals/recording_chain.hpp"

namespace nmsim::scenario {

// `emg` is the signals.emg map; `muscles` name the EMG channels, in the model's order.
signals::RecordingChainParams read_recording_chain(const config::Node& emg, const std::vector<std::string>& muscles,
                                                   double rate_hz);

}  // namespace nmsim::scenario
