#include "pipeline/dataset_run.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "io/atomic_file.hpp"
#include "io/dataset_writer.hpp"
#include "io/trial_part.hpp"
#include "pipeline/index_stream.hpp"
#include "nmsim/version.hpp"

namespace nmsim::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

// What a worker hands to the writer for one trial.
struct Outcome {
  std::optional<TrialRecord> record;  // released once written
  bool failed = false;                // the integration failed numerically
  std::exception_ptr error;           // that NumericalError, to rethrow when the run must fail
  TrialStats stats;
  std::string failure;                // its message
  double duration_s = 0.0;
};

// Scenario for one planned trial: the user's overrides, then the plan's.
scenario::Scenario trial_scenario(const scenario::ScenarioSource& source, const DatasetRequest& r,
                                  const scenario::TrialPlan& plan) {
  std::vector<config::Override> all = r.overrides;
  all.insert(all.end(), plan.overrides.begin(), plan.overrides.end());
  return source.load(all, r.seed);
}

std::filesystem::path part_path(const std::filesystem::path& parts, std::uint64_t trial) {
  char name[40];
  std::snprintf(name, sizeof name, "trial-%06llu.part", static_cast<unsigned long long>(trial));
  return parts / name;
}

// The trial's part with what the index needs; the record itself only while it is being written.
io::TrialPart make_part(std::uint64_t trial, Outcome& o) {
  io::TrialPart p;
  p.trial = trial;
  p.failed = o.failed;
  p.failure = o.failure;
  p.duration_s = o.duration_s;
  p.clonus_episodes = static_cast<std::int64_t>(o.stats.clonus_episodes);
  p.clonus_beats = static_cast<std::int64_t>(o.stats.clonus_beats);
  p.clonus_frequency_hz = o.stats.clonus_episodes > 0 ? o.stats.clonus_frequency_hz : NAN;
  p.record = std::move(o.record);
  return p;
}

// FNV-1a: a stable fingerprint of what determines the dataset's content.
std::string fingerprint(const scenario::Scenario& base, const DatasetRequest& r, std::uint64_t n) {
  const std::string text = base.resolved_yaml + "\n\x1f" + base.model_yaml + "\n\x1f" + std::to_string(base.seed) +
                           "\x1f" + (r.shard ? r.shard->str() : "") + "\x1f" + kVersion + "\x1f" + std::to_string(n) +
                           (r.compress ? "\x1fgzip" : "");
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

// Creates the parts folder (fresh run) or checks it belongs to this request (resume).
void prepare_parts(const std::filesystem::path& parts, const std::string& print, const DatasetRequest& r) {
  namespace fs = std::filesystem;
  const fs::path stamp = parts / "run.txt";
  if (fs::exists(parts)) {
    if (!r.resume)
      throw InputError({r.output.string()}, "output",
                       "an interrupted run left its finished trials in '" + parts.string() +
                           "'; rerun with --resume to continue it, or delete that folder to start over");
    std::ifstream in(stamp);
    std::string line;
    std::getline(in, line);
    if (line != "fingerprint " + print)
      throw InputError({r.output.string()}, "--resume",
                       "the interrupted run in '" + parts.string() +
                           "' was started with a different scenario, model, seed, shard or nmsim version; "
                           "nothing was changed (delete the folder to start over)");
    return;
  }
  fs::create_directories(parts);
  const fs::path tmp = parts / "run.txt.tmp";
  std::ofstream(tmp) << "fingerprint " << print << "\nscenario " << r.scenario_file.string() << "\n";
  fs::rename(tmp, stamp);
}

}  // namespace

scenario::DatasetPlan plan_trials(const DatasetRequest& r, const scenario::Scenario& base) {
  config::Document doc = config::Document::load_file(r.scenario_file);
  config::apply_overrides(doc, r.overrides);
  return scenario::plan_dataset(doc.root(), base.seed, base.trials);
}

