#pragma once
// What an output name may be replaced by nmsim (run -o, merge -o, export -o): nothing that
// would destroy something the user did not ask to lose.
//  - It must be absent or a regular file. Devices, FIFOs, sockets and folders are refused,
//    and so is a symbolic link: the rename that publishes a file would replace the link
//    itself, not its target, so nmsim asks for the target's own path instead.
//  - It must not be any of the command's inputs (scenario, model, shard files), whatever
//    path or link they were named by.
//  - An existing file that is not nmsim's own kind of output (an nmsim dataset, or for
//    export-mat a MAT file nmsim exported) is replaced only with `force`.
// Throws nmsim::InputError (key "output", location = the output path).
#include <filesystem>
#include <vector>

namespace nmsim::io {

struct NamedInput {
  std::filesystem::path path;
  const char* role;  // "scenario", "model", "shard", ...: named in the message
};

// True if `path` is a regular file that opens as an nmsim dataset (root attribute format = "nmsim").
bool is_nmsim_dataset(const std::filesystem::path& path);

// Which existing files a command may replace without `force`.
struct OwnOutput {
  bool (*test)(const std::filesystem::path&);
  const char* name;  // for the message: "an nmsim dataset"
};
inline constexpr OwnOutput kNmsimDataset{is_nmsim_dataset, "an nmsim dataset"};

void check_output_target(const std::filesystem::path& output, const std::vector<NamedInput>& inputs, bool force,
                         const OwnOutput& own = kNmsimDataset);

}  // namespace nmsim::io
