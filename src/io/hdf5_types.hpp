#pragma once
// Internal to src/io: the file and memory HDF5 types used for each C++ element type, and
// the variable-length UTF-8 string type used for every string in the format.
#include <hdf5.h>

#include <cstddef>
#include <cstdint>

#include "io/hdf5_handle.hpp"

namespace nmsim::io::h5 {

template <class T>
struct TypeOf;  // file_type(): little-endian on disk; mem_type(): native in memory
template <>
struct TypeOf<float> {
  static hid_t file_type() { return H5T_IEEE_F32LE; }
  static hid_t mem_type() { return H5T_NATIVE_FLOAT; }
};
template <>
struct TypeOf<double> {
  static hid_t file_type() { return H5T_IEEE_F64LE; }
  static hid_t mem_type() { return H5T_NATIVE_DOUBLE; }
};
template <>
struct TypeOf<std::uint16_t> {
  static hid_t file_type() { return H5T_STD_U16LE; }
  static hid_t mem_type() { return H5T_NATIVE_UINT16; }
};
template <>
struct TypeOf<std::int32_t> {
  static hid_t file_type() { return H5T_STD_I32LE; }
  static hid_t mem_type() { return H5T_NATIVE_INT32; }
};
template <>
struct TypeOf<std::int64_t> {
  static hid_t file_type() { return H5T_STD_I64LE; }
  static hid_t mem_type() { return H5T_NATIVE_INT64; }
};
template <>
struct TypeOf<std::uint64_t> {
  static hid_t file_type() { return H5T_STD_U64LE; }
  static hid_t mem_type() { return H5T_NATIVE_UINT64; }
};

// Variable-length, NUL-terminated, UTF-8 string type (h5py maps it to str).
Handle utf8_string_type();

// Transfer property list for a read/write of `n_elements` values that needs type
// conversion (variable-length strings always do). HDF5 otherwise callocs a 1 MiB
// conversion and a 1 MiB background buffer on every such call, which dominated the
// cost of writing a trial's small string tables.
Handle conversion_transfer_list(std::size_t n_elements);

}  // namespace nmsim::io::h5
