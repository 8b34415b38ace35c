// libFuzzer target: one `--set PATH=VALUE` argument applied to a scenario document, which is then
// emitted (for provenance) and read back. Bad input must end in InputError; the emitted text of
// an accepted override must load again.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "scenario/overrides.hpp"

namespace {
constexpr const char* kDocument = R"(name: fuzz
model: ankle
parameters: {spinal: {reflex_gain: 6.0}}
protocol:
  - {name: rest, duration: 0.1}
  - {name: hold, duration: 0.5, load_torque: 4.0}
labels: {clonus: {min_beats: 3}}
)";
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string arg(reinterpret_cast<const char*>(data), size);
  try {
    nmsim::config::Document doc = nmsim::config::Document::load_string(kDocument, "fuzz.yaml");
    nmsim::config::apply_overrides(doc, {nmsim::config::parse_override(arg)});
    const std::string emitted = doc.emit();
    try {
      (void)nmsim::config::Document::load_string(emitted, "emitted.yaml");
    } catch (const nmsim::InputError&) {
      // What nmsim writes into provenance must read back.
      __builtin_trap();
    }
  } catch (const nmsim::InputError&) {
  }
  return 0;
}
