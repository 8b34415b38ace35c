#include "scenario/yaml_documents.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <sstream>

namespace nmsim::config::detail {
namespace {

// Records the document starts and the first node of the second document; builds nothing.
class DocumentCounter final : public YAML::EventHandler {
 public:
  DocumentCount count;

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++count.documents == 2) count.second_start = count.second_node = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override {
    node(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnMapEnd() override {}

 private:
  void node(const YAML::Mark& mark) {
    if (count.documents == 2 && !seen_second_node_) {
      count.second_node = mark;
      seen_second_node_ = true;
    }
  }
  bool seen_second_node_ = false;
};

}  // namespace

DocumentCount count_documents(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentCounter counter;
  while (counter.count.documents < 2 && parser.HandleNextDocument(counter)) {
  }
  DocumentCount c = counter.count;
  if (c.documents == 2 && c.second_start.pos >= 0) {
    const auto pos = static_cast<std::size_t>(c.second_start.pos);
    c.second_has_marker = text.compare(pos, 3, "---") == 0;
  }
  return c;
}

}  // namespace nmsim::config::detail
