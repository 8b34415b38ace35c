#include "io/text_output.hpp"

#include <fstream>
#include <stdexcept>
#include <system_error>

#include "io/atomic_file.hpp"

namespace nmsim::io {

void write_text_file(const std::filesystem::path& path, const std::string& text) {
  const auto temp = atomic::temp_path_for(path);
  atomic::claim_temp_file(path, temp);
  try {
    {
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
      out.flush();
      if (!out) throw std::runtime_error("cannot write '" + temp.string() + "'");
    }
    atomic::publish(temp, path);
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(temp, ec);
    throw;
  }
}

}  // namespace nmsim::io
