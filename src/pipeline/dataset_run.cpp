#include "pipeline/dataset_run.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <thread>

#include "core/error.hpp"
#include "engine/count_registry.hpp"
#include "engine/dataset_trials.hpp"
#include "engine/provenance.hpp"
#include "core/interrupt.hpp"
#include "io/atomic_file.hpp"
#include "io/dataset_writer.hpp"
#include "io/output_target.hpp"
#include "io/run_lock.hpp"
#include "io/trial_part.hpp"
#include "pipeline/footprint.hpp"
#include "pipeline/in_order.hpp"
#include "pipeline/index_stream.hpp"
#include "nmsim/version.hpp"

namespace nmsim::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

// What a worker hands on for one trial, in trial order.
struct Outcome {
  io::TrialPart part;        // its record is released once written
  std::exception_ptr error;  // a numerically failed trial's NumericalError, for when the run must fail
};

std::filesystem::path part_path(const std::filesystem::path& parts, std::uint64_t trial) {
  char name[40];
  std::snprintf(name, sizeof name, "trial-%06llu.part", static_cast<unsigned long long>(trial));
  return parts / name;
}

// The part of a freshly computed trial (or of its numerical failure).
io::TrialPart make_part(std::uint64_t trial, double duration_s, std::optional<TrialRecord> record,
                        const engine::TrialStats& stats, const engine::PlannedTrial* resolved = nullptr) {
  io::TrialPart p;
  if (resolved) {
    p.critical_gain = resolved->critical_gain;
    p.reflex_gain = resolved->scenario.model.physiology.spinal.reflex_gain;
  }
  p.trial = trial;
  p.duration_s = duration_s;
  p.counts = stats.counts.empty() ? engine::empty_counts() : stats.counts;  // empty: a failed trial
  p.record = std::move(record);
  return p;
}

// FNV-1a: a stable fingerprint of what determines the dataset's content.
std::uint64_t fingerprint(const scenario::Scenario& base, const DatasetRequest& r, std::uint64_t n) {
  const std::string text = base.resolved_yaml + "\n\x1f" + base.model_yaml + "\n\x1f" + std::to_string(base.seed) +
                           "\x1f" + (r.shard ? r.shard->str() : "") + "\x1f" + kVersion + "\x1f" + std::to_string(n) +
                           (r.compress ? "\x1fgzip" : "");
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string hex(std::uint64_t v) {
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(v));
  return out;
}

// With the folder locked: starts a fresh run (writing its stamp) or checks that the run to
// resume is this request's. A folder without a stamp holds nothing of value (a run killed
// before it had written one) and is taken over. True if an interrupted run is resumed.
bool prepare_parts(const std::filesystem::path& parts, std::uint64_t print, const DatasetRequest& r) {
  namespace fs = std::filesystem;
  const fs::path stamp = parts / "run.txt";
  std::error_code ec;
  if (fs::exists(stamp, ec)) {
    if (!r.resume)
      throw InputError({r.output.string()}, "output",
                       "an interrupted run left " + std::to_string(finished_parts(r.output)) +
                           " finished trial(s) in '" + parts.string() +
                           "'; rerun with --resume to continue it, or delete that folder to start over");
    std::ifstream in(stamp);
    std::string line;
    std::getline(in, line);
    if (line != "fingerprint " + hex(print))
      throw InputError({r.output.string()}, "--resume",
                       "the interrupted run in '" + parts.string() +
                           "' was started with a different scenario, model, seed, shard or nmsim version; "
                           "nothing was changed (delete the folder to start over)");
    return true;
  }
  const fs::path tmp = parts / "run.txt.tmp";
  {
    std::ofstream out(tmp);
    out << "fingerprint " << hex(print) << "\nscenario " << r.scenario_file.string() << "\n";
    if (!out) throw IoError(tmp.string(), errno, "write");
  }
  fs::rename(tmp, stamp);
  return false;
}

}  // namespace

engine::DatasetTrials dataset_trials(const DatasetRequest& r) {
  return engine::DatasetTrials(std::make_shared<const scenario::ScenarioSource>(r.scenario_file, r.model_dirs), r.overrides,
                               r.seed);
}

Shard parse_shard(const std::string& text) {
  const auto bad = [&] {
    return InputError({}, "--shard", "expected K/N with 1 <= K <= N (e.g. 3/8), got '" + text + "'");
  };
  const auto slash = text.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == text.size()) throw bad();
  const auto number = [&](const std::string& part) {
    if (part.size() > 9 || part.find_first_not_of("0123456789") != std::string::npos) throw bad();
    return std::stoull(part);
  };
  Shard sh{number(text.substr(0, slash)), number(text.substr(slash + 1))};
  if (sh.n == 0 || sh.k == 0 || sh.k > sh.n) throw bad();
  return sh;
}

std::filesystem::path parts_folder(const std::filesystem::path& output) {
  return io::atomic::folder_of(output) / ("." + output.filename().string() + ".parts");
}

