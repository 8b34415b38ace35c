#pragma once
// Internal to src/io: the file-system half of "write to a temporary file, then rename".
#include <filesystem>

namespace nmsim::io::atomic {

// Hidden, process-unique name next to `final_path`: ".NAME.tmp-<pid>-<counter>".
std::filesystem::path temp_path_for(const std::filesystem::path& final_path);

// Checks that `final_path` names a file in an existing, writable folder by creating
// `temp_path` exclusively (then leaving it, empty, for HDF5 to take over).
// Throws nmsim::InputError (key "output") with the system's reason if that fails.
// InputError (as claim_temp_file) unless a file can be created next to final_path; leaves nothing.
void check_output_writable(const std::filesystem::path& final_path);
void claim_temp_file(const std::filesystem::path& final_path, const std::filesystem::path& temp_path);

// fsync(2) the file, rename(2) it onto `final_path`, then fsync the folder so that the
// new directory entry is durable too. Throws nmsim::IoError on failure.
// Renames temp onto final. With `durable`, the file and its folder are fsynced too, so the
// result survives power loss; without, it survives a killed process (the page cache persists).
void publish(const std::filesystem::path& temp_path, const std::filesystem::path& final_path, bool durable = true);

// The folder that holds `path` ("." for a bare file name).
std::filesystem::path folder_of(const std::filesystem::path& path);

}  // namespace nmsim::io::atomic
