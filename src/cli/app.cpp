#include "cli/app.hpp"

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <exception>
#include <string>

#include "cli/commands.hpp"
#include "cli/help_footer.hpp"
#include "cli/inspect.hpp"
#include "cli/mpi_session.hpp"
#include "cli/score_commands.hpp"
#include "cli/sweep_command.hpp"
#include "core/error.hpp"
#include "core/printable.hpp"
#include "io/run_lock.hpp"
#include "core/interrupt.hpp"
#include "pipeline/blind_export.hpp"
#include "pipeline/dataset_run.hpp"
#include "pipeline/merge.hpp"
#include "nmsim/version.hpp"

namespace nmsim::cli {
namespace {

void add_scenario_options(CLI::App* cmd, ScenarioOptions& o) {
  cmd->add_option("scenario", o.path, "scenario YAML file")->required();
  cmd->add_option("--set", o.sets, "override a scenario value: path.to.key=value (repeatable)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  cmd->add_option("--seed", o.seed_text, "random seed, 0 to 2^64-1 (overrides the scenario's)");
}

// CLI11 converts unsigned options with strtoull (accepting "-3", octal, hex, and clamping on
// overflow), so the seed is taken as text and parsed strictly here.
std::uint64_t parse_seed(const std::string& text) {
  const auto bad = [&] {
    return InputError({}, "--seed", "expected a whole number from 0 to 18446744073709551615, got '" + text + "'");
  };
  if (text.empty() || text.size() > 20) throw bad();
  std::uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') throw bad();
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) throw bad();
    v = v * 10 + d;
  }
  return v;
}

void on_stop_signal(int) { request_stop(); }

// SIGINT (Ctrl-C), SIGTERM (kill, Slurm's preemption) and SIGHUP (a closed terminal or ssh
// session) all stop the run the same way: finished trials are kept for --resume.
void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  for (const int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
  // A write beyond the file-size limit (ulimit -f) then fails with EFBIG and is reported as a
  // file-system error (exit 4), instead of killing the process (Open MPI's handler aborts).
  std::signal(SIGXFSZ, SIG_IGN);
}


// After a failed `run`: where the finished trials are, so that nothing is lost.
void report_kept(const RunOptions& run) {
  if (io::RunLock::busy(pipeline::parts_folder(run.output))) return;  // another process's run, not ours
  const std::uint64_t kept = pipeline::finished_parts(run.output);
  if (kept > 0)
    std::fprintf(stderr, "nmsim: %llu finished trial(s) are kept in %s: fix the cause and run the same command with --resume to continue.\n",
                 static_cast<unsigned long long>(kept), pipeline::parts_folder(run.output).c_str());
}

std::string join_args(int argc, char** argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) {
    if (i) out += ' ';
    out += argv[i];
  }
  return out;
}

// Every subcommand with its options, as parsed from the command line; define() registers them
// on an app, execute() runs the one given.
struct Commands {
  RunOptions run;
  ScenarioOptions validate;
  StabilityCommandOptions stability;
  SweepCommandOptions sweep;
  std::string inspect_path;
  std::string blind_input, blind_output;
  bool blind_force = false;
  std::string mat_input, mat_output;
  bool mat_force = false;
  std::vector<std::string> merge_inputs;
  std::string merge_output;
  bool merge_link = false;
  bool merge_force = false;
  bool scenarios_reference = false;
  bool quiet = false;  // -q of blind, export-mat and merge (one subcommand runs)
  ScoreCommandOptions score;
  DetectCommandOptions detect;
  CLI::App *run_cmd = nullptr, *validate_cmd = nullptr, *stability_cmd = nullptr, *inspect_cmd = nullptr, *blind_cmd = nullptr, *mat_cmd = nullptr, *merge_cmd = nullptr, *scenarios_cmd = nullptr, *score_cmd = nullptr, *detect_cmd = nullptr, *sweep_cmd = nullptr;
  void define(CLI::App& app);
  int execute(const MpiSession& mpi);
};

void Commands::define(CLI::App& app) {
  app.set_version_flag("--version", std::string("nmsim ") + kVersion);
  app.require_subcommand(1);
  app.footer(help_footer("  nmsim scenarios                                    # list the bundled scenarios\n"
                    "  nmsim run scenarios/ankle_clonus.yaml -o clonus.h5\n"
                    "  nmsim validate scenarios/clonus_dataset.yaml\n"
                    "  nmsim inspect clonus.h5\n"
                    "  nmsim SUBCOMMAND --help                            # options of one subcommand"));

  run_cmd = app.add_subcommand("run", "simulate a scenario and write an HDF5 dataset");
  add_scenario_options(run_cmd, run.scenario);
  run_cmd->add_option("-o,--output", run.output, "output HDF5 file (written atomically)")->required();
  run_cmd->add_flag("-q,--quiet", run.quiet, "print nothing on success");
  run_cmd->add_option("-j,--threads", run.threads, "threads in all, writing included (default: all cores); output is identical for any count")
      ->check(CLI::Range(1u, 1024u));
  run_cmd->add_flag("--compress", run.compress, "gzip + shuffle the signals and labels (smaller, slower; docs/format.md)");
  run_cmd->add_flag("--resume", run.resume, "continue an interrupted run of the same command (same scenario, seed, shard)");
  run_cmd->add_option("--shard", run.shard, "generate only slice K of N (trials i with i mod N = K-1), e.g. 3/8")
      ->type_name("K/N");
  run_cmd->add_flag("--blind", run.blind,
                    "write OUTPUT without labels, classes, parameters or internals (a blind benchmark) and the full "
                    "file beside it as OUTPUT's answer key, NAME.key.h5");
  run_cmd->add_flag("--fail-fast", run.fail_fast,
                    "stop at the first trial that fails numerically and write nothing (default: record it in /index "
                    "and go on)");
  run_cmd->add_flag("--force", run.force, "replace an existing output file even if it is not an nmsim dataset");
  run_cmd->footer(help_footer(
      "  nmsim run scenarios/ankle_clonus.yaml -o clonus.h5\n"
      "  nmsim run scenarios/ankle_clonus.yaml -o normal.h5 --set parameters.spinal.reflex_gain=1 --seed 7\n"
      "  nmsim run scenarios/clonus_dataset.yaml -o data.h5 -j 2        # a dataset on two threads\n"
      "  nmsim run scenarios/clonus_dataset.yaml -o data.h5 --resume    # continue after Ctrl-C or a kill\n"
      "  nmsim run scenarios/clonus_dataset.yaml -o part1.h5 --shard 1/4\n"
      "The output appears only when the run succeeded. It must be a new name or an nmsim dataset (--force:\n"
      "any regular file); devices, FIFOs, folders, symbolic links and the command's own inputs are refused."));

  validate_cmd = app.add_subcommand("validate", "check a scenario and its model without simulating");
  add_scenario_options(validate_cmd, validate);
  validate_cmd->footer(help_footer("  nmsim validate scenarios/clonus_dataset.yaml\n"
                              "  nmsim validate scenarios/ankle_clonus.yaml --set parameters.spinal.reflex_gain=4\n"
                              "Checks the scenario, its model and every rule of its dataset plan, and estimates the\n"
                              "output size, peak disk and memory; simulates nothing."));

  stability_cmd =
      app.add_subcommand("stability", "linearise the reflex loop; report stability and the critical reflex gain");
  add_scenario_options(stability_cmd, stability.scenario);
  stability_cmd->add_option("--phase", stability.phase, "protocol phase to analyse (default: longest phase without a hand servo)");
  stability_cmd->footer(help_footer("  nmsim stability scenarios/ankle_clonus.yaml\n"
                               "  nmsim stability scenarios/ankle_clonus.yaml --set parameters.defaults.reflex.delay=0.06\n"
                               "  nmsim stability scenarios/ankle_clonus.yaml --phase hold"));

  inspect_cmd = app.add_subcommand("inspect", "summarise a dataset file: trials, classes, splits, events, labels");
  inspect_cmd->add_option("file", inspect_path, "nmsim HDF5 file")->required();
  inspect_cmd->footer(help_footer("  nmsim inspect clonus.h5"));

  blind_cmd = app.add_subcommand("blind", "export a blind copy of a dataset: signals only, its answers stay in the input");
  blind_cmd->add_option("dataset", blind_input, "nmsim HDF5 file (the answer key)")->required();
  blind_cmd->add_option("-o,--output", blind_output, "blind HDF5 file (written atomically)")->required();
  blind_cmd->add_flag("--force", blind_force, "replace OUTPUT even if it exists and is not an nmsim dataset");
  blind_cmd->add_flag("-q,--quiet", quiet, "print nothing on success");
  blind_cmd->footer(help_footer("  nmsim blind bench.h5 -o bench_blind.h5     # bench.h5 stays the answer key\n"
                                "  nmsim run scenarios/clonus_dataset.yaml -o bench.h5 --blind   # the same in one step"));

  mat_cmd =
      app.add_subcommand("export-mat", "write a dataset as a MAT v5 file that MATLAB and GNU Octave read with load");
  mat_cmd->add_option("dataset", mat_input, "nmsim HDF5 file")->required();
  mat_cmd->add_option("-o,--output", mat_output, "MAT file (written atomically)")->required();
  mat_cmd->add_flag("--force", mat_force, "replace OUTPUT even if it exists and is not a MAT file nmsim exported");
  mat_cmd->add_flag("-q,--quiet", quiet, "print nothing on success");
  mat_cmd->footer(help_footer("  nmsim export-mat clonus.h5 -o clonus.mat\n"
                         "  octave-cli --eval \"load clonus.mat; size(trial_000000.emg.data)\"\n"
                         "One struct per trial (trial_000000, ...) and one for the file (nmsim); docs/format.md."));

  merge_cmd = app.add_subcommand("merge", "combine the shard files of one dataset (run --shard K/N) into one");
  merge_cmd->add_option("shards", merge_inputs, "shard files, in any order")->required();
  merge_cmd->add_option("-o,--output", merge_output, "merged HDF5 file (written atomically)")->required();
  merge_cmd->add_flag("--link", merge_link,
                      "refer to the shards' trials (HDF5 external links) instead of copying them; the shard files "
                      "must stay beside the output");
  merge_cmd->add_flag("--force", merge_force, "replace an existing output file even if it is not an nmsim dataset");
  merge_cmd->add_flag("-q,--quiet", quiet, "print nothing on success");
  merge_cmd->footer(help_footer("  nmsim merge shards/part-*.h5 -o data.h5\n"
                           "  nmsim merge part1.h5 part2.h5 -o data.h5 --link   # small file referring to the shards"));

  scenarios_cmd = app.add_subcommand("scenarios", "list the bundled scenarios with their descriptions");
  scenarios_cmd->add_flag("--reference", scenarios_reference,
                          "print the reference of every scenario and model key (docs/scenarios.md): type, unit, "
                          "accepted range and default, as the readers declare them");
  scenarios_cmd->footer(help_footer("  nmsim scenarios\n"
                               "  nmsim scenarios --reference > docs/scenarios.md"));

  sweep_cmd = app.add_subcommand("sweep", "a scenario over a grid of values: the stability analysis and one simulated trial at each point");
  add_scenario_options(sweep_cmd, sweep.scenario);
  sweep_cmd->add_option("--vary", sweep.vary, "a key and its values: PATH=A:B:N (N values from A to B), PATH=A:B:N:log, or PATH=V1,V2,... (repeatable: the grid is the product)")
      ->required()
      ->allow_extra_args(false);
  sweep_cmd->add_option("-o,--output", sweep.output, "the table, CSV (written atomically)")->required();
  sweep_cmd->add_option("--phase", sweep.phase, "protocol phase to analyse and measure (default: longest phase without a hand servo)");
  sweep_cmd->add_option("--plot", sweep.plot_dir, "draw the bifurcation diagram, stability map and frequency plot into this folder (tools/plot_sweep.py)");
  sweep_cmd->add_option("-j,--threads", sweep.threads, "threads (default: all cores); the table is identical for any count")
      ->check(CLI::Range(1u, 1024u));
  sweep_cmd->add_flag("-q,--quiet", sweep.quiet, "print nothing on success");
  sweep_cmd->footer(help_footer(
      "  nmsim sweep scenarios/ankle_clonus.yaml --vary parameters.spinal.reflex_gain=0.5:6:23 -o gain.csv\n"
      "  nmsim sweep scenarios/ankle_clonus.yaml --vary parameters.spinal.reflex_gain=0.5:6:23 \\\n"
      "      --vary parameters.defaults.reflex.delay=0.02:0.08:13 -o map.csv --plot plots/"));

  score_cmd = add_score_command(app, score);
  detect_cmd = add_detect_command(app, detect);
}

int Commands::execute(const MpiSession& mpi) {
  try {
    for (ScenarioOptions* o : {&run.scenario, &validate, &stability.scenario, &sweep.scenario})
      if (o->seed_text) o->seed = parse_seed(*o->seed_text);
    if (*run_cmd) return run_command(run, mpi);
    if (*validate_cmd) return validate_command(validate);
    if (*stability_cmd) return stability_command(stability);
    if (*inspect_cmd) return inspect_command(inspect_path);
    if (*blind_cmd) return blind_command(blind_input, blind_output, blind_force, quiet);
    if (*mat_cmd) return export_mat_command(mat_input, mat_output, mat_force, quiet);
    if (*sweep_cmd) return sweep_command(sweep);
    if (*score_cmd) return score_command(score);
    if (*detect_cmd) return detect_command(detect);
    if (*scenarios_cmd) return scenarios_reference ? key_reference_command() : scenarios_command();
    if (*merge_cmd) {
      const auto m = pipeline::merge_shards({merge_inputs.begin(), merge_inputs.end()}, merge_output, run.command_line,
                                              merge_link, merge_force);
      if (!quiet)
        std::printf("wrote %s: %llu trials from %llu shards (%llu failed)\n", merge_output.c_str(),
                    static_cast<unsigned long long>(m.trials), static_cast<unsigned long long>(m.shards),
                    static_cast<unsigned long long>(m.failed));
      return kExitOk;
    }
  } catch (const InputError& e) {
    std::fprintf(stderr, "nmsim: error: %s\n", printable(e.what()).c_str());
    if (*run_cmd) report_kept(run);
    return kExitBadInput;
  } catch (const Interrupted&) {
    if (*run_cmd) {
      // A blind run generates its answer key first: the parts are that file's.
      const std::filesystem::path generated =
          run.blind ? pipeline::answer_key_path(run.output) : std::filesystem::path(run.output);
      const std::uint64_t kept = pipeline::finished_parts(generated);
      if (kept > 0)
        std::fprintf(stderr,
                     "nmsim: interrupted; %s was not written. %llu finished trial(s) are kept in %s: run the same "
                     "command with --resume to continue.\n",
                     run.output.c_str(), static_cast<unsigned long long>(kept), pipeline::parts_folder(generated).c_str());
      else
        std::fprintf(stderr, "nmsim: interrupted before any trial had finished; %s was not written.\n", run.output.c_str());
    } else {
      std::fprintf(stderr, "nmsim: interrupted.\n");
    }
    return kExitInterrupted;
  } catch (const NumericalError& e) {
    std::fprintf(stderr, "nmsim: %s\nnothing was written.\n", printable(e.what()).c_str());
    if (*run_cmd) report_kept(run);
    return kExitNumerical;
  } catch (const IoError& e) {
    std::fprintf(stderr, "nmsim: file-system error: %s; nothing was written.\n", printable(e.what()).c_str());
    if (*run_cmd) report_kept(run);
    return kExitIo;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "nmsim: internal error: %s\n", printable(e.what()).c_str());
    if (*run_cmd) report_kept(run);
    return kExitInternal;
  }
  return kExitInternal;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> subcommand_help() {
  CLI::App app;
  Commands commands;
  commands.define(app);
  std::vector<std::pair<std::string, std::string>> out;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    out.emplace_back(sub->get_name(), sub->help());
  return out;
}

int main(int argc, char** argv) {
  const MpiSession mpi(argc, argv);
  CLI::App app{"nmsim: labelled synthetic EMG and kinematics of clonus, dystonia and myoclonus"};
  Commands commands;
  commands.run.command_line = join_args(argc, argv);
  commands.define(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }

  install_stop_handlers();
  return commands.execute(mpi);
}

}  // namespace nmsim::cli
