#include "io/hdf5_types.hpp"

#include <algorithm>

namespace nmsim::io::h5 {

Handle utf8_string_type() {
  Handle type = checked_type(H5Tcopy(H5T_C_S1), "copy string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), "make string type variable-length");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set string type to UTF-8");
  return type;
}

Handle conversion_transfer_list(std::size_t n_elements) {
  // 16 bytes covers the widest element we convert (an hvl_t-sized vlen string); the
  // floor keeps tiny tables from degenerating into element-by-element conversion.
  constexpr std::size_t kMaxElementBytes = 16, kMinBytes = 4096, kMaxBytes = 1 << 20;
  const std::size_t bytes = std::clamp(n_elements * kMaxElementBytes, kMinBytes, kMaxBytes);
  Handle dxpl = checked_plist(H5Pcreate(H5P_DATASET_XFER), "create transfer property list");
  check(H5Pset_buffer(dxpl.get(), bytes, nullptr, nullptr), "set conversion buffer size");
  return dxpl;
}

}  // namespace nmsim::io::h5
