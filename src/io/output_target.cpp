#include "io/output_target.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <string>
#include <system_error>

#include "core/error.hpp"
#include "io/hdf5_read.hpp"
#include "io/schema.hpp"

namespace nmsim::io {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void refuse(const fs::path& output, const std::string& why) {
  throw InputError(SourceMark{output.string(), 0, 0}, "output", why);
}

const char* kind_name(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

}  // namespace

bool is_nmsim_dataset(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return false;
  h5::silence_hdf5_errors();
  if (H5Fis_hdf5(path.c_str()) <= 0) return false;
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) return false;
  const h5::Handle handle(file, H5Fclose);
  try {
    return h5::has_attr(file, schema::kAttrFormat) && h5::read_attr_string(file, schema::kAttrFormat) == schema::kFormatName;
  } catch (const std::exception&) {
    return false;
  }
}

void check_output_target(const fs::path& output, const std::vector<NamedInput>& inputs, bool force, const OwnOutput& own) {
  struct stat st {};
  if (::lstat(output.c_str(), &st) != 0) {
    if (errno == ENOENT) return;  // a new file; the folder is checked when the file is created
    refuse(output, "cannot check the output name: " + std::generic_category().message(errno));
  }
  if (S_ISLNK(st.st_mode)) {
    std::error_code ec;
    const fs::path target = fs::read_symlink(output, ec);
    refuse(output, "is a symbolic link" + (ec ? std::string() : " to '" + target.string() + "'") +
                       "; nmsim replaces the file at the output name, which would replace the link, not its "
                       "target: give the target's own path");
  }
  if (!S_ISREG(st.st_mode))
    refuse(output, std::string("is ") + kind_name(st.st_mode) + "; nmsim only writes to a new name or replaces a regular file");
  for (const auto& in : inputs) {
    std::error_code ec;
    if (fs::equivalent(output, in.path, ec))
      refuse(output, std::string("is also the ") + in.role + " file '" + in.path.string() +
                         "' of this command; choose another output name");
  }
  if (!force && !own.test(output))
    refuse(output, std::string("exists and is not ") + own.name +
                       "; nmsim replaces only its own files unless --force is given");
}

}  // namespace nmsim::io
