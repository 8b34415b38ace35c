#include "engine/provenance.hpp"

#include "core/printable.hpp"
#include "nmsim/version.hpp"

namespace nmsim::engine {

Provenance provenance_of(const scenario::Scenario& s, const std::string& command_line) {
  Provenance p;
  p.scenario_yaml = s.resolved_yaml;
  p.model_yaml = s.model_yaml;
  p.seed = s.seed;
  // Stored as UTF-8 strings: bytes of another encoding in a path or argument are escaped (\xNN).
  p.command_line = utf8_or_escaped(command_line);
  p.nmsim_version = kVersion;
  p.scenario_path = utf8_or_escaped(s.scenario_path.string());
  p.model_path = utf8_or_escaped(s.model_path.string());
  return p;
}

}  // namespace nmsim::engine
