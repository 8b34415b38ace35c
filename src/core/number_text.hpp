#pragma once
// Decimal text <-> double, with C++'s from_chars/to_chars semantics on every standard library
// nmsim is built with. GCC's libstdc++ has the floating-point overloads; the libc++ of Debian's
// emscripten (the WebAssembly lab, docs/lab.md) has only the integer ones, and there the same
// contract is met with strtod and printf in the "C" locale (number_text.cpp).
#include <charconv>
#include <optional>
#include <string>
#include <string_view>

namespace nmsim {

// Reads a double from the start of [first, last) as std::from_chars(first, last, value) does
// (no leading spaces or '+', decimal or "inf"/"nan"): `ec` is invalid_argument when nothing
// matches, result_out_of_range when the value does not fit; `ptr` is one past what was read.
std::from_chars_result read_double(const char* first, const char* last, double& value);

// The shortest text that reads back as exactly `x` (std::to_chars(first, last, x)'s form:
// "0.25", "1e-05", "inf", "nan").
std::string shortest_text(double x);

// Numbers typed by a user on the command line (--vary, --bins, --param): the whole text as a
// finite double, or nothing. Each caller says in its own error what it expected.
std::optional<double> finite_number(std::string_view text);

namespace detail {
// The strtod/printf forms, compiled everywhere so that tests/unit/core checks them against the
// standard library's charconv.
std::from_chars_result read_double_portable(const char* first, const char* last, double& value);
std::string shortest_text_portable(double x);
}  // namespace detail

}  // namespace nmsim
