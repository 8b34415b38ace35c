// The strtod/printf number forms the WebAssembly build uses (its libc++ has no floating-point
// charconv) agree with the standard library's from_chars/to_chars, which the native build uses:
// same text for every double, same value and same errors for every text.
#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/number_text.hpp"

namespace nmsim {
namespace {

std::string standard_text(double x) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

std::vector<double> sample_doubles() {
  std::vector<double> xs = {0.0, -0.0, 1.0, -1.0, 0.25, 0.1, 1e-5, 1e-4, 1e5, 123456.0, 1e21, 1e22, 1e23, 2.5357,
                            6.0e-6, 3.0e-6, 0.0025, 47.1, 5e-324, 2.2250738585072014e-308,
                            std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(),
                            std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {  // uniformly random bit patterns: every exponent
    const std::uint64_t bits = rng();
    double x;
    std::memcpy(&x, &bits, sizeof x);
    if (!std::isnan(x)) xs.push_back(x);
  }
  std::uniform_real_distribution<double> u(-10.0, 10.0);
  for (int i = 0; i < 5000; ++i) xs.push_back(std::round(u(rng) * 1e4) / 1e4);  // typed-looking values
  return xs;
}

TEST(NumberText, PortableShortestTextIsToCharsText) {
  for (double x : sample_doubles()) ASSERT_EQ(detail::shortest_text_portable(x), standard_text(x)) << x;
  EXPECT_EQ(shortest_text(0.25), "0.25");
  EXPECT_EQ(shortest_text(1e-5), "1e-05");
  EXPECT_EQ(shortest_text(std::nan("")), standard_text(std::nan("")));
}

TEST(NumberText, PortableReadingIsFromChars) {
  std::vector<std::string> texts = {"0", "-0", "1", "0.25", "1e-05", "1E5", "2.5357", ".5", "5.", "-7.25e+3", "inf",
                                    "-inf", "nan", "infinity", "1e400", "-1e400", "1e-400", "4.9e-324", "2e-320",
                                    "", "+1", " 1", "0x10", "-0x1p3", "abc", "1.5abc", "e5", "-", "1e", "1e+"};
  for (double x : sample_doubles()) texts.push_back(standard_text(x));
  for (const auto& t : texts) {
    double want = -12345.0, got = -12345.0;
    const auto a = std::from_chars(t.data(), t.data() + t.size(), want);
    const auto b = detail::read_double_portable(t.data(), t.data() + t.size(), got);
    ASSERT_EQ(static_cast<int>(b.ec), static_cast<int>(a.ec)) << "'" << t << "'";
    if (a.ec == std::errc{}) {
      ASSERT_EQ(b.ptr - t.data(), a.ptr - t.data()) << "'" << t << "'";
      if (std::isnan(want)) {
        ASSERT_TRUE(std::isnan(got)) << t;
      } else {
        ASSERT_EQ(std::memcmp(&got, &want, sizeof got), 0) << "'" << t << "': " << got << " vs " << want;
      }
    }
  }
}

TEST(NumberText, FiniteNumberIsTheWholeTextAsAFiniteDouble) {
  EXPECT_EQ(finite_number("0.04"), 0.04);
  EXPECT_EQ(finite_number("-3e2"), -300.0);
  EXPECT_FALSE(finite_number(""));
  EXPECT_FALSE(finite_number("+1"));
  EXPECT_FALSE(finite_number("1 "));
  EXPECT_FALSE(finite_number("inf"));
  EXPECT_FALSE(finite_number("nan"));
  EXPECT_FALSE(finite_number("1e400"));
}

}  // namespace
}  // namespace nmsim
