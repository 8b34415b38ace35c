#include "io/hdf5_write.hpp"

#include <algorithm>

#include "io/schema.hpp"

namespace nmsim::io::h5 {

namespace {

std::string quoted(const char* name) { return std::string("'") + name + "'"; }

Handle scalar_space() { return checked_space(H5Screate(H5S_SCALAR), "create scalar dataspace"); }

Handle simple_space(std::initializer_list<hsize_t> dims) {
  return checked_space(H5Screate_simple(static_cast<int>(dims.size()), dims.begin(), nullptr),
                       "create dataspace");
}

std::vector<const char*> c_strings(const std::vector<std::string>& values) {
  std::vector<const char*> ptrs;
  ptrs.reserve(values.size());
  for (const auto& v : values) ptrs.push_back(v.c_str());
  return ptrs;
}

void write_attr_raw(hid_t obj, const char* name, hid_t file_type, hid_t space, hid_t mem_type, const void* data,
                    bool empty = false) {
  Handle attr = checked_attribute(H5Acreate2(obj, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT),
                                  "create attribute " + quoted(name));
  // An empty array attribute (e.g. no channels) is created but not written: H5Awrite
  // rejects the null buffer an empty vector has.
  if (!empty) check(H5Awrite(attr.get(), mem_type, data), "write attribute " + quoted(name));
}

template <class T>
void write_attr_scalar(hid_t obj, const char* name, T value) {
  write_attr_raw(obj, name, TypeOf<T>::file_type(), scalar_space().get(), TypeOf<T>::mem_type(), &value);
}

}  // namespace

CreationLists make_creation_lists() {
  CreationLists lists;
  lists.group = checked_plist(H5Pcreate(H5P_GROUP_CREATE), "create group property list");
  check(H5Pset_obj_track_times(lists.group.get(), false), "disable group timestamps");
  // Tracking creation order makes HDF5 use compact (1.8-style) groups, ~1 KiB smaller each
  // than the earliest-format symbol tables, and lets h5py list members in written order.
  check(H5Pset_link_creation_order(lists.group.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "track link creation order");
  lists.dataset = checked_plist(H5Pcreate(H5P_DATASET_CREATE), "create dataset property list");
  check(H5Pset_obj_track_times(lists.dataset.get(), false), "disable dataset timestamps");
  return lists;
}

Handle create_group(hid_t parent, const std::string& name, hid_t gcpl) {
  return checked_group(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT),
                       "create group '" + name + "'");
}

Handle require_groups(hid_t parent, const std::string& path, hid_t gcpl) {
  Handle current;
  hid_t at = parent;
  std::size_t begin = 0;
  while (begin < path.size()) {
    const std::size_t end = std::min(path.find('/', begin), path.size());
    const std::string part = path.substr(begin, end - begin);
    const htri_t exists = H5Lexists(at, part.c_str(), H5P_DEFAULT);
    check(exists, "look up '" + part + "'");
    Handle next = exists > 0 ? checked_group(H5Gopen2(at, part.c_str(), H5P_DEFAULT), "open group '" + part + "'")
                             : create_group(at, part, gcpl);
    current = std::move(next);
    at = current.get();
    begin = end + 1;
  }
  return current;
}

void write_attr_string(hid_t obj, const char* name, const std::string& value) {
  const Handle type = utf8_string_type();
  const char* ptr = value.c_str();
  write_attr_raw(obj, name, type.get(), scalar_space().get(), type.get(), &ptr);
}

void write_attr_strings(hid_t obj, const char* name, const std::vector<std::string>& values) {
  const Handle type = utf8_string_type();
  const auto ptrs = c_strings(values);
  write_attr_raw(obj, name, type.get(), simple_space({values.size()}).get(), type.get(), ptrs.data(),
                 values.empty());
}

void write_attr_f64(hid_t obj, const char* name, double value) { write_attr_scalar(obj, name, value); }
void write_attr_i32(hid_t obj, const char* name, std::int32_t value) { write_attr_scalar(obj, name, value); }
void write_attr_u64(hid_t obj, const char* name, std::uint64_t value) { write_attr_scalar(obj, name, value); }
void write_attr_u64s(hid_t obj, const char* name, const std::vector<std::uint64_t>& values) {
  write_attr_raw(obj, name, TypeOf<std::uint64_t>::file_type(), simple_space({values.size()}).get(),
                 TypeOf<std::uint64_t>::mem_type(), values.data(), values.empty());
}

namespace {
Handle create_dataset(hid_t group, const char* name, hid_t file_type, hid_t space, hid_t dcpl) {
  return checked_dataset(H5Dcreate2(group, name, file_type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT),
                         "create dataset " + quoted(name));
}

void write_dataset(hid_t group, const char* name, hid_t file_type, hid_t space, hid_t mem_type, const void* data,
                   std::size_t n_elements, hid_t dcpl) {
  Handle dset = create_dataset(group, name, file_type, space, dcpl);
  // Zero-element writes are skipped: there is nothing to store and some HDF5 versions
  // reject a null buffer.
  if (n_elements == 0) return;
  const Handle dxpl = conversion_transfer_list(n_elements);
  check(H5Dwrite(dset.get(), mem_type, H5S_ALL, H5S_ALL, dxpl.get(), data), "write dataset " + quoted(name));
}
}  // namespace

void write_scalar_string(hid_t group, const char* name, const std::string& value, hid_t dcpl) {
  const Handle type = utf8_string_type();
  const char* ptr = value.c_str();
  write_dataset(group, name, type.get(), scalar_space().get(), type.get(), &ptr, 1, dcpl);
}

void write_scalar_u64(hid_t group, const char* name, std::uint64_t value, hid_t dcpl) {
  write_dataset(group, name, TypeOf<std::uint64_t>::file_type(), scalar_space().get(),
                TypeOf<std::uint64_t>::mem_type(), &value, 1, dcpl);
}

void write_strings(hid_t group, const char* name, const std::vector<std::string>& values, hid_t dcpl) {
  const Handle type = utf8_string_type();
  const auto ptrs = c_strings(values);
  write_dataset(group, name, type.get(), simple_space({values.size()}).get(), type.get(), ptrs.data(),
                values.size(), dcpl);
}

void write_vector_raw(hid_t group, const char* name, const void* data, std::size_t n, hid_t file_type,
                      hid_t mem_type, hid_t dcpl) {
  write_dataset(group, name, file_type, simple_space({n}).get(), mem_type, data, n, dcpl);
}

Handle create_vector(hid_t group, const char* name, hid_t file_type, std::size_t n, hid_t dcpl) {
  return create_dataset(group, name, file_type, simple_space({n}).get(), dcpl);
}

void write_rows_raw(hid_t dset, std::size_t offset, std::size_t count, hid_t mem_type, const void* data) {
  if (count == 0) return;  // as above: nothing to store
  const Handle file_space = checked_space(H5Dget_space(dset), "get dataspace");
  const hsize_t start = offset, n = count;
  check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &start, nullptr, &n, nullptr), "select rows");
  const Handle dxpl = conversion_transfer_list(count);
  check(H5Dwrite(dset, mem_type, simple_space({count}).get(), file_space.get(), dxpl.get(), data),
        "write rows " + std::to_string(offset) + ".." + std::to_string(offset + count));
}

