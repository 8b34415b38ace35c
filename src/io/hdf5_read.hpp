#pragma once
// Internal to src/io: building blocks for reading groups, attributes and datasets with
// the HDF5 C API. Numeric reads convert to the requested C++ type; string reads accept
// variable-length and fixed-length strings. Failures throw std::runtime_error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "io/hdf5_handle.hpp"
#include "io/hdf5_types.hpp"

namespace nmsim::io::h5 {

enum class ObjectKind { missing, group, dataset, other };
// What `path` (a/b/c, relative to `parent`) names, without failing on missing parts.
ObjectKind kind_of(hid_t parent, const std::string& path);
Handle open_group(hid_t parent, const std::string& path);
Handle open_dataset(hid_t parent, const std::string& path);
// Names of the direct members of a group, in HDF5's (alphabetical) order.
std::vector<std::string> member_names(hid_t group);

bool has_attr(hid_t obj, const char* name);
std::string read_attr_string(hid_t obj, const char* name);
std::vector<std::string> read_attr_strings(hid_t obj, const char* name);
double read_attr_f64(hid_t obj, const char* name);
std::int64_t read_attr_i64(hid_t obj, const char* name);
std::uint64_t read_attr_u64(hid_t obj, const char* name);
// A 1-D attribute of at most max_values unsigned integers (std::runtime_error otherwise).
std::vector<std::uint64_t> read_attr_u64s(hid_t obj, const char* name, std::size_t max_values);

std::string read_scalar_string(hid_t group, const char* name);
std::uint64_t read_scalar_u64(hid_t group, const char* name);
std::vector<std::string> read_strings(hid_t group, const char* name);

// Dimensions of a dataset's dataspace.
std::vector<std::size_t> dataset_dims(hid_t dataset);

// Throws std::runtime_error naming the dataset if it does not have `rank` dimensions.
void require_rank(hid_t dataset, const std::vector<std::size_t>& dims, std::size_t rank);
void read_all_raw(hid_t dataset, hid_t mem_type, void* buffer);
// Before allocating for a read: throws std::runtime_error if the dataset declares more elements
// than its stored bytes can hold (an unfiltered dataset stores every byte it declares; a
// compressed one at most ~1000:1) or more than this machine's memory could hold, so that a small
// file cannot make a reader allocate gigabytes.
void check_declared_size(hid_t dataset, std::size_t elements);
// A 1-D dataset, converted to T.
template <class T>
std::vector<T> read_vector(hid_t group, const char* name) {
  const Handle dset = open_dataset(group, name);
  const auto dims = dataset_dims(dset.get());
  require_rank(dset.get(), dims, 1);
  check_declared_size(dset.get(), dims[0]);
  std::vector<T> out(dims[0]);
  if (!out.empty()) read_all_raw(dset.get(), TypeOf<T>::mem_type(), out.data());
  return out;
}

// A 2-D dataset (rows × cols), row-major, converted to T.
template <class T>
std::vector<T> read_matrix(hid_t dataset, std::size_t& rows, std::size_t& cols) {
  const auto dims = dataset_dims(dataset);
  require_rank(dataset, dims, 2);
  rows = dims[0];
  cols = dims[1];
  if (cols != 0 && rows > SIZE_MAX / cols) throw std::runtime_error("a dataset declares more elements than can be addressed");
  check_declared_size(dataset, rows * cols);
  std::vector<T> out(rows * cols);
  if (!out.empty()) read_all_raw(dataset, TypeOf<T>::mem_type(), out.data());
  return out;
}

}  // namespace nmsim::io::h5
