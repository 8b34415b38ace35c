#include "scenario/flow_brackets.hpp"

#include <vector>

namespace nmsim::config::detail {

std::optional<UnclosedFlow> find_unclosed_flow(std::string_view text) {
  std::vector<UnclosedFlow> open;           // the flow collections we are inside
  std::size_t line = 0, column = 0;         // of text[i]
  bool node_start = true;                   // a node may begin here (block context)
  std::size_t indent = 0;                   // of the current line
  bool at_indent = true;                    // still in the line's leading spaces
  std::size_t block_scalar_indent = 0;      // > 0 (key indent + 1): skipping a block scalar
  bool in_block_scalar = false;
  bool line_start = true;                   // no token on this line yet (only spaces, tabs or a comment)
  bool after_node = false;                  // right after a quoted scalar or a closed flow collection
  bool after_indicator = false;             // right after a '[' or '{' that opened, or a ',' or ':' inside one
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      line_start = true;
      ++line;
      column = 0;
      indent = 0;
      at_indent = true;
      node_start = open.empty();
      continue;
    }
    if (at_indent && c == ' ') {
      ++indent;
      ++column;
      continue;
    }
    if (at_indent) {
      at_indent = false;
      if (in_block_scalar && indent >= block_scalar_indent) {  // the block scalar's content
        while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
        continue;
      }
      in_block_scalar = false;
    }
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) {  // comment
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
      continue;
    }
    // A quote opens a quoted scalar where a node starts, or after a flow indicator; inside a
    // plain scalar (it's, r"q,", e'm:'a, b['x') it is a letter: ',', ':' and brackets are
    // indicators only where they open or sit inside a flow collection (all found by fuzzing).
    const bool quote_opens = node_start || line_start || after_indicator;
    if ((c == '\'' || c == '"') && quote_opens) {  // a quoted scalar, possibly over several lines
      const UnclosedFlow opened{line, column, c};
      // Moves the position from text[k] to text[k + 1].
      auto advance = [&](std::size_t k) {
        if (text[k] == '\n') {
          ++line;
          column = 0;
        } else {
          ++column;
        }
      };
      std::size_t j = i + 1;
      ++column;  // past the opening quote
      for (; j < text.size(); ++j) {
        const bool escape = c == '"' && text[j] == '\\';
        const bool doubled = c == '\'' && text[j] == '\'' && j + 1 < text.size() && text[j + 1] == '\'';  // '' in '...'
        if (escape || doubled) {
          advance(j);
          if (++j >= text.size()) break;
          advance(j);
          continue;
        }
        if (text[j] == c) break;
        advance(j);
      }
      // Never closed: it swallows the rest of the text, brackets included (and yaml-cpp can
      // blow up on it, e.g. the --set value `"a","`, found by fuzzing).
      if (j >= text.size()) return opened;
      i = j;
      ++column;
      node_start = false;
      line_start = false;
      after_node = true;
      after_indicator = false;
      continue;
    }
    if (c == ' ' || c == '\t') {  // spaces between tokens change nothing
      ++column;
      continue;
    }
    const bool flow = !open.empty();
    if (!flow && (c == ',' || c == ']' || c == '}') && (node_start || line_start || after_node))
      return UnclosedFlow{line, column, c, true};
    after_node = false;
    after_indicator = flow && (c == ',' || c == ':');
    if ((c == '{' || c == '[') && (flow || node_start)) {
      open.push_back({line, column, c});
      after_indicator = true;
    } else if ((c == '}' || c == ']') && flow) {
      open.pop_back();
      after_node = open.empty();
    } else if ((c == '|' || c == '>') && node_start && !flow) {
      in_block_scalar = true;
      block_scalar_indent = indent + 1;
    }
    // Where a block node can start next: after "- " or ": " (or at a line's start).
    const bool space_next = i + 1 >= text.size() || text[i + 1] == ' ' || text[i + 1] == '\n';
    node_start = (c == '-' || c == ':') && space_next;
    line_start = false;
    ++column;
  }
  if (open.empty()) return std::nullopt;
  return open.front();
}

}  // namespace nmsim::config::detail
