#include "pipeline/dataset_run.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <variant>

#include "core/column_table.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "io/dataset_writer.hpp"
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
scenario::Scenario trial_scenario(const DatasetRequest& r, const scenario::TrialPlan& plan) {
  std::vector<config::Override> all = r.overrides;
  all.insert(all.end(), plan.overrides.begin(), plan.overrides.end());
  return scenario::load_scenario(r.scenario_file, all, r.seed);
}

ColumnTable build_index(const scenario::DatasetPlan& plan, const std::vector<Outcome>& rows) {
  const std::size_t n = plan.trials.size();
  std::vector<std::int64_t> trial(n), subject(n), episodes(n), beats(n);
  std::vector<std::string> phenotype(n), split(n), status(n), reason(n);
  std::vector<double> duration(n), frequency(n);
  // One column per varied/swept/class-set path, in first-seen order.
  std::vector<std::string> value_names;
  for (const auto& t : plan.trials)
    for (const auto& [path, v] : t.values)
      if (std::find(value_names.begin(), value_names.end(), path) == value_names.end()) value_names.push_back(path);
  std::vector<std::vector<double>> values(value_names.size(), std::vector<double>(n, NAN));
  for (std::size_t i = 0; i < n; ++i) {
    const auto& t = plan.trials[i];
    const Outcome& o = rows[i];
    trial[i] = static_cast<std::int64_t>(t.index);
    subject[i] = static_cast<std::int64_t>(t.subject);
    phenotype[i] = t.phenotype;
    split[i] = t.split;
    status[i] = o.failed ? "failed" : "ok";
    reason[i] = o.failure;
    duration[i] = o.duration_s;
    episodes[i] = static_cast<std::int64_t>(o.stats.clonus_episodes);
    beats[i] = static_cast<std::int64_t>(o.stats.clonus_beats);
    frequency[i] = o.stats.clonus_episodes > 0 ? o.stats.clonus_frequency_hz : NAN;
    for (const auto& [path, v] : t.values)
      values[static_cast<std::size_t>(std::find(value_names.begin(), value_names.end(), path) - value_names.begin())][i] = v;
  }
  ColumnTable index;
  index.add("trial", std::move(trial));
  index.add("subject", std::move(subject));
  index.add("phenotype", std::move(phenotype));
  index.add("split", std::move(split));
  index.add("status", std::move(status));
  index.add("failure_reason", std::move(reason));
  index.add("duration", std::move(duration));
  index.add("clonus_episodes", std::move(episodes));
  index.add("clonus_beats", std::move(beats));
  index.add("clonus_frequency", std::move(frequency));
  for (std::size_t k = 0; k < value_names.size(); ++k) index.add("value:" + value_names[k], std::move(values[k]));
  return index;
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

RunSummary generate_dataset(const DatasetRequest& r, const std::function<void(const Progress&)>& on_progress,
                            const std::function<void(std::uint64_t, const std::string&)>& on_failure) {
  const auto start = Clock::now();
  // Everything that can be validated is, before the output file is created.
  const scenario::Scenario base = scenario::load_scenario(r.scenario_file, r.overrides, r.seed);
  const scenario::DatasetPlan plan = plan_trials(r, base);
  const std::uint64_t n = plan.trials.size();
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const unsigned threads = static_cast<unsigned>(std::min<std::uint64_t>(r.threads == 0 ? hw : r.threads, std::max<std::uint64_t>(n, 1)));
  const std::uint64_t window = 2ull * threads;  // finished trials allowed to wait for the writer

  io::DatasetWriter writer(r.output);
  writer.write_provenance(make_provenance(base, r.command_line));

  std::mutex mu;
  std::condition_variable produced, consumed;
  std::map<std::uint64_t, Outcome> ready;  // finished, not yet written
  std::uint64_t written = 0;
  std::atomic<std::uint64_t> next{0};
  std::atomic<bool> abort{false};
  std::exception_ptr error;

  const auto worker = [&] {
    for (;;) {
      const std::uint64_t i = next.fetch_add(1);
      if (i >= n) return;
      {  // bounded memory: wait until the writer is within `window` of this trial
        std::unique_lock lock(mu);
        consumed.wait(lock, [&] { return abort.load() || i < written + window; });
      }
      if (abort.load()) return;
      Outcome o;
      try {
        const scenario::Scenario s = trial_scenario(r, plan.trials[i]);
        o.duration_s = s.duration_s();
        o.record = run_trial(s, plan.trials[i].index, &o.stats);
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
      ready.emplace(i, std::move(o));
      produced.notify_all();
    }
  };

  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  const auto stop_workers = [&] {
    abort = true;
    consumed.notify_all();
    for (auto& th : pool) th.join();
  };

  RunSummary summary;
  summary.output = r.output;
  summary.threads = threads;
  std::vector<Outcome> rows(n);  // stats only: records are moved out once written
  try {
    for (std::uint64_t i = 0; i < n; ++i) {
      Outcome o;
      {
        std::unique_lock lock(mu);
        // Poll the stop flag too: a signal handler cannot notify a condition variable.
        while (!produced.wait_for(lock, std::chrono::milliseconds(100),
                                  [&] { return abort.load() || ready.count(i) > 0; }))
          if (stop_requested()) break;
        if (stop_requested()) throw Interrupted();
        if (error) std::rethrow_exception(error);
        o = std::move(ready.at(i));
        ready.erase(i);
      }
      if (!o.failed) {
        writer.write_trial(*o.record);
        summary.clonus_episodes += o.stats.clonus_episodes;
        summary.clonus_beats += o.stats.clonus_beats;
        if (o.stats.clonus_episodes > 0) summary.clonus_frequency_hz = o.stats.clonus_frequency_hz;
        summary.simulated_s += o.duration_s;
        o.record.reset();
      } else {
        ++summary.failed;
        if (r.fail_fast || summary.failed == n) std::rethrow_exception(o.error);
        if (on_failure) on_failure(plan.trials[i].index, o.failure);
      }
      rows[i] = std::move(o);
      {
        std::lock_guard lock(mu);
        written = i + 1;
      }
      consumed.notify_all();
      summary.trials = i + 1;
      if (on_progress)
        on_progress({i + 1, n, summary.failed, std::chrono::duration<double>(Clock::now() - start).count(),
                     summary.simulated_s});
    }
  } catch (...) {
    stop_workers();
    throw;  // the writer's destructor removes the temporary file
  }
  for (auto& th : pool) th.join();
  writer.write_index(build_index(plan, rows));
  writer.commit();
  summary.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  return summary;
}

}  // namespace nmsim::pipeline
