#include "detectors/catalogue.hpp"

#include "detectors/burst_onsets.hpp"
#include "detectors/clonus_wavelet.hpp"
#include "detectors/dystonia_flags.hpp"
#include "detectors/logistic_baseline.hpp"
#include "detectors/tremor_band.hpp"

namespace nmsim::detectors {

const std::vector<DetectorInfo>& detector_catalogue() {
  static const std::vector<DetectorInfo> kAll{
      {"clonus_wavelet", "Morlet envelope 74.8-193.9 Hz, one peak per contraction (Mummidisetty et al. 2012)",
       "clonus_beat, clonus_episode", &clonus_wavelet_parameters, &detect_clonus_wavelet},
      {"tremor_band", "3 s windows, relative power around the 3-12 Hz spectral peak (PMC6806079)", "tremor",
       &tremor_band_parameters, &detect_tremor_band},
      {"burst_onsets", "EMG bursts: envelope above mean + 3 SD of a baseline (Hodges & Bui 1996)", "myoclonic_burst",
       &burst_onset_parameters, &detect_bursts},
      {"myoclonus_45ms", "bursts as burst_onsets; mean duration < 45 ms over >= 10 bursts = cortical (van der Veen et al. 2024)",
       "myoclonic_burst, myoclonus_cortical, myoclonus_noncortical", &myoclonus_classifier_parameters,
       &detect_myoclonus_class},
      {"dystonia_cci", "co-contraction index of antagonist envelopes >= 0.5 (Falconer & Winter 1985)", "dystonia",
       [] { return dystonia_parameters(DystoniaRule::co_contraction); },
       [](const TrialInput& t, const Parameters& p) { return detect_dystonia(t, p, DystoniaRule::co_contraction); }},
      {"dystonia_mdf", "median power frequency < 70 Hz in active muscle (Go, Coleman-Wood & Kaufman 2014)", "dystonia",
       [] { return dystonia_parameters(DystoniaRule::median_frequency); },
       [](const TrialInput& t, const Parameters& p) { return detect_dystonia(t, p, DystoniaRule::median_frequency); }},
      {"logistic", "logistic regression on 8 features of 0.5 s windows, trained on the train split",
       "one label per label bit with training examples", &logistic_parameters, nullptr},
  };
  return kAll;
}

const DetectorInfo* find_detector(const std::string& name) {
  for (const auto& d : detector_catalogue())
    if (d.name == name) return &d;
  return nullptr;
}

std::string detector_names() {
  std::string s;
  for (const auto& d : detector_catalogue()) s += (s.empty() ? "" : ", ") + d.name;
  return s;
}

}  // namespace nmsim::detectors
