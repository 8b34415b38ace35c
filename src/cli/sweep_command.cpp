#include "cli/sweep_command.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/app.hpp"
#include "cli/model_dirs.hpp"
#include "cli/python_tools.hpp"
#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/text_output.hpp"
#include "pipeline/sweep.hpp"

namespace nmsim::cli {

int sweep_command(const SweepCommandOptions& o) {
  pipeline::SweepRequest r;
  r.scenario_file = o.scenario.path;
  r.model_dirs = model_dirs();
  r.overrides = o.scenario.overrides();
  r.seed = o.scenario.seed;
  r.threads = o.threads;
  r.phase = o.phase;
  for (const auto& v : o.vary) r.axes.push_back(pipeline::parse_sweep_axis(v));
  io::atomic::check_output_writable(o.output);  // fails before the work, not after it
  if (!o.plot_dir.empty() && !std::filesystem::is_directory(o.plot_dir))
    throw InputError({}, "--plot", "'" + o.plot_dir + "' is not a folder (create it first)");
  const auto start = std::chrono::steady_clock::now();
  const ColumnTable table = pipeline::run_sweep(r, [&](std::uint64_t done, std::uint64_t total) {
    if (!o.quiet && (done == total || done % 25 == 0)) std::fprintf(stderr, "\rnmsim sweep: %llu/%llu points",
                                                                     static_cast<unsigned long long>(done),
                                                                     static_cast<unsigned long long>(total));
    if (!o.quiet && done == total) std::fprintf(stderr, "\n");
  });
  io::write_text_file(o.output, pipeline::table_csv(table));
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!o.quiet) std::printf("swept %zu points in %.1f s: wrote %s\n", table.rows(), wall, o.output.c_str());
  if (!o.plot_dir.empty()) {
    std::string cmd;
    if (!run_python_tool("plot_sweep.py", {o.output, o.plot_dir}, &cmd)) {
      std::fprintf(stderr, "nmsim: the plots failed (%s); %s was written without them\n", cmd.c_str(), o.output.c_str());
      return kExitInternal;
    }
    // Several grid points' trials overlaid (pipeline::overlay_points): their EMG and angle.
    const std::filesystem::path trials = std::filesystem::path(o.plot_dir) / "overlay_trials.h5";
    const std::vector<std::string> labels = pipeline::write_overlay_trials(r, table, trials);
    std::vector<std::string> args;
    for (std::size_t k = 0; k < labels.size(); ++k) args.push_back(trials.string() + ":" + std::to_string(k));
    for (const auto& label : labels) args.insert(args.end(), {"--label", label});
    args.insert(args.end(), {"-o", (std::filesystem::path(o.plot_dir) / "overlay.png").string()});
    if (!run_python_tool("plot_overlay.py", args, &cmd)) {
      std::fprintf(stderr, "nmsim: the overlay plot failed (%s); %s was written without it\n", cmd.c_str(), o.output.c_str());
      return kExitInternal;
    }
    if (!o.quiet) std::printf("plots in %s\n", o.plot_dir.c_str());
  }
  return kExitOk;
}

}  // namespace nmsim::cli
