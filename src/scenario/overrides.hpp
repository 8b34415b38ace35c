#pragma once
// Command-line overrides: `--set parameters.spinal.reflex_gain=2.5` edits a loaded Document
// before it is read. Values set this way report the argument itself as their mark, so an error
// about an overridden value points at the command line rather than at a file line.
#include <string>
#include <vector>

#include "scenario/config_reader.hpp"

namespace nmsim::config {

struct Override {
  std::string path;        // "parameters.spinal.reflex_gain", "protocol[1].duration", "protocol.1.duration"
  std::string value_text;  // parsed as a YAML scalar or flow node: "2.5", "[1, 2]", "{a: 1}"
  std::string origin;      // "--set parameters.spinal.reflex_gain=2.5"
};

// "a.b.c=value" (the text after the first '=' is the value). InputError if there is no '=',
// the path is empty or malformed.
Override parse_override(const std::string& arg);

// Applies in order. Missing map keys along the path are created; indexing past the end of a
// list, into a scalar, or a list with a key is an InputError at the override's origin.
void apply_overrides(Document& doc, const std::vector<Override>& overrides);

}  // namespace nmsim::config