Provenance make_provenance(const scenario::Scenario& s, const std::string& command_line) {
  Provenance p;
  p.scenario_yaml = s.resolved_yaml;
  p.model_yaml = s.model_yaml;
  p.seed = s.seed;
  p.command_line = command_line;
  p.nmsim_version = kVersion;
  p.scenario_path = s.scenario_path.string();
  p.model_path = s.model_path.string();
  return p;
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

RunSummary generate_dataset(const DatasetRequest& r, const std::function<void(const Progress&)>& on_progress,
                            const std::function<void(std::uint64_t, const std::string&)>& on_failure) {
  namespace fs = std::filesystem;
  const auto start = Clock::now();
  // Everything that can be validated is, before anything is written.
  const scenario::ScenarioSource source(r.scenario_file);
  const scenario::Scenario base = source.load(r.overrides, r.seed);
  const scenario::DatasetPlan plan = plan_trials(r, base);
  std::vector<std::uint64_t> mine;  // this shard's trials, in dataset order
  for (std::uint64_t i = 0; i < plan.size(); ++i)
    if (!r.shard || r.shard->contains(i)) mine.push_back(i);
  const std::uint64_t n = mine.size();
  if (n == 0) throw InputError({}, "--shard", "shard " + r.shard->str() + " has no trials (the dataset has " +
                                                std::to_string(plan.size()) + ")");
  io::atomic::check_output_writable(r.output);
  const fs::path parts = parts_folder(r.output);
  prepare_parts(parts, fingerprint(base, r, plan.size()), r);

  // Trials already finished by an interrupted run are kept (validated now, re-read when their
  // turn to be written comes, so memory stays bounded); the rest are computed.
  std::vector<std::size_t> pending;          // positions in `mine`
  std::vector<char> kept(n, 0);
  for (std::size_t j = 0; j < n; ++j) {
    if (auto done = io::read_trial_part(part_path(parts, mine[j])); done && done->trial == mine[j]) {
      kept[j] = 1;
    } else {
      pending.push_back(j);
    }
  }
  const std::uint64_t n_pending = pending.size();
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const unsigned threads =
      static_cast<unsigned>(std::min<std::uint64_t>(r.threads == 0 ? hw : r.threads, std::max<std::uint64_t>(n_pending, 1)));
  const std::uint64_t window = 2ull * threads;  // finished trials allowed to wait for the writer

  // The output is written in trial order as trials finish (a temporary file until commit).
  Provenance prov = make_provenance(base, r.command_line);
  prov.shard = r.shard ? r.shard->str() : "";
  io::DatasetWriter writer(r.output, io::DatasetWriter::Options{r.compress, 4, true});
  writer.write_provenance(prov);
  IndexStream index(writer, plan, n);

  std::mutex mu;
  std::condition_variable produced, consumed;
  std::map<std::uint64_t, Outcome> ready;  // by position in `pending`: finished, not yet stored
  std::uint64_t stored = 0;
  std::atomic<std::uint64_t> next{0};
  std::atomic<bool> abort{false};
  std::exception_ptr error;

  const auto worker = [&] {
    for (;;) {
      const std::uint64_t q = next.fetch_add(1);
      if (q >= n_pending) return;
      {  // bounded memory: wait until the writer is within `window` of this trial
        std::unique_lock lock(mu);
        consumed.wait(lock, [&] { return abort.load() || q < stored + window; });
      }
      if (abort.load()) return;
      const scenario::TrialPlan planned = plan.trial(mine[pending[q]]);
      Outcome o;
      try {
        const scenario::Scenario sc = trial_scenario(source, r, planned);
        o.duration_s = sc.duration_s();
        o.record = run_trial(sc, planned.index, &o.stats);
      } catch (const NumericalError& e) {
        o.record.reset();
        o.failed = true;
        o.error = std::current_exception();
        o.failure = e.what();
      } catch (...) {
        std::lock_guard lock(mu);
        if (!error) error = std::current_exception();
        abort = true;
        produced.notify_all();
        consumed.notify_all();
        return;
      }
      std::lock_guard lock(mu);
      ready.emplace(q, std::move(o));
      produced.notify_all();
    }
  };

  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads && n_pending > 0; ++t) pool.emplace_back(worker);
  const auto stop_workers = [&] {
    abort = true;
    consumed.notify_all();
    for (auto& th : pool) th.join();
  };

  RunSummary summary;
  summary.output = r.output;
  summary.threads = threads;
  summary.reused = n - n_pending;
  std::string first_reason;  // trial j = 0's failure, for when every trial fails
  const auto count_finished = [&](const io::TrialPart& t) {
    if (t.failed) {
      ++summary.failed;
    } else {
      summary.clonus_episodes += static_cast<std::size_t>(t.clonus_episodes);
      summary.clonus_beats += static_cast<std::size_t>(t.clonus_beats);
      if (t.clonus_episodes > 0) summary.clonus_frequency_hz = t.clonus_frequency_hz;
      summary.simulated_s += t.duration_s;
    }
  };
  std::exception_ptr first_error;  // of this run's first numerically failed trial
  std::uint64_t q = 0;             // next position in `pending`
  try {
    for (std::size_t j = 0; j < n; ++j) {
      io::TrialPart part;
      if (kept[j]) {
        auto again = io::read_trial_part(part_path(parts, mine[j]));
        if (!again) throw std::runtime_error("part " + part_path(parts, mine[j]).string() + " changed while resuming");
        part = std::move(*again);
      } else {
        Outcome o;
        {
          std::unique_lock lock(mu);
          // Poll the stop flag too: a signal handler cannot notify a condition variable.
          while (!produced.wait_for(lock, std::chrono::milliseconds(100),
                                    [&] { return abort.load() || ready.count(q) > 0; }))
            if (stop_requested()) break;
          if (stop_requested()) throw Interrupted();
          if (error) std::rethrow_exception(error);
          o = std::move(ready.at(q));
          ready.erase(q);
        }
        if (o.failed && !first_error) first_error = o.error;
        if (o.failed && r.fail_fast) std::rethrow_exception(o.error);
        part = make_part(mine[j], o);
        io::write_trial_part(part_path(parts, mine[j]), part);  // for --resume
        if (part.failed && on_failure) on_failure(mine[j], part.failure);
        {
          std::lock_guard lock(mu);
          stored = ++q;
        }
        consumed.notify_all();
      }
      if (part.record) writer.write_trial(*part.record);
      index.add(plan.trial(mine[j]), part);
      count_finished(part);
      if (j == 0) first_reason = part.failure;
      summary.trials = j + 1;
      if (on_progress)
        on_progress({j + 1, n, summary.failed, std::chrono::duration<double>(Clock::now() - start).count(),
                     summary.simulated_s});
    }
  } catch (const Interrupted&) {
    stop_workers();
    throw;  // finished parts stay for --resume; the writer removes its temporary file
  } catch (...) {
    stop_workers();
    fs::remove_all(parts);  // a failing run would fail again when resumed: leave nothing
    throw;
  }
  for (auto& th : pool) th.join();
  summary.trials = n;

  if (summary.failed == n) {  // nothing to write: report the (first) failure, keep no file
    fs::remove_all(parts);
    if (first_error) std::rethrow_exception(first_error);
    throw NumericalError(NAN, "every trial failed; the first: " + first_reason);
  }
  index.flush();
  writer.commit();
  fs::remove_all(parts);
  summary.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  return summary;
}

}  // namespace nmsim::pipeline
