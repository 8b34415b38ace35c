#include "cli/commands.hpp"

#include <cmath>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <algorithm>
#include <iostream>
#include <numbers>
#include <thread>

#include "engine/scenario_stability.hpp"
#include "cli/app.hpp"
#include "cli/model_dirs.hpp"
#include "cli/mpi_session.hpp"
#include "pipeline/blind_export.hpp"
#include "pipeline/merge.hpp"
#include "cli/progress.hpp"
#include "physiology/neuromuscular_model.hpp"
#include "pipeline/dataset_run.hpp"
#include "pipeline/footprint.hpp"
#include "io/mat_export.hpp"
#include "io/output_target.hpp"
#include "core/printable.hpp"
#include "scenario/config_reader.hpp"
#include "scenario/key_catalog.hpp"

namespace nmsim::cli {

std::vector<config::Override> ScenarioOptions::overrides() const {
  std::vector<config::Override> out;
  for (const auto& s : sets) out.push_back(config::parse_override(s));
  return out;
}

scenario::Scenario ScenarioOptions::load() const { return scenario::load_scenario(path, overrides(), seed, model_dirs()); }

namespace {

void print_run_summary(const RunOptions& o, const pipeline::RunSummary& r) {
  const std::string name = printable(o.scenario.load().name);
  std::printf("wrote %s\n", r.output.c_str());
  std::printf("%s: %llu trial(s), %.1f s simulated in %.2f s (%.0fx real time); %s", name.c_str(),
              static_cast<unsigned long long>(r.trials), r.simulated_s, r.wall_s, r.simulated_s / r.wall_s,
              r.labels.describe().c_str());
  if (r.failed > 0) std::printf("; %llu trial(s) FAILED (see /index)", static_cast<unsigned long long>(r.failed));
  std::printf("\n");
}

// Rank K's shard file: hidden, next to the output (which must be on a filesystem all ranks share).
std::filesystem::path rank_output(const std::filesystem::path& output, int rank, int size) {
  return output.parent_path() /
         ("." + output.filename().string() + ".rank-" + std::to_string(rank + 1) + "-of-" + std::to_string(size));
}

}  // namespace

int run_command(const RunOptions& o, const MpiSession& mpi) {
  pipeline::DatasetRequest request;
  request.scenario_file = o.scenario.path;
  request.model_dirs = model_dirs();
  request.overrides = o.scenario.overrides();
  request.seed = o.scenario.seed;
  // A blind run generates the full dataset as the answer key, then exports the blind file from it.
  const std::filesystem::path final_output = o.output;
  request.output = o.blind ? pipeline::answer_key_path(final_output) : final_output;
  if (o.blind) {  // the blind file is written last: refuse a bad target before the run, not after
    const scenario::Scenario s = o.scenario.load();
    io::check_output_target(final_output, {{s.scenario_path, "scenario"}, {s.model_path, "model"}}, o.force);
  }
  request.threads = o.threads;
  request.fail_fast = o.fail_fast;
  request.resume = o.resume;
  request.compress = o.compress;
  request.force = o.force;
  request.command_line = o.command_line;
  if (!o.shard.empty()) request.shard = pipeline::parse_shard(o.shard);
  const bool distributed = mpi.size() > 1;
  if (distributed) {
    if (request.shard) throw InputError({}, "--shard", "cannot be combined with mpirun: each rank takes its own shard");
    request.shard = pipeline::Shard{static_cast<std::uint64_t>(mpi.rank()) + 1, static_cast<std::uint64_t>(mpi.size())};
    request.output = rank_output(request.output, mpi.rank(), mpi.size());
    // Checked before any rank works: the merge at the end would refuse it only after the run.
    const scenario::Scenario s = o.scenario.load();
    io::check_output_target(o.blind ? pipeline::answer_key_path(final_output) : final_output, {{s.scenario_path, "scenario"}, {s.model_path, "model"}}, o.force);
  }
  const auto started = std::chrono::steady_clock::now();
  ProgressReporter reporter(o.quiet || mpi.rank() != 0);
  if (!distributed && !o.quiet) {  // one long trial: how much of it is simulated
    const engine::DatasetTrials trials = pipeline::dataset_trials(request);
    if (trials.size() == 1) reporter.follow_single_trial(trials.base().duration_s());
  }
  pipeline::RunSummary r;
  std::exception_ptr failure;
  try {
    r = pipeline::generate_dataset(
        request, [&](const pipeline::Progress& p) { reporter.update(p); },
        [&](std::uint64_t trial, const std::string& reason) {
          reporter.interject("nmsim: warning: trial " + std::to_string(trial) + " failed and is not written: " + reason);
        },
        [&](const std::string& note) {
          if (!o.quiet && mpi.rank() == 0) reporter.interject("nmsim: " + note);
        });
  } catch (...) {
    if (!distributed) throw;
    failure = std::current_exception();
  }
  reporter.finish();
  if (distributed) {
    const bool everyone = mpi.all_ok(!failure);  // collective: every rank gets here
    if (failure) std::rethrow_exception(failure);
    if (!everyone) {
      std::filesystem::remove(request.output);
      throw std::runtime_error("another MPI rank failed (see its message); nothing was written");
    }
    if (mpi.rank() != 0) return kExitOk;
    const std::filesystem::path merged_output = o.blind ? pipeline::answer_key_path(final_output) : final_output;
    std::vector<std::filesystem::path> shards;
    for (int k = 0; k < mpi.size(); ++k) shards.push_back(rank_output(merged_output, k, mpi.size()));
    const auto merged = pipeline::merge_shards(shards, merged_output, o.command_line, false, o.force);
    for (const auto& s : shards) std::filesystem::remove(s);
    r.output = merged_output;
    r.trials = merged.trials;
    r.failed = merged.failed;
    r.simulated_s = merged.simulated_s;
    r.labels = merged.labels;
    r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }
  if (o.blind) pipeline::export_blind(pipeline::answer_key_path(final_output), final_output, o.force);
  if (!o.quiet) {
    print_run_summary(o, r);
    if (o.blind)
      std::printf("blind export: %s has the signals only; its answer key (labels, events, classes, parameters) is %s\n",
                  final_output.c_str(), pipeline::answer_key_path(final_output).c_str());
  }
  return kExitOk;
}

int blind_command(const std::string& full, const std::string& output, bool force, bool quiet) {
  pipeline::export_blind(full, output, force);
  if (!quiet)
    std::printf("wrote %s: a blind export of %s (signals, protocol and stimuli; no labels, classes or parameters)\n",
                output.c_str(), full.c_str());
  return kExitOk;
}

int export_mat_command(const std::string& dataset, const std::string& output, bool force, bool quiet) {
  const io::MatExportSummary m = io::export_mat(dataset, output, force);
  if (!quiet)
    std::printf("wrote %s: %llu trial(s) of %s as MAT v5 (load it in MATLAB or GNU Octave; docs/format.md)\n",
                output.c_str(), static_cast<unsigned long long>(m.trials), dataset.c_str());
  return kExitOk;
}

int validate_command(const ScenarioOptions& o) {
  pipeline::DatasetRequest request;
  request.scenario_file = o.path;
  request.model_dirs = model_dirs();
  request.overrides = o.overrides();
  request.seed = o.seed;
  const engine::DatasetTrials trials = pipeline::dataset_trials(request);
  const scenario::Scenario& s = trials.base();
  const scenario::DatasetPlan& plan = trials.plan();
  const pipeline::Footprint f = pipeline::estimate_footprint(s, plan.size());
  pipeline::check_trial_fits(s, f);
  std::printf("%s: valid\n", printable(o.path).c_str());
  std::printf("  scenario %s, model %s (%s), %zu muscles, %zu protocol phases, %.3f s, %llu trial(s), seed %llu\n",
              printable(s.name).c_str(), printable(s.model.physiology.name).c_str(), printable(s.model_path.string()).c_str(),
              s.model.physiology.muscles.size(), s.protocol.size(), s.duration_s(),
              static_cast<unsigned long long>(plan.size()), static_cast<unsigned long long>(s.seed));
  const physiology::NeuromuscularModel model(s.model.physiology, physiology::Protocol(s.protocol, 0.0));
  double lo, hi;
  model.valid_angle_range(lo, hi);
  const double deg = 180.0 / std::numbers::pi;
  std::printf("  muscle geometry valid for joint angles %.1f to %.1f deg (trials leaving it fail)\n", lo * deg, hi * deg);
  if (f.trial_bytes > 0.0) {
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::printf("  estimated: output %s (uncompressed), peak disk %s (output and resume parts together, just before the "
                "commit), memory %s per trial, about %s with -j %u\n",
                pipeline::human_bytes(f.output_bytes).c_str(), pipeline::human_bytes(f.peak_disk_bytes()).c_str(),
                pipeline::human_bytes(f.trial_bytes).c_str(), pipeline::human_bytes(f.memory_bytes(threads, 2ull * threads)).c_str(),
                threads);
  }
  return kExitOk;
}

int stability_command(const StabilityCommandOptions& o) {
  const scenario::Scenario s = o.scenario.load();
  const analysis::StabilityReport r = engine::scenario_stability(s, o.phase, "--phase");
  if (const std::string left_out = engine::left_out_of_stability(s); !left_out.empty())
    std::printf("note: the analysis linearises the model about its mean; left out of it: %s\n", left_out.c_str());
  const double deg = 180.0 / std::numbers::pi;
  std::printf("stability of %s, phase '%s' (inputs at t = %.3f s)\n", printable(s.name).c_str(), printable(r.phase).c_str(), r.time_s);
  std::printf("  operating point: angle %.2f deg", r.operating_point[0] * deg);
  for (std::size_t i = 0; i < s.model.physiology.muscles.size(); ++i)
    std::printf(", %s activation %.4f", s.model.physiology.muscles[i].mechanics.name.c_str(),
                r.operating_point[static_cast<Eigen::Index>(2 + i)]);
  std::printf("\n  reflex gain %.4g: %s; rightmost roots (1/s):\n", r.reflex_gain, r.stable ? "stable" : "UNSTABLE");
  for (std::size_t i = 0; i < r.roots.size() && i < 4; ++i)
    std::printf("    %+.4f %+.4fi  (%.3f Hz)\n", r.roots[i].lambda.real(), r.roots[i].lambda.imag(),
                r.roots[i].lambda.imag() / (2 * std::numbers::pi));
  if (r.critical_found) {
    std::printf("  critical reflex gain: %.4f (%.2fx the model's), Hopf frequency %.3f Hz\n", r.critical_gain,
                r.critical_gain / r.reflex_gain, r.critical_frequency_hz);
  } else if (r.unstable_at_smallest_gain()) {
    std::printf("  unstable already at the smallest reflex gain, %.3g (at %.3f Hz): the oscillation does not come from "
                "the stretch reflex, so there is no critical gain\n",
                r.scan.front().reflex_gain, r.scan.front().frequency_hz);
  } else {
    std::printf("  no loss of stability for reflex gains %.3g to %.3g\n", r.scan.front().reflex_gain,
                r.scan.back().reflex_gain);
  }
  return kExitOk;
}

namespace {

std::vector<std::filesystem::path> bundled_scenarios() {
  namespace fs = std::filesystem;
  const fs::path dir = NMSIM_SCENARIOS_DIR;
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  if (ec || files.empty()) throw InputError({dir.string()}, "", "no bundled scenarios found in this folder");
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int scenarios_command() {
  const std::filesystem::path dir = NMSIM_SCENARIOS_DIR;
  const std::vector<std::filesystem::path> files = bundled_scenarios();
  std::printf("bundled scenarios in %s (run one with: nmsim run %s/NAME.yaml -o out.h5):\n", dir.c_str(), dir.c_str());
  for (const auto& f : files) {
    std::string description;
    try {
      const config::Document doc = config::Document::load_file(f);
      description = doc.root().string("description", "");
    } catch (const InputError&) {
      description = "(does not load; run nmsim validate on it)";
    }
    std::printf("  %-32s %s\n", printable(f.filename().string()).c_str(), printable(description).c_str());
  }
  return kExitOk;
}

namespace {

// Loads a bundled scenario and plans its dataset, as the key reference needs them read.
void read_for_reference(const std::filesystem::path& file, const std::vector<config::Override>& overrides) {
  const scenario::Scenario s = scenario::load_scenario(file, overrides, std::nullopt, model_dirs());
  config::Document doc = config::Document::load_file(file);
  config::apply_overrides(doc, overrides);
  (void)scenario::plan_dataset(doc.root(), s.seed, s.trials);  // the `dataset:` keys
}

// Optional sections that no bundled scenario writes: looked up, never entered.
std::vector<std::string> unentered_sections(const std::vector<config::KeyDeclaration>& all) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto& d = all[i];
    if (d.has_default != config::KeyDeclaration::Default::optional || !d.type.empty()) continue;
    if (d.path.find('<') != std::string::npos) continue;  // needs a concrete name
    if (config::has_keys_below(all, i)) continue;
    std::string first_items = d.path;  // "protocol[].drive" -> "protocol[0].drive"
    for (std::size_t at; (at = first_items.find("[]")) != std::string::npos;) first_items.replace(at, 2, "[0]");
    out.push_back(first_items);
  }
  return out;
}

}  // namespace

int key_reference_command() {
  const std::vector<std::filesystem::path> files = bundled_scenarios();
  config::KeyCatalog catalog;
  {
    const config::KeyCatalog::Recording recording(catalog);
    for (const auto& f : files) read_for_reference(f, {});
    // A reader asks for a section's keys only when the section is there: enter each section no
    // bundled scenario writes as an empty map, in every scenario, until no new one turns up.
    std::vector<std::string> tried;
    for (int round = 0; round < 4; ++round) {
      std::vector<std::string> fresh;
      for (const auto& path : unentered_sections(catalog.declarations()))
        if (std::find(tried.begin(), tried.end(), path) == tried.end()) fresh.push_back(path);
      if (fresh.empty()) break;
      for (const auto& path : fresh) {
        tried.push_back(path);
        for (const auto& f : files) {
          try {
            read_for_reference(f, {config::Override{path, "{}", "the key reference"}});
          } catch (const InputError&) {
            // Not a map there, or a required key missing: the keys read up to that point count.
          }
        }
      }
    }
  }
  std::string names;
  for (const auto& f : files) names += (names.empty() ? "" : ", ") + ("`" + f.filename().string() + "`");
  std::fputs(config::key_reference_markdown(catalog.declarations(),
                                            "every bundled scenario (" + names + ") and plans its dataset")
                 .c_str(),
             stdout);
  return kExitOk;
}

}  // namespace nmsim::cli
