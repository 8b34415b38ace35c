#include "core/error.hpp"

#include <sstream>
#include <system_error>

namespace nmsim {

std::string SourceMark::str() const {
  std::ostringstream out;
  out << (file.empty() ? "<command line>" : file);
  if (line > 0) {
    out << ':' << line;
    if (column > 0) out << ':' << column;
  }
  return out.str();
}

namespace {
std::string format_input_error(const SourceMark& where, const std::string& key, const std::string& detail) {
  std::string msg = where.str() + ": ";
  if (!key.empty()) msg += "key '" + key + "': ";
  return msg + detail;
}
}  // namespace

InputError::InputError(SourceMark where, std::string key_path, std::string what_expected)
    : std::runtime_error(format_input_error(where, key_path, what_expected)),
      where_(std::move(where)),
      key_path_(std::move(key_path)),
      detail_(std::move(what_expected)) {}

NumericalError::NumericalError(double time_s, std::string what_happened)
    : std::runtime_error("numerical failure at t = " + std::to_string(time_s) + " s: " + what_happened),
      time_s_(time_s) {}

IoError::IoError(std::string path, int error_number, const std::string& doing)
    : std::runtime_error("cannot " + doing + " '" + path + "': " + std::generic_category().message(error_number)),
      path_(std::move(path)),
      errno_(error_number) {}

void fail_check(const char* expr, const char* file, int line, const std::string& msg) {
  std::ostringstream out;
  out << "internal error: check '" << expr << "' failed at " << file << ':' << line << ": " << msg;
  throw InternalError(out.str());
}

}  // namespace nmsim
