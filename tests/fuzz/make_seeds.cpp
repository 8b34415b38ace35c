// Writes the binary seed of the part-reader corpus: a small resume part of the run and trial that
// fuzz_part_reader expects, prefixed by its flag byte (1: recompute the checksum). Run once:
//   build/default/tests/fuzz/fuzz_make_seeds tests/fuzz/corpus/part_reader
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "io/trial_part.hpp"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc != 2) return 2;
  const fs::path dir = argv[1];
  nmsim::io::TrialPart p;
  p.trial = 3;
  p.duration_s = 0.01;
  p.counts = {{"clonus_episodes", nmsim::CountKind::total, 1}, {"clonus_frequency", nmsim::CountKind::value, 6.5}};
  nmsim::TrialRecord r;
  r.index = 3;
  r.duration_s = 0.01;
  nmsim::TimeSeries emg;
  emg.path = "emg";
  emg.unit = "V";
  emg.description = "EMG";
  emg.rate_hz = 1000;
  emg.channels = {"soleus", "tibialis_anterior"};
  emg.data = {0.1f, 0.2f, 0.3f, 0.4f};
  r.series.push_back(emg);
  r.labels.rate_hz = 1000;
  r.labels.channels = emg.channels;
  r.labels.data = {1, 0, 1, 0};
  r.labels.bit_names = {"clonus"};
  r.events.add(0.0, 0.001, "clonus_beat", "soleus", -1);
  r.events.set_real(0, "frequency", 6.5);
  r.parameters = {{"reflex.gain", 6.0}};
  r.parameter_units = {"1"};
  r.parameter_sources = {""};
  r.phase_names = {"hold"};
  r.phase_start_s = {0.0};
  r.phase_stop_s = {0.01};
  p.record = r;
  const fs::path tmp = dir / "part.tmp";
  nmsim::io::write_trial_part(tmp, p, 0x6e6d73696d66757aull);
  std::ifstream in(tmp, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  fs::remove(tmp);
  for (const char flag : {'\0', '\1'}) {
    std::ofstream out(dir / (std::string("part-flag") + char('0' + flag)), std::ios::binary);
    out.put(flag);
    out << bytes;
  }
  nmsim::io::TrialPart failed;
  failed.trial = 3;
  failed.failed = true;
  failed.failure = "numerical failure";
  nmsim::io::write_trial_part(tmp, failed, 0x6e6d73696d66757aull);
  std::ifstream in2(tmp, std::ios::binary);
  const std::string fbytes((std::istreambuf_iterator<char>(in2)), std::istreambuf_iterator<char>());
  fs::remove(tmp);
  std::ofstream(dir / "failed-flag1", std::ios::binary) << '\1' << fbytes;
  return 0;
}