std::uint64_t finished_parts(const std::filesystem::path& output) {
  std::uint64_t n = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(parts_folder(output), ec)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with("trial-") && name.ends_with(".part")) ++n;
  }
  return n;
}

namespace {

// Checks, before anything is computed, that the run's disk space and memory are there, and caps
// the threads so that the trials in flight fit in memory (docs/scaling.md).
DatasetRequest fit_to_machine(const DatasetRequest& r, const scenario::Scenario& base, std::uint64_t n,
                              const std::filesystem::path& parts, const std::function<void(const std::string&)>& on_note) {
  DatasetRequest out = r;
  const Footprint f = estimate_footprint(base, n);
  if (f.trial_bytes <= 0.0) return out;
  check_trial_fits(base, f);
  const double memory = available_memory_bytes();
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const unsigned asked = r.threads == 0 ? hw : r.threads;
  if (memory > 0.0 && f.memory_bytes(asked, 2ull * asked) > memory) {
    out.threads = static_cast<unsigned>(std::max(1.0, std::floor(memory / (4.0 * f.trial_bytes))));
    if (on_note)
      on_note("using " + std::to_string(out.threads) + " thread(s) instead of " + std::to_string(asked) + ": each trial needs about " +
              human_bytes(f.trial_bytes) + " in memory and " + human_bytes(memory) + " is available");
  }
  double kept = 0.0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(parts, ec))
    if (e.is_regular_file(ec)) kept += static_cast<double>(e.file_size(ec));
  const double need = f.output_bytes * (r.compress ? 0.6 : 1.0) + std::max(0.0, f.parts_bytes - kept);
  check_disk_fits(r.output, need, "the output and the resume parts, which exist together until the commit", false);
  return out;
}

// Everything a run does with its parts folder locked; any failure keeps the finished parts.
RunSummary run_with_parts(const DatasetRequest& r, const engine::DatasetTrials& trials, Shard shard, std::uint64_t n,
                          const std::filesystem::path& parts, std::uint64_t print, Clock::time_point start,
                          const std::function<void(const Progress&)>& on_progress,
                          const std::function<void(std::uint64_t, const std::string&)>& on_failure,
                          const std::function<void(const std::string&)>& on_note);
}  // namespace

RunSummary generate_dataset(const DatasetRequest& r, const std::function<void(const Progress&)>& on_progress,
                            const std::function<void(std::uint64_t, const std::string&)>& on_failure,
                            const std::function<void(const std::string&)>& on_note) {
  namespace fs = std::filesystem;
  const auto start = Clock::now();
  // Everything that can be validated is, before anything is written.
  const engine::DatasetTrials trials = dataset_trials(r);
  const scenario::Scenario& base = trials.base();
  const scenario::DatasetPlan& plan = trials.plan();
  const Shard shard = r.shard.value_or(Shard{});  // this run's trials: shard.trial(j), j < n
  const std::uint64_t n = shard.size_of(plan.size());
  if (n == 0) throw InputError({}, "--shard", "shard " + shard.str() + " has no trials (the dataset has " +
                                                std::to_string(plan.size()) + ")");
  io::check_output_target(r.output, {{base.scenario_path, "scenario"}, {base.model_path, "model"}}, r.force);
  io::atomic::check_output_writable(r.output);
  const fs::path parts = parts_folder(r.output);
  const DatasetRequest fitted = fit_to_machine(r, base, n, parts, on_note);
  const io::RunLock lock(parts, r.output);  // held until the run ends, whatever ends it
  if (const auto freed = io::remove_stale_temporaries(r.output, parts); freed > 0 && on_note)
    on_note("removed " + std::to_string(freed >> 20) + " MiB of temporary files left by killed runs");
  const std::uint64_t print = fingerprint(base, r, plan.size());
  // From here on a failure keeps the finished parts for --resume; a folder with none is removed.
  const auto keep_parts_or_remove = [&] {
    if (finished_parts(r.output) == 0) {
      std::error_code ec;
      fs::remove_all(parts, ec);
    }
  };
  try {
    return run_with_parts(fitted, trials, shard, n, parts, print, start, on_progress, on_failure, on_note);
  } catch (...) {
    keep_parts_or_remove();
    throw;
  }
}

