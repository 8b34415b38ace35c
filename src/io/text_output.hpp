#pragma once
// Small text outputs (detection CSVs, score reports) written atomically like the datasets:
// a hidden temporary file beside the target, flushed and renamed onto it.
#include <filesystem>
#include <string>

namespace nmsim::io {

// Throws nmsim::InputError (key "output") if the folder is missing or not writable.
void write_text_file(const std::filesystem::path& path, const std::string& text);

}  // namespace nmsim::io
