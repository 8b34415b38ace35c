#pragma once
// Numbers typed by a user on the command line (--vary, --bins, --param): the whole text as a
// finite double, in C++'s from_chars form (no spaces, no leading '+'), or nothing. Each caller
// says in its own error what it expected.
#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>

namespace nmsim {

inline std::optional<double> finite_number(std::string_view text) {
  double v = 0.0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace nmsim
