#pragma once
// A scan of YAML text for flow collections ({...} and [...]) and quotes that are never closed,
// consulted after yaml-cpp has refused the text, so that the error names the opening bracket or
// quote rather than wherever yaml-cpp gave up. It never refuses text on its own. (The minutes and
// gigabytes that fuzzing first found on such text came from yaml-cpp's LoadAll, which the reader
// no longer calls: yaml_documents.hpp.)
// The scan follows YAML's lexical rules closely enough for configuration files: quotes, comments
// and block scalars are skipped; in block context a bracket opens a flow collection only where a
// node starts (after the indentation, a "- " or a ": "), so plain keys such as
// `protocol[2].load_torque:` stay plain.
#include <cstddef>
#include <optional>
#include <string_view>

namespace nmsim::config::detail {

struct UnclosedFlow {
  std::size_t line = 0, column = 0;  // 0-based, of the opening bracket or quote (or the stray indicator)
  char bracket = '{';                // '{', '[', or a quote ('"' or '\'') that is never closed
  bool stray = false;                // instead: `bracket` is a ',', ']' or '}' where no flow collection is open
};

// A quoted scalar that is never closed, a flow indicator (',', ']', '}') outside any flow
// collection where a node would start or right after a quoted scalar or a closed collection
// (`"a","b"`, a line starting with ", x: 1}"), or else the outermost flow collection left open
// at the end of the text, if any.
std::optional<UnclosedFlow> find_unclosed_flow(std::string_view text);

}  // namespace nmsim::config::detail
