#pragma once
// Every label bit a trial's mask can hold, declared once: its position is its place in the
// registry and is part of the file format (never renumbered; a new bit is appended). The
// labellers mark bits by the position they look up here; each record carries the registry's
// names as its LabelSeries::bit_names, which the file and the resume part store as they are.
// docs/labels.md gives each bit's rule.
#include <string>
#include <vector>

namespace nmsim::engine {

struct LabelBitSpec {
  std::string name;     // the file's bit_names entry
  std::string meaning;  // one line: what a set bit says
};

// The built-in bits first, in their file order.
const std::vector<LabelBitSpec>& label_bit_registry();
std::vector<std::string> label_bit_names();  // index = bit position
// The position of `name`; std::logic_error for a name never registered.
unsigned label_bit(const std::string& name);
// Appends a bit; before any trial runs (the registry is read, unlocked, by every thread).
// std::invalid_argument for a name already registered or a mask already full.
void register_label_bit(LabelBitSpec spec);

}  // namespace nmsim::engine