namespace {

RunSummary run_with_parts(const DatasetRequest& r, const engine::DatasetTrials& trials, const Shard shard, const std::uint64_t n,
                          const std::filesystem::path& parts, const std::uint64_t print, const Clock::time_point start,
                          const std::function<void(const Progress&)>& on_progress,
                          const std::function<void(std::uint64_t, const std::string&)>& on_failure,
                          const std::function<void(const std::string&)>& on_note) {
  namespace fs = std::filesystem;
  const scenario::Scenario& base = trials.base();
  const scenario::DatasetPlan& plan = trials.plan();
  const bool resuming = prepare_parts(parts, print, r);

  // Trials already finished by an interrupted run are kept: validated now, read again when
  // their turn comes (so memory stays bounded); the rest are computed. A damaged part (corrupt,
  // of another run, not a regular file) is removed and its trial computed again.
  std::vector<bool> kept(n, false);
  std::uint64_t n_kept = 0, n_damaged = 0;
  std::string first_damage;
  for (std::uint64_t j = 0; j < n; ++j) {
    throw_if_stop_requested();
    const fs::path file = part_path(parts, shard.trial(j));
    const io::PartRead done = io::read_trial_part(file, print, shard.trial(j));
    if (done.status == io::PartRead::Status::ok) {
      kept[j] = true;
      ++n_kept;
    } else if (done.status == io::PartRead::Status::damaged) {
      if (first_damage.empty()) first_damage = file.filename().string() + " is " + done.problem;
      ++n_damaged;
      std::error_code ec;
      fs::remove_all(file, ec);  // a link is removed, never its target
    }
  }
  if (resuming && on_note)
    on_note("resuming: " + std::to_string(n_kept) + " of " + std::to_string(n) + " trials kept from the interrupted run" +
            (n_damaged ? "; " + std::to_string(n_damaged) + " damaged part(s) will be computed again (" + first_damage + ")"
                       : std::string()));
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const unsigned threads = static_cast<unsigned>(
      std::min<std::uint64_t>(r.threads == 0 ? hw : r.threads, std::max<std::uint64_t>(n - n_kept, 1)));

  // The output is written in trial order as trials finish (a temporary file until commit).
  Provenance prov = engine::provenance_of(base, r.command_line);
  prov.shard = r.shard ? r.shard->str() : "";
  io::DatasetWriter writer(r.output, io::DatasetWriter::Options{r.compress, 4, true, n});
  writer.write_provenance(prov);
  IndexStream index(writer, plan, n);

  // Computed in any order on any thread; its part is written at once, for --resume.
  const auto compute = [&](std::uint64_t j) {
    const std::uint64_t trial = shard.trial(j);
    Outcome o;
    if (kept[j]) {
      io::PartRead again = io::read_trial_part(part_path(parts, trial), print, trial);
      if (again.status != io::PartRead::Status::ok)
        throw std::runtime_error("part " + part_path(parts, trial).string() + " changed while resuming: " +
                                 (again.problem.empty() ? "it is gone" : again.problem));
      o.part = std::move(*again.part);
      return o;
    }
    const engine::PlannedTrial resolved = trials.planned(trial);
    try {
      engine::Trial done = trials.run(resolved);
      o.part = make_part(trial, resolved.scenario.duration_s(), std::move(done.record), done.stats, &resolved);
    } catch (const NumericalError& e) {
      o.part = make_part(trial, resolved.scenario.duration_s(), std::nullopt, engine::TrialStats{}, &resolved);
      o.part.failed = true;
      o.part.failure = e.what();
      o.error = std::current_exception();
    }
    io::write_trial_part(part_path(parts, trial), o.part, print);
    return o;
  };

  RunSummary summary;
  summary.output = r.output;
  summary.threads = threads;
  summary.reused = n_kept;
  std::exception_ptr first_error;  // of this run's first numerically failed trial
  std::string first_reason;        // trial j = 0's failure, for when every trial fails
  // Stored strictly in trial order, one trial at a time, by whichever thread is free.
  const auto store = [&](std::uint64_t j, Outcome o) {
    const io::TrialPart& part = o.part;
    if (part.failed) {
      if (o.error) {  // failed in this run (a resumed failure was reported by the first run)
        if (!first_error) first_error = o.error;
        if (r.fail_fast) std::rethrow_exception(o.error);
        if (on_failure) on_failure(part.trial, part.failure);
      } else if (r.fail_fast) {
        throw NumericalError(NAN, "trial " + std::to_string(part.trial) + " (kept from the interrupted run) failed: " +
                                      part.failure);
      }
      ++summary.failed;
    } else {
      summary.labels.add(part.counts);
      summary.simulated_s += part.duration_s;
    }
    if (j == 0) first_reason = part.failure;
    if (part.record) writer.write_trial(*part.record);
    index.add(plan.trial(shard.trial(j)), part);
    summary.trials = j + 1;
    if (on_progress)
      on_progress({j + 1, n, summary.failed, std::chrono::duration<double>(Clock::now() - start).count(),
                   summary.simulated_s});
  };

  // At most 2 × threads finished trials wait to be stored.
  run_in_order(n, threads, 2ull * threads, compute, store);
  if (summary.failed == n) {  // nothing to write: report the (first) failure, keep no file
    fs::remove_all(parts);    // every part records a failure: nothing worth resuming
    if (first_error) std::rethrow_exception(first_error);
    throw NumericalError(NAN, "every trial failed; the first: " + first_reason);
  }
  index.flush();
  writer.commit();
  fs::remove_all(parts);
  summary.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  return summary;
}

}  // namespace
}  // namespace nmsim::pipeline
