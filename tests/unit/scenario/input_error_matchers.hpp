#pragma once
// Shared helpers for tests that check InputError messages and positions.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "core/error.hpp"

namespace nmsim::testing {

// Plain gtest (no gmock): does `text` contain `part`?
inline ::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << text << "\" does not contain \"" << part << "\"";
}

// The InputError thrown by `f`, or a sentinel that fails every position/message assertion.
inline InputError error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e;
  }
  return InputError(SourceMark{"<no error thrown>", -1, -1}, "<none>", "<no error thrown>");
}

}  // namespace nmsim::testing
