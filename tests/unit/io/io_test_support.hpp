#pragma once
// Shared fixtures for the io tests: scratch folders and synthetic trial records that
// exercise every part of the file schema.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/trial_record.hpp"

namespace nmsim::io::test {

// A fresh folder under the system temp dir, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "nmsim-io-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(path_)) names.push_back(e.path().filename().string());
    return names;
  }

 private:
  std::filesystem::path path_;
};

// The bit names of the records these tests build: the engine's built-in bits
// (engine/label_bits.cpp, not linked here), so the files look like real ones. HDF5's heap use per
// trial depends on attribute sizes: with only three names Performance.MemoryDoesNotGrowWithTrialCount
// measured 281 bytes of growth per trial, with these eight none.
inline const std::vector<std::string> kTestBitNames{"clonus",         "dystonia",        "myoclonus",
                                                    "dystonia_posture", "dystonia_spasm", "dystonia_tremor",
                                                    "dystonia_overflow", "myoclonus_negative"};

inline TimeSeries make_series(std::string path, std::string unit, double rate_hz, std::size_t n_samples,
                              std::vector<std::string> channels, float phase = 0.0f) {
  TimeSeries s;
  s.path = std::move(path);
  s.unit = std::move(unit);
  s.description = "synthetic " + s.path + " — α-motoneuron drive, 5 °/s";  // non-ASCII on purpose
  s.rate_hz = rate_hz;
  s.starting_time_s = 0.25;
  s.channels = std::move(channels);
  s.data.resize(n_samples * s.channels.size());
  for (std::size_t i = 0; i < n_samples; ++i)
    for (std::size_t c = 0; c < s.channels.size(); ++c)
      s.at(i, c) = std::sin(0.01f * static_cast<float>(i) * static_cast<float>(c + 1) + phase) * 1e-3f +
                   static_cast<float>((i * 7919 + c * 104729) % 1000) * 1e-7f;
  return s;
}

// One trial shaped like real output: EMG (3 channels), `n_kinematic` single-channel
// series at half the EMG rate, labels, events with optional columns, parameters, protocol.
inline TrialRecord make_trial(std::uint64_t index, double duration_s = 2.0, double emg_rate = 2000.0,
                              std::size_t n_kinematic = 6) {
  TrialRecord t;
  t.index = index;
  t.duration_s = duration_s;
  const auto n_emg = static_cast<std::size_t>(duration_s * emg_rate);
  const std::vector<std::string> muscles = {"soleus", "tibialis_anterior", "gastrocnémius"};
  t.series.push_back(make_series("emg", "V", emg_rate, n_emg, muscles, static_cast<float>(index)));
  static const char* kKinematic[] = {"kinematics/angle",   "kinematics/velocity", "kinematics/acceleration",
                                     "internals/activation", "internals/force",   "internals/spindle_rate",
                                     "internals/extra_a",  "internals/extra_b"};
  static const char* kUnits[] = {"rad", "rad/s", "m/s^2", "1", "N", "Hz", "1", "1"};
  for (std::size_t k = 0; k < n_kinematic; ++k)
    t.series.push_back(make_series(kKinematic[k % 8], kUnits[k % 8], emg_rate / 2, n_emg / 2, {"ankle"}));

  t.labels.rate_hz = emg_rate;
  t.labels.starting_time_s = 0.25;
  t.labels.channels = muscles;
  t.labels.data.assign(n_emg * muscles.size(), 0);
  t.labels.bit_names = kTestBitNames;
  for (std::size_t i = n_emg / 4; i < n_emg / 2; ++i) t.labels.at(i, 0) |= t.labels.mask_of("clonus");
  for (std::size_t i = n_emg / 3; i < 2 * n_emg / 3; ++i) t.labels.at(i, 2) |= t.labels.mask_of("myoclonus");
  for (std::size_t i = n_emg / 3; i < n_emg / 2; ++i) t.labels.at(i, 0) |= t.labels.mask_of("dystonia");

  const std::size_t episode = t.events.add(0.5, 1.0, "clonus", "soleus");
  t.events.set_real(episode, "frequency_hz", 6.0);
  for (int b = 0; b < 3; ++b) {
    const double at = 0.5 + 0.16 * b;
    const std::size_t beat = t.events.add(at, at + 0.05, "clonus_beat", "soleus", static_cast<std::int64_t>(episode));
    t.events.set_real(beat, "amplitude", 0.1 * (b + 1));
    t.events.set_int(beat, "beat_number", b);
  }
  t.events.add(0.7, 0.72, "myoclonus", "gastrocnémius");  // leaves optional columns missing

  t.parameters = {{"reflex.gain", 1.5}, {"noise.σ", 0.01}, {"muscle.soleus.f_max", 2500.0}};
  t.parameter_units = {"1", "V", "N"};
  t.parameter_sources = {"", "", "Arnold et al. 2010 (ünïcode)"};
  t.phase_names = {"rest", "stretch", "hold"};
  t.phase_start_s = {0.0, duration_s / 4, duration_s / 2};
  t.phase_stop_s = {duration_s / 4, duration_s / 2, duration_s};
  return t;
}

// An artefact mask on the EMG grid of make_trial: one clipped stretch and one dropout.
inline void add_artefacts(TrialRecord& t) {
  const TimeSeries& emg = t.series.front();
  t.artefacts.rate_hz = emg.rate_hz;
  t.artefacts.starting_time_s = emg.starting_time_s;
  t.artefacts.channels = emg.channels;
  t.artefacts.bit_names = {"clipping", "electrode_pop", "dropout"};
  const std::size_t n = emg.data.size() / emg.channels.size();
  t.artefacts.data.assign(n * emg.channels.size(), 0);
  for (std::size_t i = n / 5; i < n / 5 + 7; ++i) t.artefacts.at(i, 1) |= t.artefacts.mask_of("clipping");
  for (std::size_t i = n / 2; i < n; ++i) t.artefacts.at(i, 2) |= t.artefacts.mask_of("dropout");
}

inline Provenance make_provenance() {
  Provenance p;
  p.scenario_yaml = "scenario:\n  name: ankle clonus\n  note: \"ü, ß, 漢字\"\n";
  p.model_yaml = "model:\n  muscles: [soleus]\n";
  p.seed = 0xFEEDFACECAFEBEEFull;  // above 2^63: must survive as unsigned
  p.command_line = "nmsim run scenarios/clonus.yaml --seed 42 -o out.h5";
  p.nmsim_version = "0.1.0";
  p.scenario_path = "scenarios/clonus.yaml";
  p.model_path = "models/ankle.yaml";
  return p;
}

}  // namespace nmsim::io::test
