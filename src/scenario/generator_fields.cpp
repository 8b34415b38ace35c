#include "scenario/generator_fields.hpp"

#include <algorithm>

namespace nmsim::scenario {

using config::Node;
using config::Range;

std::size_t muscle_index(const Node& where, const std::string& name, const std::vector<std::string>& names) {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) {
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    where.fail("unknown muscle '" + name + "'; the model has: " + known);
  }
  return static_cast<std::size_t>(it - names.begin());
}

void read_muscle_shares(const Node& n, const std::vector<std::string>& names, const std::string& what,
                        std::vector<std::size_t>& muscles, std::vector<double>& weights) {
  if (n.is_sequence() && n.size() > 0) {
    for (const Node& m : n.elements()) muscles.push_back(muscle_index(m, m.as_string(), names));
  } else if (n.is_map() && n.size() > 0) {
    for (const auto& [name, share] : n.entries()) {
      muscles.push_back(muscle_index(share, name, names));
      weights.push_back(share.as_real("1", Range::closed(0.0, 2.0)));
    }
  } else {
    n.fail("must be a list of muscles of the model, or a map of muscle to its share of " + what);
  }
}

bool read_switch(const Node& n, const std::string& key, bool fallback) {
  const auto v = n.find(key);
  if (!v) return fallback;
  const std::string text = v->as_string();
  if (text == "true" || text == "false") return v->as_boolean();
  const double x = v->as_real("1", Range::closed(0.0, 1.0));
  if (x != 0.0 && x != 1.0) v->fail("must be true or false (1 or 0), got " + text);
  return x == 1.0;
}

Node cited(const Node& preset, const std::string& key, const std::string& unit) {
  const Node q = preset.at(key);
  const std::string form = " {value: ..., unit: " + unit + ", source: \"...\"}";
  if (!q.is_map()) q.fail("must be" + form + ": every preset names its unit and source");
  const Node u = q.at("unit");
  if (u.as_string() != unit) u.fail("unit '" + u.as_string() + "' does not match expected '" + unit + "'");
  const Node source = q.at("source");
  if (source.as_string().empty()) source.fail("must say where the value comes from (or that it is an estimate)");
  q.string("note", "");
  const Node value = q.at("value");
  q.finish();
  return value;
}

std::filesystem::path find_presets_file(const Node& where, const std::string& file_name, const std::string& what,
                                        const std::filesystem::path& model_file,
                                        const std::vector<std::filesystem::path>& search_path) {
  std::vector<std::filesystem::path> dirs{model_file.parent_path()};
  dirs.insert(dirs.end(), search_path.begin(), search_path.end());
  std::string looked;
  std::error_code ec;
  for (const auto& dir : dirs) {
    const auto p = dir / file_name;
    if (std::filesystem::exists(p, ec)) return p;
    looked += "\n  " + p.string();
  }
  where.fail("needs " + what + " (" + file_name + ", shipped in models/); looked for:" + looked);
}

}  // namespace nmsim::scenario
