// libFuzzer target: a scenario file, read as `nmsim validate` reads it (scenario, model, dataset
// plan). Bad input must end in InputError; anything else (a crash, a sanitizer report, another
// exception) is a bug.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "scenario/dataset_plan.hpp"
#include "scenario/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fs = std::filesystem;
  static const fs::path file = fs::temp_directory_path() / ("nmsim-fuzz-scenario-" + std::to_string(::getpid()) + ".yaml");
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    const nmsim::scenario::Scenario s = nmsim::scenario::load_scenario(file, {}, std::nullopt, {NMSIM_MODELS_DIR});
    nmsim::config::Document doc = nmsim::config::Document::load_file(file);
    const auto plan = nmsim::scenario::plan_dataset(doc.root(), s.seed, s.trials);
    if (plan.size() > 0) (void)plan.trial(plan.size() - 1);
  } catch (const nmsim::InputError&) {
  }
  return 0;
}
