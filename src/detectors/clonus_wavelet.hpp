#pragma once
// Clonus from EMG after Mummidisetty, Bohórquez & Thomas (2012, J Neurosci Methods 204:35):
// a Morlet-wavelet envelope in 74.8-193.9 Hz; a contraction is a stretch of envelope above a
// threshold, with one peak (contractions closer than min_interval join: timing rule); each contraction's EMG runs from 5 % to 95 % of the EMG
// energy within ±50 ms of its peak. Our addition for scoring episodes: runs of at least
// `min_beats` contractions at 2.5-12 Hz form a `clonus_episode` with its frequency
// (contractions - 1) / (last peak - first peak). Thresholds are our choice (docs/scoring.md).
#include "detectors/detector.hpp"

namespace nmsim::detectors {

Parameters clonus_wavelet_parameters();
// Emits `clonus_beat` (one per contraction inside an episode) and `clonus_episode` rows per
// channel, with `frequency` (Hz) and `beat_count`; score = median peak envelope / threshold.
scoring::DetectionTable detect_clonus_wavelet(const TrialInput& trial, const Parameters& p);

}  // namespace nmsim::detectors
