#pragma once
// The bundled ankle clonus scenario shortened to a 1-s hold and a 0.3-s release, its model found
// by absolute path: a quick fixture for tests that run whole datasets.
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace nmsim::testing {

inline std::string short_ankle_clonus(const std::string& source_dir) {
  std::ifstream in(source_dir + "/scenarios/ankle_clonus.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error("fixture text not found: " + from);
    text.replace(at, from.size(), to);
  };
  replace("model: ankle", "model: " + source_dir + "/models/ankle.yaml");
  replace("{name: hold, duration: 25.0, load_torque: 4.0}", "{name: hold, duration: 1.0, load_torque: 4.0}");
  replace("{name: release, duration: 3.8}", "{name: release, duration: 0.3}");
  return text;
}

}  // namespace nmsim::testing
