#pragma once
// Internal to src/io: small building blocks for writing groups, attributes and datasets
// with the HDF5 C API. Every call checks its status and throws std::runtime_error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "io/hdf5_handle.hpp"
#include "io/hdf5_types.hpp"

namespace nmsim::io::h5 {

// Property lists shared by all objects one writer creates.
struct CreationLists {
  Handle group;    // gcpl: no object timestamps
  Handle dataset;  // dcpl template for small contiguous datasets: no timestamps
};
CreationLists make_creation_lists();

// How a 2-D time-major dataset is stored.
struct MatrixStorage {
  bool compress = false;
  int gzip_level = 4;
};

Handle create_group(hid_t parent, const std::string& name, hid_t gcpl);
// Opens `path` (a/b/c) below `parent`, creating each missing group on the way.
Handle require_groups(hid_t parent, const std::string& path, hid_t gcpl);

void write_attr_string(hid_t obj, const char* name, const std::string& value);
void write_attr_strings(hid_t obj, const char* name, const std::vector<std::string>& values);
void write_attr_f64(hid_t obj, const char* name, double value);
void write_attr_i32(hid_t obj, const char* name, std::int32_t value);
void write_attr_u64(hid_t obj, const char* name, std::uint64_t value);
void write_attr_u64s(hid_t obj, const char* name, const std::vector<std::uint64_t>& values);

// Scalar datasets.
void write_scalar_string(hid_t group, const char* name, const std::string& value, hid_t dcpl);
void write_scalar_u64(hid_t group, const char* name, std::uint64_t value, hid_t dcpl);

// 1-D datasets (possibly empty), contiguous.
void write_strings(hid_t group, const char* name, const std::vector<std::string>& values, hid_t dcpl);
void write_vector_raw(hid_t group, const char* name, const void* data, std::size_t n, hid_t file_type,
                      hid_t mem_type, hid_t dcpl);
template <class T>
void write_vector(hid_t group, const char* name, const std::vector<T>& values, hid_t dcpl) {
  write_vector_raw(group, name, values.data(), values.size(), TypeOf<T>::file_type(), TypeOf<T>::mem_type(), dcpl);
}

// The same 1-D datasets written piece by piece: create_vector makes one of `n` elements of
// `file_type` (utf8_string_type() for strings), write_rows then fills [offset, offset + size).
Handle create_vector(hid_t group, const char* name, hid_t file_type, std::size_t n, hid_t dcpl);
void write_rows_raw(hid_t dset, std::size_t offset, std::size_t count, hid_t mem_type, const void* data);
template <class T>
void write_rows(hid_t dset, std::size_t offset, const std::vector<T>& values) {
  write_rows_raw(dset, offset, values.size(), TypeOf<T>::mem_type(), values.data());
}
void write_rows(hid_t dset, std::size_t offset, const std::vector<std::string>& values);

// 2-D (rows × cols) row-major matrix, chunked along rows (see schema::chunk_shape) and
// written with a single H5Dwrite. Returns the open dataset so the caller can attach
// attributes.
Handle write_matrix_raw(hid_t group, const char* name, const void* data, std::size_t rows, std::size_t cols,
                        std::size_t element_size, hid_t file_type, hid_t mem_type, const MatrixStorage& storage);
template <class T>
Handle write_matrix(hid_t group, const char* name, const std::vector<T>& values, std::size_t rows,
                    std::size_t cols, const MatrixStorage& storage) {
  return write_matrix_raw(group, name, values.data(), rows, cols, sizeof(T), TypeOf<T>::file_type(),
                          TypeOf<T>::mem_type(), storage);
}

}  // namespace nmsim::io::h5
