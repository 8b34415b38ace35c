#pragma once
// Ground-truth tremor labels derived from the generator state (docs/labels.md, "Tremor").
//
// Input per muscle: its tremor part, the pool excitation the tremor drive adds or removes
// compared with the same instant without it (PoolDrive::tremor_part). An episode is where the
// generator's gate is at least one half. A muscle takes part in an episode when its tremor part
// reaches `threshold` somewhere inside it: a tremor drive that meets a pool too far below its
// threshold to be recruited changes nothing and is not labelled.
#include <span>

namespace nmsim::labels {

struct TremorLabelParams {
  double threshold = 0.01;          // pool-excitation units (1 % of maximal excitation)
  double salience_window_s = 2.0;   // the rhythm salience is averaged over windows this long
  double visible_db = -3.0;         // salience floor of a visible tremor (rhythm salience, dB)
};

struct TremorTrain {
  bool found = false;
  double peak = 0.0;  // largest |tremor part| in the episode
};

// What the tremor did to one muscle in [start_s, stop_s) of `part` (sampled at rate_hz).
TremorTrain tremor_train(std::span<const double> part, double rate_hz, double start_s, double stop_s,
                         const TremorLabelParams& p);

}  // namespace nmsim::labels
