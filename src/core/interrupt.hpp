#pragma once
// Cooperative stop requests (Ctrl-C, SIGTERM). A signal handler may only set a flag; the
// integration loop polls it and unwinds with Interrupted, so every RAII owner (notably the
// HDF5 writer's temporary file) cleans up on the way out.
#include <stdexcept>

namespace nmsim {

class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

void request_stop() noexcept;  // async-signal-safe
bool stop_requested() noexcept;
void clear_stop_request() noexcept;  // for library users that continue after an interruption
void throw_if_stop_requested();

}  // namespace nmsim
