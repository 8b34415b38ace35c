#pragma once
// How many YAML documents a text holds, found without YAML::LoadAll: in yaml-cpp 0.7 (Debian 12)
// LoadAll never returns when a document ends at a token the parser cannot consume (`"a","b"`,
// `!a,b`, `"q,""q"`): HandleNextDocument keeps reporting another, empty document at that token,
// and LoadAll stores one null node per turn until memory runs out (found by fuzzing --set values;
// fixed upstream in yaml-cpp pull request 1319). Counting stops at the second document, so the
// caller can refuse the text and then load the first document with YAML::Load.
#include <yaml-cpp/mark.h>

#include <string>

namespace nmsim::config::detail {

struct DocumentCount {
  int documents = 0;             // 0 (empty text), 1, or 2 meaning "more than one"
  YAML::Mark second_start;       // where the second document starts (its '---', or the stuck token)
  YAML::Mark second_node;        // its first node, or second_start if it has none
  bool second_has_marker = false;  // it starts with a '---' line (a real second document)
};

// Throws YAML::Exception on a syntax error, like YAML::Load.
DocumentCount count_documents(const std::string& text);

}  // namespace nmsim::config::detail
