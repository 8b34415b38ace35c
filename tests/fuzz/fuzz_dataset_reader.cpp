// libFuzzer target: a dataset file as `nmsim inspect` and `nmsim merge` read it. Damage must be
// found by the whole-file checksum before HDF5 parses the file, and end in InputError.
// Files without an nmsim checksum go to HDF5 unverified; libhdf5's own parser is not what this
// target fuzzes (it is known to crash on some malformed files), so those inputs stop here.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli/inspect.hpp"
#include "core/error.hpp"
#include "io/dataset_reader.hpp"
#include "io/file_checksum.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fs = std::filesystem;
  static const fs::path file = fs::temp_directory_path() / ("nmsim-fuzz-dataset-" + std::to_string(::getpid()) + ".h5");
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  if (nmsim::io::check_seal(file).status == nmsim::io::SealCheck::Status::absent) return 0;
  try {
    (void)nmsim::cli::summarize_dataset(file);
    const nmsim::io::DatasetReader r(file);
    for (std::uint64_t i : r.trial_indices()) (void)r.read_trial(i);
    if (r.has_index()) (void)r.read_index();
  } catch (const nmsim::InputError&) {
  } catch (const std::runtime_error&) {  // damage inside a verified file: reported, not crashed on
  }
  return 0;
}
