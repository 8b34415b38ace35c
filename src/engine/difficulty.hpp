#pragma once
// Difficulty coordinates (docs/labels.md, "Difficulty coordinates"): what makes a trial hard for
// a detector, measured from the finished record after labelling and the recording chain, so
// that a scorer can bin its results by them. Each is a count of the registry
// (count_registry.hpp) computed from the record; /index gets one column each.
#include "core/trial_record.hpp"

namespace nmsim::engine {

// The limb clonus band a look-alike's frequency is measured against: 5.4 ± 2 × 0.9 Hz, the
// ankle clonus frequencies of Wallace, Ross & Thomas (2012), mean ± 2 SD.
inline constexpr double kClonusBandLow_hz = 3.6, kClonusBandHigh_hz = 7.2;

// How many phenotype families (clonus, dystonia, myoclonus, tremor, voluntary rhythm) label at
// least one sample of the trial: 2 or more is a mixed phenotype.
double phenotype_mixture(const TrialRecord& rec);
// The frequency (Hz) of the trial's longest tremor or voluntary-rhythm episode; NaN without one.
double lookalike_frequency(const TrialRecord& rec);
// How far that frequency lies outside the limb clonus band (Hz, 0 inside it); NaN without one.
double clonus_band_distance(const TrialRecord& rec);
// The salience (dB) of the trial's longest clonus episode; NaN without one.
double clonus_salience(const TrialRecord& rec);
// With the clean EMG stored (`store_clean`), the recording's SNR in dB: clean power over the
// power of what the chain added (recorded − clean), over every channel and sample; NaN without.
double recording_snr_db(const TrialRecord& rec);

}  // namespace nmsim::engine
