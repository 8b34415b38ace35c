// Bad input: exit code 2, an error naming file:line:column and key path, and nothing left
// behind in the output folder. Each fixture edits the short scenario (see cli_harness.hpp
// for its line numbers); the expected positions below are those of the offending token.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <thread>

#include "cli_harness.hpp"
#include "nmsim/version.hpp"

namespace nmsim::cli_test {
namespace {

const std::string kBase(kShortScenario);

class BadInput : public CliTest {
 protected:
  fs::path result() const { return out() / "result.h5"; }

  // "nmsim: error: FILE:LINE:COLUMN: key 'KEY': " — the head of every located error line.
  static std::string located(const fs::path& file, int line, int column, const std::string& key) {
    return "nmsim: error: " + file.string() + ":" + std::to_string(line) + ":" + std::to_string(column) + ": key '" +
           key + "': ";
  }

  static void expect_contains(const RunResult& r, const std::vector<std::string>& needles, const std::string& what) {
    for (const auto& n : needles)
      EXPECT_NE(r.err.find(n), std::string::npos) << what << ": stderr lacks \"" << n << "\"; stderr was:\n" << r.err;
  }

  // `run SCENARIO -o out/result.h5 EXTRA...` must exit 2 with every needle in stderr and leave
  // out/ as it was; `validate` and `stability` (unless `run_only`) must fail with the same message.
  void expect_rejected(const fs::path& scenario, const std::vector<std::string>& extra,
                       const std::vector<std::string>& needles, bool run_only = false) {
    const auto before = list_dir(out());
    std::vector<std::string> args{"run", scenario.string(), "-o", result().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    const RunResult r = nmsim(args);
    EXPECT_EQ(r.exit_code, 2) << "stderr:\n" << r.err;
    EXPECT_FALSE(r.signaled);
    EXPECT_EQ(r.out, "");
    expect_contains(r, needles, "run");
    EXPECT_FALSE(fs::exists(result())) << "run left " << result();
    EXPECT_EQ(list_dir(out()), before) << "run left files in the output folder";
    if (run_only) return;
    for (const char* cmd : {"validate", "stability"}) {
      std::vector<std::string> vargs{cmd, scenario.string()};
      vargs.insert(vargs.end(), extra.begin(), extra.end());
      const RunResult v = nmsim(vargs);
      EXPECT_EQ(v.exit_code, 2) << cmd << " stderr:\n" << v.err;
      EXPECT_EQ(v.err, r.err) << cmd << " reports a different error than run";
    }
    EXPECT_EQ(list_dir(out()), before);
  }
};

TEST_F(BadInput, MissingScenarioFile) {
  const fs::path missing = dir() / "no_such_scenario.yaml";
  expect_rejected(missing, {}, {"nmsim: error: " + missing.string() + ": ", "does not exist"});
}

TEST_F(BadInput, YamlSyntaxError) {
  // "seed: 1: 2": the second ':' (line 4, column 8) is an illegal map value.
  const fs::path s = scenario(edit(kBase, "seed: 1\n", "seed: 1: 2\n"));
  expect_rejected(s, {}, {"nmsim: error: " + s.string() + ":4:8: ", "YAML syntax error"});
}

TEST_F(BadInput, UnknownTopLevelKey) {
  const fs::path s = scenario(edit(kBase, "seed: 1\n", "seed: 1\ncolour: blue\n"));
  expect_rejected(s, {}, {located(s, 5, 1, "colour") + "unknown key 'colour'", "expected one of: name,"});
}

TEST_F(BadInput, UnknownKeyInProtocolPhase) {
  const fs::path s = scenario(edit(kBase, "load_torque: 4.0}", "load_torque: 4.0, hand_stifness: 3.0}"));
  expect_rejected(s, {}, {located(s, 11, 51, "protocol[2].hand_stifness") + "unknown key 'hand_stifness'",
                          "did you mean 'hand_stiffness'?"});
}

TEST_F(BadInput, UnknownKeyInSignals) {
  const fs::path s = scenario(edit(kBase, "highpass: 10.0}", "highpass: 10.0, notch: 50.0}"));
  // "  emg: {rate: 2000.0, noise_rms: 3.0e-6, highpass: 10.0, notch": column 58.
  expect_rejected(s, {}, {located(s, 13, 58, "signals.emg.notch") + "unknown key 'notch'"});
}

// The recording chain's settings (signals/recording_chain.hpp).
TEST_F(BadInput, CrosstalkNamesAnUnknownChannel) {
  const fs::path s = scenario(edit(kBase, "highpass: 10.0}", "highpass: 10.0, crosstalk: {solues: {gastrocnemius: 0.1}}}"));
  expect_rejected(s, {}, {located(s, 13, 78, "signals.emg.crosstalk.solues") + "unknown EMG channel 'solues'; the model records: soleus, gastrocnemius, tibialis_anterior"});
}

TEST_F(BadInput, CrosstalkFromTheChannelsOwnMuscle) {
  const fs::path s = scenario(edit(kBase, "highpass: 10.0}", "highpass: 10.0, crosstalk: {soleus: {soleus: 0.1}}}"));
  expect_rejected(s, {}, {located(s, 13, 87, "signals.emg.crosstalk.soleus.soleus") + "is the channel's own muscle"});
}

TEST_F(BadInput, PowerlineWithAmplitudeAndSnr) {
  const fs::path s = scenario(edit(kBase, "highpass: 10.0}", "highpass: 10.0, powerline: {frequency: 50.0, amplitude: 1.0e-5, snr_db: 3.0}}"));
  expect_rejected(s, {}, {located(s, 13, 69, "signals.emg.powerline") + "needs exactly one of 'amplitude' (RMS, V) and 'snr_db'"});
}

TEST_F(BadInput, PowerlineHarmonicAboveNyquist) {
  const fs::path s = scenario(edit(kBase, "highpass: 10.0}", "highpass: 10.0, powerline: {frequency: 60.0, snr_db: 3.0, harmonics: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}}"));
  expect_rejected(s, {}, {located(s, 13, 111, "signals.emg.powerline.harmonics") + "reaches harmonic 18 at 1080 Hz, at or above Nyquist (1000 Hz at the EMG rate)"});
}

TEST_F(BadInput, LowpassAtNyquist) {
  const fs::path s = scenario(edit(kBase, "highpass: 10.0}", "highpass: 10.0, lowpass: 1000.0}"));
  expect_rejected(s, {}, {located(s, 13, 67, "signals.emg.lowpass") + "must be below Nyquist, half the EMG rate (1000 Hz)"});
}

TEST_F(BadInput, StoreCleanWithoutAChain) {
  const fs::path s = scenario(edit(kBase, "highpass: 10.0}", "highpass: 10.0, store_clean: true}"));
  expect_rejected(s, {}, {located(s, 13, 71, "signals.emg.store_clean") + "needs a recording-chain stage"});
}

TEST_F(BadInput, PerChannelStageMistakes) {
  const auto rejected = [&](const std::string& block, const std::vector<std::string>& needles) {
    expect_rejected(scenario(edit(kBase, "highpass: 10.0}", "highpass: 10.0, " + block + "}")), {}, needles);
  };
  rejected("channels: {solues: {pops: {rate: 2, amplitude: 1.0e-3}}}",
           {"key 'signals.emg.channels.solues'", "unknown EMG channel 'solues'; the model records: soleus, gastrocnemius, tibialis_anterior"});
  rejected("channels: {soleus: {pops: {rate: 2}}}", {"key 'signals.emg.channels.soleus.pops.amplitude'", "missing required key"});
  rejected("channels: {soleus: {popz: {rate: 2, amplitude: 1.0e-3}}}", {"key 'signals.emg.channels.soleus.popz'", "unknown key 'popz'"});
  rejected("channels: {soleus: {adc: {bits: 8, range: 1}}}", {"key 'signals.emg.channels.soleus.adc'", "unknown key 'adc'"});
  rejected("channels: {soleus: {ecg: {snr_db: 3}}}", {"key 'signals.emg.channels.soleus.ecg'", "needs the chain's own signals.emg.ecg block"});
  rejected("ecg: {snr_db: 0}, channels: {soleus: {ecg: {snr_db: 3, heart_rate: 90}}}",
           {"key 'signals.emg.channels.soleus.ecg.heart_rate'", "unknown key 'heart_rate'"});
  rejected("channels: {soleus: off}", {"key 'signals.emg.channels.soleus'", "must map stages"});
  rejected("powerline: off", {"key 'signals.emg.powerline'"});
  rejected("channels: {}", {"key 'signals.emg.channels'", "must map EMG channels to their own stages"});
}

TEST_F(BadInput, ColouredNoiseMistakes) {
  const auto rejected = [&](const std::string& block, const std::vector<std::string>& needles) {
    expect_rejected(scenario(edit(kBase, "highpass: 10.0}", "highpass: 10.0, coloured_noise: " + block + "}")), {}, needles);
  };
  rejected("{amplitude: 1.0e-6, snr_db: 20}", {"key 'signals.emg.coloured_noise"});
  rejected("{snr_db: 20, exponent: 3}", {"key 'signals.emg.coloured_noise.exponent'", "must be a number in [0.5, 1.8], got 3"});
  rejected("{snr_db: 20, low: 600}", {"key 'signals.emg.coloured_noise.low'"});
  rejected("{snr_db: 20, colour: pink}", {"key 'signals.emg.coloured_noise.colour'"});
}

TEST_F(BadInput, ElectrodeShiftMistakes) {
  const auto rejected = [&](const std::string& block, const std::vector<std::string>& needles) {
    expect_rejected(scenario(edit(kBase, "highpass: 10.0}", "highpass: 10.0, shifts: " + block + "}")), {}, needles);
  };
  rejected("{rate: 2, max_depth: 0.05}", {"key 'signals.emg.shifts.max_depth'", "must be a number in [0, 0.01], got 0.05"});
  rejected("{rate: 2, max_depth: 0.002, conduction_velocity: 40}", {"key 'signals.emg.shifts.conduction_velocity'"});
  rejected("{rate: 2, max_gain: 0.5}", {"key 'signals.emg.shifts.max_gain'"});
  rejected("{max_gain: 2}", {"key 'signals.emg.shifts.rate'", "missing required key"});
}

TEST_F(BadInput, SensorFaultMistakes) {
  const auto rejected = [&](const std::string& block, const std::vector<std::string>& needles) {
    expect_rejected(scenario(edit(kBase, "torque_noise: 0.05}", "torque_noise: 0.05, faults: " + block + "}")), {}, needles);
  };
  rejected("{misalignment: 1.0}", {"key 'signals.kinematics.faults.misalignment'", "must be a number in [-0.5, 0.5], got 1"});
  rejected("{accelerometer_range: -3}", {"key 'signals.kinematics.faults.accelerometer_range'"});
  rejected("{gyro_drift: 0.1}", {"key 'signals.kinematics.faults.gyro_drift'"});
}

TEST_F(BadInput, PopsWithoutAnAmplitude) {
  const fs::path s = scenario(edit(kBase, "highpass: 10.0}", "highpass: 10.0, pops: {rate: 2.0, recovery: 0.1}}"));
  expect_rejected(s, {}, {located(s, 13, 64, "signals.emg.pops.amplitude") + "missing required key 'amplitude'"});
}

TEST_F(BadInput, MotionBandUpsideDown) {
  const fs::path s = scenario(edit(kBase, "highpass: 10.0}", "highpass: 10.0, motion: {snr_db: 3.0, low: 5.0, high: 2.0}}"));
  expect_rejected(s, {}, {located(s, 13, 96, "signals.emg.motion.high") + "must be above 'low' (5 Hz)"});
}

TEST_F(BadInput, UnknownKeyInModelParameters) {
  // A misspelt model key under `parameters:` is reported where the scenario wrote it,
  // under the key path the scenario gives it.
  const fs::path s = scenario(edit(kBase, "    reflex_gain: 6.0\n", "    reflex_gain: 6.0\n    reflex_gian: 4.0\n"));
  expect_rejected(s, {}, {located(s, 8, 5, "parameters.spinal.reflex_gian") + "unknown key 'reflex_gian'"});
}

TEST_F(BadInput, DuplicateKey) {
  const fs::path top = scenario(edit(kBase, "seed: 1\n", "seed: 1\nseed: 2\n"), "top.yaml");
  expect_rejected(top, {}, {located(top, 5, 1, "seed") + "duplicate key 'seed' (first given at " + top.string() + ":4:1)"});
  const fs::path nested =
      scenario(edit(kBase, "    reflex_gain: 6.0\n", "    reflex_gain: 6.0\n    reflex_gain: 5.0\n"), "nested.yaml");
  expect_rejected(nested, {}, {located(nested, 8, 5, "parameters.spinal.reflex_gain") +
                               "duplicate key 'reflex_gain' (first given at " + nested.string() + ":7:5)"});
}

TEST_F(BadInput, WrongTypeStringForNumber) {
  const fs::path word = scenario(edit(kBase, "rest, duration: 0.1}", "rest, duration: fast}"), "word.yaml");
  expect_rejected(word, {}, {located(word, 9, 28, "protocol[0].duration") + "expected a number in s, got 'fast'"});
  const fs::path quoted = scenario(edit(kBase, "rest, duration: 0.1}", "rest, duration: \"0.1\"}"), "quoted.yaml");
  expect_rejected(quoted, {}, {located(quoted, 9, 28, "protocol[0].duration"), "remove the quotes"});
}

TEST_F(BadInput, WrongTypeMapWhereListExpected) {
  const std::string phases =
      "  - {name: rest, duration: 0.1}\n"
      "  - {name: stretch, duration: 0.2, hand_stiffness: 300.0, hand_damping: 3.0, target_angle: 0.26, target_speed: 4.4}\n"
      "  - {name: hold, duration: 0.5, load_torque: 4.0}\n";
  const fs::path s = scenario(edit(kBase, phases, "  rest: {duration: 0.1}\n"));
  expect_rejected(s, {}, {located(s, 9, 3, "protocol") + "must be a list"});
}

TEST_F(BadInput, WrongTypeListWhereMapExpected) {
  const fs::path s = scenario(edit(kBase, "  clonus: {min_beats: 3,", "  clonus: [3, 5]\n  old: {min_beats: 3,"));
  expect_rejected(s, {}, {located(s, 17, 11, "labels.clonus") + "expected a map of key: value pairs, got a list"});
}

TEST_F(BadInput, NanValue) {
  const fs::path s = scenario(edit(kBase, "rest, duration: 0.1}", "rest, duration: .nan}"));
  expect_rejected(s, {}, {located(s, 9, 28, "protocol[0].duration") + "must be a finite number, got '.nan'"});
}

TEST_F(BadInput, InfValue) {
  const fs::path pos = scenario(edit(kBase, "hand_stiffness: 300.0", "hand_stiffness: .inf"), "pos.yaml");
  expect_rejected(pos, {}, {located(pos, 10, 52, "protocol[1].hand_stiffness") + "must be a finite number, got '.inf'"});
  const fs::path neg = scenario(edit(kBase, "load_torque: 4.0}", "load_torque: -.Inf}"), "neg.yaml");
  expect_rejected(neg, {}, {located(neg, 11, 46, "protocol[2].load_torque") + "must be a finite number, got '-.Inf'"});
}

TEST_F(BadInput, NegativeDuration) {
  const fs::path s = scenario(edit(kBase, "hold, duration: 0.5", "hold, duration: -0.5"));
  expect_rejected(s, {}, {located(s, 11, 28, "protocol[2].duration") + "must be a number in (0, 3600], got -0.5"});
}

TEST_F(BadInput, EmgRateTooLow) {
  const fs::path s = scenario(edit(kBase, "{rate: 2000.0,", "{rate: 500,"));
  expect_rejected(s, {}, {located(s, 13, 15, "signals.emg.rate") + "must be a number in [1000, 10000], got 500"});
}

TEST_F(BadInput, EmgRateTooHigh) {
  const fs::path s = scenario(edit(kBase, "{rate: 2000.0,", "{rate: 20000,"));
  expect_rejected(s, {}, {located(s, 13, 15, "signals.emg.rate") + "must be a number in [1000, 10000], got 20000"});
}

TEST_F(BadInput, EmgRateBoundsAreAccepted) {
  for (const char* rate : {"1000", "10000"}) {
    const fs::path s = scenario(edit(kBase, "{rate: 2000.0,", std::string("{rate: ") + rate + ","));
    const RunResult r = nmsim({"validate", s.string()});
    EXPECT_EQ(r.exit_code, 0) << "rate " << rate << ": " << r.err;
  }
}

// The reflex delay is a model value, overridden through the scenario's `parameters:`.
std::string with_default_delay(const std::string& delay) {
  return edit(kBase, "    reflex_gain: 6.0\n", "    reflex_gain: 6.0\n  defaults: {reflex: {delay: " + delay + "}}\n");
}

TEST_F(BadInput, NegativeReflexDelay) {
  const fs::path s = scenario(with_default_delay("-0.01"));
  expect_rejected(s, {}, {located(s, 8, 30, "parameters.defaults.reflex.delay") + "must be a number in [0.002, 0.5], got -0.01"});
}

TEST_F(BadInput, ZeroReflexDelay) {
  const fs::path s = scenario(with_default_delay("0.0"));
  expect_rejected(s, {}, {located(s, 8, 30, "parameters.defaults.reflex.delay") + "must be a number in [0.002, 0.5], got 0.0"});
}

TEST_F(BadInput, NegativeReflexGainViaSet) {
  const fs::path s = scenario(kBase);
  // No file position: the value came from the command line, and the error says so.
  expect_rejected(s, {"--set", "parameters.spinal.reflex_gain=-1"},
                  {"nmsim: error: --set parameters.spinal.reflex_gain=-1: key 'parameters.spinal.reflex_gain': ",
                   "must be a number in [0, 100], got -1"});
}

TEST_F(BadInput, UnknownModel) {
  const fs::path s = scenario(edit(kBase, "model: ankle\n", "model: no_such_model\n"));
  expect_rejected(s, {}, {located(s, 3, 8, "model") + "unknown model 'no_such_model'", "no_such_model.yaml"});
}

TEST_F(BadInput, UnknownMuscleInPhaseDrive) {
  const fs::path s =
      scenario(edit(kBase, "load_torque: 4.0}", "load_torque: 4.0, drive: {soleus: 0.1, biceps: 0.2}}"));
  // Reported at the value of 'biceps' (column 80).
  expect_rejected(s, {}, {located(s, 11, 80, "protocol[2].drive.biceps") + "unknown muscle 'biceps'",
                          "soleus, gastrocnemius, tibialis_anterior"});
}

TEST_F(BadInput, CommandNeedsTheSupraspinalLoop) {
  const fs::path s = scenario(edit(kBase, "load_torque: 4.0}", "load_torque: 4.0, command: {dorsiflexion: 0.3}}"));
  expect_rejected(s, {}, {located(s, 11, 60, "protocol[2].command") + "needs the model's supraspinal loop"});
}

TEST_F(BadInput, UnknownChannelInCommand) {
  const fs::path s = scenario(edit(kBase, "load_torque: 4.0}", "load_torque: 4.0, command: {inversion: 0.3}}"));
  expect_rejected(s, {"--set", "parameters.supraspinal.enabled=true"},
                  {located(s, 11, 72, "protocol[2].command.inversion") + "unknown supraspinal channel 'inversion'",
                   "plantarflexion, dorsiflexion"});
}

TEST_F(BadInput, DystoniaParametersOutOfRange) {
  const fs::path s = scenario(kBase);
  expect_rejected(s, {"--set", "parameters.supraspinal.channels.dorsiflexion.gpi_efficacy=-0.5"},
                  {"key 'parameters.supraspinal.channels.dorsiflexion.gpi_efficacy': ", "must be a number in [0, 2], got -0.5"});
  expect_rejected(s, {"--set", "parameters.supraspinal.pathology.long_latency_gain=20"},
                  {"key 'parameters.supraspinal.pathology.long_latency_gain': ", "must be a number in [0, 10], got 20"});
  expect_rejected(s, {"--set", "parameters.supraspinal.pathology.surround_gain=0.5"},
                  {"parameters.supraspinal.pathology.surround_gain", "unknown key"});
}

TEST_F(BadInput, MuscleInTwoSupraspinalChannels) {
  const fs::path s = scenario(kBase);
  expect_rejected(s, {"--set", "parameters.supraspinal.channels.dorsiflexion.muscles=[tibialis_anterior, soleus]"},
                  {"muscle 'soleus' already belongs to channel 'plantarflexion'"});
}

TEST_F(BadInput, MyoclonusGeneratorMistakes) {
  const std::string with_tap = edit(kBase, "load_torque: 4.0}", "load_torque: 4.0, stimuli: {tap: [0.1]}}");
  const auto rejected = [&](const std::string& block, const std::vector<std::string>& needles) {
    const fs::path s = scenario(with_tap + "myoclonus:\n" + block);
    expect_rejected(s, {}, needles, /*run_only=*/true);
  };
  rejected("  j: {origin: cerebellar, timing: {process: poisson, rate: 1}}\n",
           {"key 'myoclonus.j.origin'", "cortical, subcortical, propriospinal, segmental, negative"});
  rejected("  j: {origin: cortical}\n", {"key 'myoclonus.j'", "needs a timing process"});
  rejected("  j: {origin: cortical, timing: {process: poisson, rate: 20, refractory: 0.1}}\n",
           {"key 'myoclonus.j.timing.rate'", "must be below 1/refractory (10 Hz)"});
  rejected("  j: {origin: cortical, stimuli: {sound: {latency: 0.05}}}\n",
           {"key 'myoclonus.j.stimuli.sound'", "no protocol phase delivers stimuli of type 'sound'", "tap"});
  rejected("  j: {origin: cortical, stimuli: {tap: {probability: 1.5, latency: 0.05}}}\n",
           {"key 'myoclonus.j.stimuli.tap.probability'", "must be a number in [0, 1], got 1.5"});
  rejected("  j: {origin: negative, muscles: [biceps], timing: {process: poisson, rate: 1}}\n",
           {"key 'myoclonus.j.muscles[0]'", "unknown muscle 'biceps'"});
  rejected("  j: {origin: cortical, timing: {process: poisson, rate: 1}, duration: {distribution: lognormal, median: 0.03, sigma: 0.2, min: 0.2, max: 0.1}}\n",
           {"key 'myoclonus.j.duration.max'", "must be greater than min (0.2)"});
}

// A tremor the label would misname, a pattern the muscles cannot make, and names of nothing.
TEST_F(BadInput, TremorGeneratorMistakes) {
  const auto rejected = [&](const std::string& block, const std::vector<std::string>& needles) {
    const fs::path s = scenario(edit(kBase, "min_prominence: 1.0e-3", "min_prominence: 0.01") + "tremor:\n" + block);
    expect_rejected(s, {}, needles, /*run_only=*/true);
  };
  rejected("  t: {kind: cerebellar}\n", {"key 'tremor.t.kind'", "physiological, essential, parkinsonian"});
  rejected("  t: {kind: parkinsonian, frequency: 9}\n",
           {"key 'tremor.t.frequency'", "must lie in the parkinsonian tremor band [3, 8] Hz"});
  rejected("  t: {kind: essential, frequency: 30}\n", {"key 'tremor.t.frequency'", "must be a number in [1, 25], got 30"});
  rejected("  t: {kind: essential, muscles: [biceps]}\n", {"key 'tremor.t.muscles[0]'", "unknown muscle 'biceps'"});
  rejected("  t: {kind: parkinsonian, muscles: [soleus, gastrocnemius]}\n",
           {"key 'tremor.t.muscles'", "an alternating pattern needs muscles on both sides of the joint"});
  rejected("  t: {kind: essential, active_in: rest, tasks: [hold]}\n", {"key 'tremor.t.tasks'", "not both"});
  rejected("  t: {kind: essential, tasks: [holding]}\n", {"key 'tremor.t.tasks[0]'", "no protocol phase has the task 'holding'"});
  rejected("  t: {kind: essential, active_in: sometimes}\n", {"key 'tremor.t.active_in'", "rest, action, always"});
  rejected("  t: {kind: physiological, amplitude: 0, broadband: 0}\n", {"key 'tremor.t'", "would make no tremor"});
  rejected("  t: {kind: essential, sharpness: 0}\n", {"key 'tremor.t.sharpness'", "must be a number in [0.5, 8], got 0"});
  rejected("  t: {kind: essential, onset_latency: -1}\n", {"key 'tremor.t.onset_latency'"});
  // A phase's rhythmic voluntary movement.
  const auto rhythm = [&](const std::string& block, const std::vector<std::string>& needles) {
    expect_rejected(scenario(edit(edit(kBase, "min_prominence: 1.0e-3", "min_prominence: 0.01"), "load_torque: 4.0}",
                                  "load_torque: 4.0, rhythm: " + block + "}")),
                    {}, needles, true);
  };
  rhythm("{rate: 9}", {"key 'protocol[2].rhythm.rate'", "must lie in the voluntary rhythmic movement band [1, 6] Hz"});
  rhythm("{rate: 3, speed: 2}", {"key 'protocol[2].rhythm.speed'"});
  rhythm("{rate: 3, muscles: [soleus]}", {"key 'protocol[2].rhythm.muscles'", "needs muscles on both sides"});
  rhythm("4", {"key 'protocol[2].rhythm'", "must be {rate: Hz"});
}

// Names that refer to nothing: a misspelt task would silently switch the pathology off.
TEST_F(BadInput, TaskNamesMustExistInTheProtocol) {
  const std::string cramp = read_text(fs::path(NMSIM_SOURCE_DIR) / "scenarios" / "wrist_writers_cramp.yaml");
  const fs::path s = scenario(edit(cramp, "tasks: [writing]", "tasks: [writting]"));
  expect_rejected(s, {}, {located(s, 20, 15, "parameters.supraspinal.pathology.tasks[0]") +
                              "no protocol phase has the task 'writting'", "the protocol has: rest, writing"});
  const std::string negative = read_text(fs::path(NMSIM_SOURCE_DIR) / "scenarios" / "negative_myoclonus.yaml");
  const fs::path m = scenario(edit(negative, "tasks: [posture]", "tasks: [postur]"), "negative.yaml");
  expect_rejected(m, {}, {"no protocol phase has the task 'postur'", m.string() + ":"});
}

// A file that is not YAML text is named for what it is, and a device is never read.
TEST_F(BadInput, ScenarioThatIsNotAYamlFile) {
  write_text(dir() / "data.h5", std::string("\x89HDF\r\n\x1a\n", 8) + std::string(100, '\0'));
  expect_rejected(dir() / "data.h5", {}, {"is an HDF5 file (an nmsim dataset?), not a YAML scenario"});
  write_text(dir() / "latin1.yaml", "name: caf\xe9\n");
  expect_rejected(dir() / "latin1.yaml", {}, {(dir() / "latin1.yaml").string() + ":1:10: ", "not valid UTF-8 (byte 0xe9)"});
  expect_rejected(fs::path("/dev/zero"), {}, {"/dev/zero: is not a regular file"});
  // A model that is a device: refused at once instead of growing to gigabytes.
  const fs::path s = scenario(edit(kBase, "model: ankle", "model: /dev/zero"));
  expect_rejected(s, {}, {"/dev/zero: is not a regular file"});
}

// 11,622 phases of 1 ms were called valid, then failed with an internal error.
TEST_F(BadInput, TooManyPhasesIsBadInput) {
  std::string text = "name: many\nmodel: ankle\nprotocol:\n";
  for (int i = 0; i < 11622; ++i) text += "  - {name: p" + std::to_string(i) + ", duration: 0.001}\n";
  const fs::path s = scenario(text, "many.yaml");
  expect_rejected(s, {}, {located(s, 4, 3, "protocol") + "has 11622 phases; at most 2000 are supported"});
}

// 100 phases of an hour (valid each) need hundreds of GiB: refused up front with what it needs.
TEST_F(BadInput, TrialThatCannotFitInMemoryIsRefused) {
  std::string text = "name: long\nmodel: ankle\nsignals: {emg: {rate: 10000.0}}\nprotocol:\n";
  for (int i = 0; i < 100; ++i) text += "  - {name: p" + std::to_string(i) + ", duration: 3600}\n";
  const fs::path s = scenario(text, "long.yaml");
  const std::vector<std::string> needles{"key 'protocol': a trial of 360000 s needs about ", "GiB of memory",
                                         "shorten the protocol"};
  for (const char* cmd : {"validate", "run"}) {
    std::vector<std::string> args{cmd, s.string()};
    if (std::string(cmd) == "run") args.insert(args.end(), {"-o", result().string()});
    const RunResult r = nmsim(args);
    EXPECT_EQ(r.exit_code, 2) << cmd << ": " << r.err;
    expect_contains(r, needles, cmd);
  }
  EXPECT_EQ(list_dir(out()), std::vector<std::string>{});
}

TEST_F(BadInput, HugeModelNameIsBadInput) {
  const fs::path s = scenario(edit(kBase, "model: ankle", "model: " + std::string(100000, 'a')));
  expect_rejected(s, {}, {located(s, 3, 8, "model") + "is 100000 characters long"});
}

TEST_F(BadInput, ModelKeyWithoutParametersPrefixIsSuggested) {
  const fs::path s = scenario(kBase);
  expect_rejected(s, {"--set", "spinal.reflex_gain=4"}, {"did you mean 'parameters.spinal.reflex_gain'?"});
}

// Every rule of the dataset plan is checked before anything runs, by validate as by run, and
// reported at the plan entry (file:line:column) rather than at the trial that draws the value.
TEST_F(BadInput, DatasetPlanRulesAreCheckedUpFront) {
  const auto check = [&](const std::string& block, const std::vector<std::string>& needles) {
    const fs::path s = scenario(kBase + block, "plan.yaml");
    const RunResult v = nmsim({"validate", s.string()});
    EXPECT_EQ(v.exit_code, 2) << block << "\nvalidate stderr:\n" << v.err;
    expect_contains(v, needles, "validate");
    const RunResult r = nmsim({"run", s.string(), "-o", result().string(), "-j", "1"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.err, v.err) << "run reports a different error than validate";
    EXPECT_FALSE(fs::exists(result()));
    EXPECT_EQ(list_dir(out()), std::vector<std::string>{}) << "run left files behind";
  };
  const fs::path plan = dir() / "plan.yaml";
  // Lines: the dataset block starts at line 20; its vary entry is on line 22, column 7.
  const std::string head = "dataset:\n  subjects: 50\n  vary:\n";
  check(head + "    - {path: parameters.spinal.reflex_gain, level: subject, distribution: normal, mean: 1.0, sd: 0.5}\n",
        {plan.string() + ":22:7 dataset.vary[0] (its lowest possible value): key 'parameters.spinal.reflex_gain'",
         "must be"});
  check(head + "    - {path: parameters.spinal.reflex_gian, level: subject, distribution: uniform, min: 1, max: 2}\n",
        {plan.string() + ":22:7 dataset.vary[0]", "unknown key 'reflex_gian'", "did you mean 'reflex_gain'?"});
  check(head + "    - {path: 'protocol[7].load_torque', level: trial, distribution: uniform, min: 1, max: 2}\n",
        {plan.string() + ":22:7 dataset.vary[0]", "index 7 is past the end"});
  check("dataset:\n  subjects: 2\n  classes:\n    a: {proportion: 1.0, set: {labels.clonus.min_beats: 1}}\n",
        {plan.string() + ":22:57 dataset.classes.a.set.labels.clonus.min_beats (class a)", "must be an integer in [2, 1000]"});
}

// Plan checks stop at Ctrl-C: a ten-million-trial plan whose draws must all be computed (a
// log-normal so wide that its extremes overflow) is interrupted, not finished.
TEST_F(BadInput, HugePlanChecksAreInterruptible) {
  std::string block = "dataset:\n  subjects: 100000\n  trials_per_subject: 100\n  vary:\n";
  for (const char* key : {"load_torque", "hand_stiffness", "hand_damping", "target_speed"})
    block += std::string("    - {path: 'protocol[2].") + key +
             "', level: trial, distribution: lognormal, median: 1.0, sigma: 100.0}\n";
  const fs::path s = scenario(kBase + block, "huge.yaml");
  const Child c = spawn_nmsim({"validate", s.string()}, dir());
  ASSERT_GT(c.pid, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  ::kill(c.pid, SIGINT);
  const RunResult r = wait_nmsim(c);
  EXPECT_FALSE(r.signaled) << r.err;
  EXPECT_EQ(r.exit_code, 130) << "validate ran to the end despite Ctrl-C; stderr:\n" << r.err;
}

TEST_F(BadInput, StimulusOutsideItsPhase) {
  const fs::path s = scenario(edit(kBase, "load_torque: 4.0}", "load_torque: 4.0, stimuli: {tap: [0.9]}}"));
  expect_rejected(s, {}, {"key 'protocol[2].stimuli.tap[0]'", "must be a number in [0, 0.5], got 0.9"}, true);
}

TEST_F(BadInput, SolverStepLargerThanShortestDelay) {
  std::string text = edit(kBase, "    reflex_gain: 6.0\n",
                          "    reflex_gain: 6.0\n  muscles: {tibialis_anterior: {reflex: {delay: 0.005}}}\n");
  text = edit(text, "step: 0.001}", "step: 0.008}");
  const fs::path s = scenario(text);
  expect_rejected(s, {}, {located(s, 19, 29, "solver.step") + "must not exceed the shortest reflex delay (0.005"});
}

TEST_F(BadInput, OutputFolderDoesNotExist) {
  const fs::path s = scenario(kBase);
  const fs::path target = out() / "missing" / "result.h5";
  const RunResult r = nmsim({"run", s.string(), "-o", target.string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("nmsim: error: " + target.string() + ": key 'output': "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("folder '" + (out() / "missing").string() + "' does not exist"), std::string::npos) << r.err;
  EXPECT_EQ(list_dir(out()), std::vector<std::string>{});
}

TEST_F(BadInput, OutputPathIsExistingDirectory) {
  const fs::path s = scenario(kBase);
  const fs::path target = out() / "existing";
  fs::create_directory(target);
  const RunResult r = nmsim({"run", s.string(), "-o", target.string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("nmsim: error: " + target.string() + ": key 'output': "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("is a folder"), std::string::npos) << r.err;
  EXPECT_EQ(list_dir(out()), std::vector<std::string>{"existing"});
  EXPECT_TRUE(fs::is_directory(target));
  EXPECT_EQ(list_dir(target), std::vector<std::string>{});
}

TEST_F(BadInput, ExistingOutputFileIsKeptOnBadInput) {
  write_text(result(), "previous contents");
  const fs::path s = scenario(edit(kBase, "hold, duration: 0.5", "hold, duration: -0.5"));
  const RunResult r = nmsim({"run", s.string(), "-o", result().string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(read_text(result()), "previous contents");
  EXPECT_EQ(list_dir(out()), std::vector<std::string>{"result.h5"});
}

TEST_F(BadInput, MalformedSet) {
  const fs::path s = scenario(kBase);
  expect_rejected(s, {"--set", "parameters.spinal.reflex_gain"},
                  {"nmsim: error: --set parameters.spinal.reflex_gain: ", "no '=' found"});
  expect_rejected(s, {"--set", "=2"}, {"nmsim: error: --set =2: ", "path before '=' is empty"});
}

TEST_F(BadInput, UnknownCliOption) {
  const fs::path s = scenario(kBase);
  expect_rejected(s, {"--frobnicate"}, {"--frobnicate"}, /*run_only=*/true);
  for (const char* cmd : {"validate", "stability"}) {
    const RunResult v = nmsim({cmd, s.string(), "--frobnicate"});
    EXPECT_EQ(v.exit_code, 2) << cmd << ": " << v.err;
    EXPECT_NE(v.err.find("--frobnicate"), std::string::npos) << v.err;
  }
}

TEST_F(BadInput, OtherCommandLineMistakes) {
  const fs::path s = scenario(kBase);
  const std::vector<std::vector<std::string>> cases{
      {},                                                    // no subcommand
      {"simulate", s.string()},                              // unknown subcommand
      {"run", s.string()},                                   // -o missing
      {"run", "-o", result().string()},                      // scenario missing
      {"run", s.string(), "-o", result().string(), "--set"},  // --set without a value
  };
  for (const auto& args : cases) {
    std::string shown;
    for (const auto& a : args) shown += " " + a;
    const RunResult r = nmsim(args);
    EXPECT_EQ(r.exit_code, 2) << "nmsim" << shown << "\nstderr:\n" << r.err;
    EXPECT_NE(r.err, "") << "nmsim" << shown;
    EXPECT_EQ(list_dir(out()), std::vector<std::string>{}) << "nmsim" << shown;
  }
}

// --seed takes a seed in the 64-bit unsigned range: anything else is bad input, not a
// silently wrapped or clamped seed.
TEST_F(BadInput, InvalidSeedOption) {
  const fs::path s = scenario(kBase);
  for (const char* seed : {"abc", "1.5", "-3", "18446744073709551616", "99999999999999999999"}) {
    const RunResult r = nmsim({"run", s.string(), "-o", result().string(), "--seed", seed});
    EXPECT_EQ(r.exit_code, 2) << "--seed " << seed << "\nstdout:\n" << r.out << "stderr:\n" << r.err;
    EXPECT_NE(r.err.find("--seed"), std::string::npos) << "--seed " << seed << ": " << r.err;
    EXPECT_EQ(list_dir(out()), std::vector<std::string>{}) << "--seed " << seed;
    std::error_code ec;
    fs::remove(result(), ec);  // keep the next case independent if this one wrongly succeeded
  }
  // The extremes of the range are accepted.
  for (const char* seed : {"0", "18446744073709551615"}) {
    const RunResult v = nmsim({"validate", s.string(), "--seed", seed});
    EXPECT_EQ(v.exit_code, 0) << "--seed " << seed << ": " << v.err;
    EXPECT_NE(v.out.find(std::string("seed ") + seed + "\n"), std::string::npos) << v.out;
  }
}

TEST_F(BadInput, HelpAndVersionExitZero) {
  const RunResult version = nmsim({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out, std::string("nmsim ") + kVersion + "\n");
  const RunResult help = nmsim({"--help"});
  EXPECT_EQ(help.exit_code, 0) << help.err;
  for (const char* word : {"run", "validate", "stability", "--version"})
    EXPECT_NE(help.out.find(word), std::string::npos) << word << " missing from --help:\n" << help.out;
  for (const char* cmd : {"run", "validate", "stability"}) {
    const RunResult r = nmsim({cmd, "--help"});
    EXPECT_EQ(r.exit_code, 0) << cmd << " --help: " << r.err;
    EXPECT_NE(r.out.find("--set"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--seed"), std::string::npos) << r.out;
  }
}

}  // namespace
}  // namespace nmsim::cli_test