void write_rows(hid_t dset, std::size_t offset, const std::vector<std::string>& values) {
  const Handle type = utf8_string_type();
  write_rows_raw(dset, offset, values.size(), type.get(), c_strings(values).data());
}

Handle write_matrix_raw(hid_t group, const char* name, const void* data, std::size_t rows, std::size_t cols,
                        std::size_t element_size, hid_t file_type, hid_t mem_type, const MatrixStorage& storage) {
  Handle dcpl = checked_plist(H5Pcreate(H5P_DATASET_CREATE), "create dataset property list");
  check(H5Pset_obj_track_times(dcpl.get(), false), "disable dataset timestamps");
  // Chunk only when it helps: data that fits in one chunk is stored contiguously (a
  // one-chunk B-tree costs ~2.5 KiB per dataset and buys nothing) unless filters need chunks.
  const auto chunk = schema::chunk_shape(rows, cols, element_size);
  if (chunk && (storage.compress || chunk->rows < rows || chunk->cols < cols)) {
    const hsize_t dims[2] = {chunk->rows, chunk->cols};
    check(H5Pset_chunk(dcpl.get(), 2, dims), "set chunk shape of " + quoted(name));
    if (storage.compress) {
      // Shuffle groups the bytes of each value so gzip finds the slowly varying high
      // bytes of neighbouring samples.
      check(H5Pset_shuffle(dcpl.get()), "enable shuffle filter on " + quoted(name));
      check(H5Pset_deflate(dcpl.get(), static_cast<unsigned>(storage.gzip_level)),
            "enable gzip filter on " + quoted(name));
    }
  }
  Handle space = simple_space({rows, cols});
  Handle dset = checked_dataset(H5Dcreate2(group, name, file_type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                                "create dataset " + quoted(name));
  if (rows * cols > 0)
    check(H5Dwrite(dset.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write dataset " + quoted(name));
  return dset;
}

}  // namespace nmsim::io::h5
