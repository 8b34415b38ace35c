#include "io/hdf5_handle.hpp"

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace nmsim::io::h5 {

void Handle::close(const std::string& what) {
  if (id_ < 0) return;
  const hid_t id = std::exchange(id_, H5I_INVALID_HID);
  check(closer_(id), what);
}

void silence_hdf5_errors() {
  static const bool once = [] {
    H5dont_atexit();  // before any other HDF5 call, or it has no effect
    return true;
  }();
  (void)once;
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

namespace {
// HDF5's POSIX driver reports "..., errno = 28, error message = 'No space left on device', ...".
herr_t find_errno(unsigned, const H5E_error2_t* err, void* out) {
  if (err->desc == nullptr) return 0;
  const char* at = std::strstr(err->desc, "errno = ");
  if (at != nullptr) *static_cast<int*>(out) = std::atoi(at + 8);
  return 0;
}

herr_t collect_description(unsigned /*n*/, const H5E_error2_t* err, void* out) {
  if (err->desc != nullptr && err->desc[0] != '\0')
    static_cast<std::vector<std::string>*>(out)->emplace_back(err->desc);
  return 0;
}
}  // namespace

std::string hdf5_error_detail() {
  // Walking downward lists the API-level message first and the innermost cause last;
  // together they usually say what failed and why (errno text for file-system errors).
  std::vector<std::string> lines;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect_description, &lines);
  if (lines.empty()) return "no details from HDF5";
  if (lines.size() == 1 || lines.front() == lines.back()) return lines.front();
  return lines.front() + " (" + lines.back() + ")";
}

namespace {
[[noreturn]] void fail(const std::string& what) {
  int err = 0;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, find_errno, &err);
  throw Failure("HDF5: " + what + ": " + hdf5_error_detail(), err);
}
}  // namespace

void check(herr_t status, const std::string& what) {
  if (status < 0) fail(what);
}

Handle checked(hid_t id, Handle::Closer closer, const std::string& what) {
  if (id < 0) fail(what);
  return Handle(id, closer);
}

}  // namespace nmsim::io::h5
