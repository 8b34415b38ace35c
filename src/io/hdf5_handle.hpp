#pragma once
// Internal to src/io: owning wrapper for HDF5 C identifiers and error checking.
// We use the C API directly (not the C++ wrappers) because it lets us pass group/dataset
// creation property lists (e.g. no object timestamps, so equal inputs give equal bytes)
// and check each call where it happens.
//
// HDF5 from Debian is not built thread-safe: everything in src/io must be called from
// one thread at a time.
#include <hdf5.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace nmsim::io::h5 {

// Owns one HDF5 identifier and closes it with the matching H5?close function.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
      closer_ = other.closer_;
    }
    return *this;
  }
  ~Handle() { reset(); }

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  // Closes now, ignoring errors (destructor path).
  void reset() noexcept {
    if (id_ >= 0 && closer_ != nullptr) closer_(id_);
    id_ = H5I_INVALID_HID;
  }
  // Closes now and throws std::runtime_error if HDF5 reports a failure (e.g. the final
  // flush of a file fails).
  void close(const std::string& what);

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

// Turns off HDF5's automatic printing of its error stack to stderr; we report errors
// ourselves. Idempotent and cheap. The first call also tells HDF5 not to clean up at process
// exit: after a failed write (a full disk) HDF5 1.10 keeps the file half-closed, and its exit
// handler then crashes flushing it again. nmsim closes every file it opens itself.
void silence_hdf5_errors();

// What a failed HDF5 call throws; `system_errno` is the errno HDF5's file driver reported
// (e.g. ENOSPC), 0 if the failure was not a system call's.
struct Failure : std::runtime_error {
  Failure(const std::string& what, int err) : std::runtime_error(what), system_errno(err) {}
  int system_errno;
};

// The most useful lines of the current HDF5 error stack, e.g.
// "unable to create file (unable to open file: name = '...', errno = 13, ...)".
std::string hdf5_error_detail();

// Throws Failure("HDF5: <what>: <detail>") if `status` is negative.
void check(herr_t status, const std::string& what);
// Wraps a freshly created/opened identifier; throws as above if it is invalid.
Handle checked(hid_t id, Handle::Closer closer, const std::string& what);

// Convenience constructors for the common identifier kinds.
inline Handle checked_group(hid_t id, const std::string& what) { return checked(id, H5Gclose, what); }
inline Handle checked_dataset(hid_t id, const std::string& what) { return checked(id, H5Dclose, what); }
inline Handle checked_attribute(hid_t id, const std::string& what) { return checked(id, H5Aclose, what); }
inline Handle checked_space(hid_t id, const std::string& what) { return checked(id, H5Sclose, what); }
inline Handle checked_type(hid_t id, const std::string& what) { return checked(id, H5Tclose, what); }
inline Handle checked_plist(hid_t id, const std::string& what) { return checked(id, H5Pclose, what); }

}  // namespace nmsim::io::h5
