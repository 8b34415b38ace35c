#include "core/number_text.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <version>

namespace nmsim {
namespace detail {

std::from_chars_result read_double_portable(const char* first, const char* last, double& value) {
  // strtod also takes leading spaces, '+' and hexadecimal, which from_chars refuses.
  const std::string text(first, last);
  const std::size_t digits = !text.empty() && text[0] == '-' ? 1 : 0;
  const bool hex = text.size() > digits + 1 && text[digits] == '0' && (text[digits + 1] == 'x' || text[digits + 1] == 'X');
  if (text.empty() || std::isspace(static_cast<unsigned char>(text[0])) || text[0] == '+')
    return {first, std::errc::invalid_argument};
  if (hex) {  // from_chars reads the "0" and stops at the 'x'
    value = digits ? -0.0 : 0.0;
    return {first + digits + 1, std::errc{}};
  }
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  const auto read = static_cast<std::ptrdiff_t>(end - text.c_str());
  if (read == 0) return {first, std::errc::invalid_argument};
  // strtod reports ERANGE for an underflow to a subnormal too; from_chars only when the value
  // does not fit (overflow, or a nonzero text that rounds to zero).
  if (errno == ERANGE && (std::isinf(v) || v == 0.0)) return {first + read, std::errc::result_out_of_range};
  value = v;
  return {first + read, std::errc{}};
}

// to_chars's shortest form: of the fixed ("%.*f") and scientific ("%.*e") texts with the
// fewest digits that read back exactly, the shorter; fixed on a tie.
std::string shortest_text_portable(double x) {
  if (std::isnan(x)) return std::signbit(x) ? "-nan" : "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  const auto exact = [x](const char* text) { return std::strtod(text, nullptr) == x; };
  char buf[400];  // fixed form of the largest double: 309 digits
  std::string scientific;
  for (int digits = 0; digits <= 17 && scientific.empty(); ++digits) {
    std::snprintf(buf, sizeof buf, "%.*e", digits, x);
    if (exact(buf)) scientific = buf;
  }
  // A fixed text with d decimals is at least d + 2 long: past that it cannot be the shorter.
  for (int decimals = 0; static_cast<std::size_t>(decimals) + 2 <= scientific.size() || decimals == 0; ++decimals) {
    std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
    if (exact(buf)) return std::string(buf).size() <= scientific.size() ? std::string(buf) : scientific;
  }
  return scientific;
}

}  // namespace detail

#if defined(__cpp_lib_to_chars)

std::from_chars_result read_double(const char* first, const char* last, double& value) {
  return std::from_chars(first, last, value);
}

std::string shortest_text(double x) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

#else  // no floating-point charconv (libc++ before 17): the portable forms

std::from_chars_result read_double(const char* first, const char* last, double& value) {
  return detail::read_double_portable(first, last, value);
}

std::string shortest_text(double x) { return detail::shortest_text_portable(x); }

#endif

std::optional<double> finite_number(std::string_view text) {
  double v = 0.0;
  const auto r = read_double(text.data(), text.data() + text.size(), v);
  if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace nmsim
