#pragma once
// Internal to src/io: the file-system half of "write to a temporary file, then rename".
#include <filesystem>

namespace nmsim::io::atomic {

// Hidden, process-unique name next to `final_path`: ".NAME.tmp-<pid>-<counter>".
std::filesystem::path temp_path_for(const std::filesystem::path& final_path);

// Checks that `final_path` names a file in an existing, writable folder by creating
// `temp_path` exclusively (then leaving it, empty, for HDF5 to take over).
// Throws nmsim::InputError (key "output") with the system's reason if that fails.
void claim_temp_file(const std::filesystem::path& final_path, const std::filesystem::path& temp_path);

// fsync(2) the file, rename(2) it onto `final_path`, then fsync the folder so that the
// new directory entry is durable too. Throws std::runtime_error on failure.
void publish(const std::filesystem::path& temp_path, const std::filesystem::path& final_path);

// The folder that holds `path` ("." for a bare file name).
std::filesystem::path folder_of(const std::filesystem::path& path);

}  // namespace nmsim::io::atomic
