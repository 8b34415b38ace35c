#pragma once
// Error tiers (see docs/architecture in README):
//  - InputError: the user's input is wrong (scenario, model, command line, output path).
//    Carries where (file:line:column) and which key path; the CLI exits with code 2.
//  - NumericalError: the integration failed (NaN, runaway state, step-size collapse);
//    the CLI exits with code 3 and writes nothing.
//  - IoError: the file system failed (disk full, quota, I/O error) while writing or reading
//    a file that the input itself did not make bad; exit code 4.
//  - NMSIM_CHECK: an always-on check of an internal invariant (a bug if it fires); exit 1.
#include <stdexcept>
#include <string>

namespace nmsim {

struct SourceMark {
  std::string file;  // empty when the value came from the command line
  int line = 0;      // 1-based; 0 = unknown
  int column = 0;    // 1-based; 0 = unknown
  std::string str() const;  // "file:line:column" (omits unknown parts)
};

class InputError : public std::runtime_error {
 public:
  InputError(SourceMark where, std::string key_path, std::string what_expected);
  const SourceMark& where() const noexcept { return where_; }
  const std::string& key_path() const noexcept { return key_path_; }
  const std::string& detail() const noexcept { return detail_; }

 private:
  SourceMark where_;
  std::string key_path_;
  std::string detail_;
};

class NumericalError : public std::runtime_error {
 public:
  NumericalError(double time_s, std::string what_happened);
  double time_s() const noexcept { return time_s_; }

 private:
  double time_s_;
};

class IoError : public std::runtime_error {
 public:
  // "cannot <doing> '<path>': <strerror(err)>", e.g. "cannot write '/data/x.h5': No space left on device".
  IoError(std::string path, int error_number, const std::string& doing);
  const std::string& path() const noexcept { return path_; }
  int error_number() const noexcept { return errno_; }

 private:
  std::string path_;
  int errno_;
};

class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

[[noreturn]] void fail_check(const char* expr, const char* file, int line, const std::string& msg);

}  // namespace nmsim

#define NMSIM_CHECK(cond, msg)                                   \
  do {                                                           \
    if (!(cond)) ::nmsim::fail_check(#cond, __FILE__, __LINE__, (msg)); \
  } while (false)
