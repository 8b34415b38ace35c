#include "io/hdf5_read.hpp"

#include <unistd.h>

#include <algorithm>
#include <stdexcept>

namespace nmsim::io::h5 {

namespace {

std::string quoted(const std::string& name) { return "'" + name + "'"; }

std::string object_name(hid_t obj) {
  char buf[512];
  const ssize_t n = H5Iget_name(obj, buf, sizeof buf);
  return n > 0 ? std::string(buf) : std::string("<unnamed>");
}

// Reads every string of an attribute or dataset (scalar or 1-D), whatever its string
// storage (variable or fixed length).
struct StringSource {
  hid_t id;
  bool is_attribute;
  Handle type() const {
    return checked_type(is_attribute ? H5Aget_type(id) : H5Dget_type(id), "get type of " + object_name(id));
  }
  Handle space() const {
    return checked_space(is_attribute ? H5Aget_space(id) : H5Dget_space(id), "get dataspace of " + object_name(id));
  }
  herr_t read(hid_t mem_type, void* buf, std::size_t n) const {
    if (is_attribute) return H5Aread(id, mem_type, buf);
    const Handle dxpl = conversion_transfer_list(n);
    return H5Dread(id, mem_type, H5S_ALL, H5S_ALL, dxpl.get(), buf);
  }
};

std::vector<std::string> read_string_values(const StringSource& src, const std::string& what) {
  const Handle file_type = src.type();
  if (H5Tget_class(file_type.get()) != H5T_STRING) throw std::runtime_error(what + " does not hold strings");
  const Handle space = src.space();
  const hssize_t n_points = H5Sget_simple_extent_npoints(space.get());
  check(static_cast<herr_t>(n_points < 0 ? -1 : 0), "count values of " + what);
  const auto n = static_cast<std::size_t>(n_points);
  std::vector<std::string> out;
  out.reserve(n);
  if (n == 0) return out;

  const htri_t variable = H5Tis_variable_str(file_type.get());
  check(variable, "inspect string type of " + what);
  if (variable > 0) {
    const Handle mem_type = utf8_string_type();
    std::vector<char*> ptrs(n, nullptr);
    check(src.read(mem_type.get(), ptrs.data(), n), "read " + what);
    for (char* p : ptrs) out.emplace_back(p != nullptr ? p : "");
#if H5_VERSION_GE(1, 12, 0)
    H5Treclaim(mem_type.get(), space.get(), H5P_DEFAULT, ptrs.data());
#else
    H5Dvlen_reclaim(mem_type.get(), space.get(), H5P_DEFAULT, ptrs.data());
#endif
    return out;
  }
  const std::size_t width = H5Tget_size(file_type.get());
  std::vector<char> buf(n * width);
  check(src.read(file_type.get(), buf.data(), n), "read " + what);
  for (std::size_t i = 0; i < n; ++i) {
    std::string s(buf.data() + i * width, width);
    s.erase(s.find_last_not_of(std::string("\0 ", 2)) + 1);  // drop NUL/space padding
    out.push_back(std::move(s));
  }
  return out;
}

Handle open_attr(hid_t obj, const char* name) {
  return checked_attribute(H5Aopen(obj, name, H5P_DEFAULT),
                           "open attribute " + quoted(name) + " of " + object_name(obj));
}

template <class T>
T read_attr_scalar(hid_t obj, const char* name) {
  const Handle attr = open_attr(obj, name);
  const Handle space = checked_space(H5Aget_space(attr.get()), "get dataspace of attribute " + quoted(name));
  if (H5Sget_simple_extent_npoints(space.get()) != 1)
    throw std::runtime_error("attribute " + quoted(name) + " of " + object_name(obj) + " is not a single value");
  T value{};
  check(H5Aread(attr.get(), TypeOf<T>::mem_type(), &value), "read attribute " + quoted(name));
  return value;
}

}  // namespace

ObjectKind kind_of(hid_t parent, const std::string& path) {
  // Check each prefix: H5Lexists fails (rather than returning false) on a missing parent.
  for (std::size_t end = path.find('/'); ; end = path.find('/', end + 1)) {
    const std::string prefix = path.substr(0, end);
    if (H5Lexists(parent, prefix.c_str(), H5P_DEFAULT) <= 0) return ObjectKind::missing;
    if (end == std::string::npos) break;
  }
  const hid_t obj = H5Oopen(parent, path.c_str(), H5P_DEFAULT);
  if (obj < 0) return ObjectKind::missing;  // e.g. a dangling soft link
  const H5I_type_t type = H5Iget_type(obj);
  H5Oclose(obj);
  return type == H5I_GROUP ? ObjectKind::group : type == H5I_DATASET ? ObjectKind::dataset : ObjectKind::other;
}

Handle open_group(hid_t parent, const std::string& path) {
  return checked_group(H5Gopen2(parent, path.c_str(), H5P_DEFAULT),
                       "open group " + quoted(path) + " in " + object_name(parent));
}

Handle open_dataset(hid_t parent, const std::string& path) {
  return checked_dataset(H5Dopen2(parent, path.c_str(), H5P_DEFAULT),
                         "open dataset " + quoted(path) + " in " + object_name(parent));
}

namespace {
herr_t collect_name(hid_t, const char* name, const H5L_info_t*, void* out) {
  static_cast<std::vector<std::string>*>(out)->emplace_back(name);
  return 0;
}
}  // namespace

std::vector<std::string> member_names(hid_t group) {
  // One iteration pass: looking names up by index re-sorts the group's links on every call,
  // which is quadratic for a /trials group of thousands of trials.
  std::vector<std::string> names;
  check(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_name, &names), "list " + object_name(group));
  return names;
}

bool has_attr(hid_t obj, const char* name) {
  const htri_t exists = H5Aexists(obj, name);
  check(exists, "look up attribute " + quoted(name));
  return exists > 0;
}

std::string read_attr_string(hid_t obj, const char* name) {
  const Handle attr = open_attr(obj, name);
  auto values = read_string_values({attr.get(), true}, "attribute " + quoted(name) + " of " + object_name(obj));
  if (values.size() != 1)
    throw std::runtime_error("attribute " + quoted(name) + " of " + object_name(obj) + " is not a single string");
  return std::move(values.front());
}

std::vector<std::string> read_attr_strings(hid_t obj, const char* name) {
  const Handle attr = open_attr(obj, name);
  return read_string_values({attr.get(), true}, "attribute " + quoted(name) + " of " + object_name(obj));
}

double read_attr_f64(hid_t obj, const char* name) { return read_attr_scalar<double>(obj, name); }
std::int64_t read_attr_i64(hid_t obj, const char* name) { return read_attr_scalar<std::int64_t>(obj, name); }
std::uint64_t read_attr_u64(hid_t obj, const char* name) { return read_attr_scalar<std::uint64_t>(obj, name); }

std::vector<std::uint64_t> read_attr_u64s(hid_t obj, const char* name, std::size_t max_values) {
  const Handle attr = open_attr(obj, name);
  const Handle space = checked_space(H5Aget_space(attr.get()), "get dataspace of attribute " + quoted(name));
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  if (n < 0 || static_cast<std::uint64_t>(n) > max_values)
    throw std::runtime_error("attribute " + quoted(name) + " of " + object_name(obj) + " has " + std::to_string(n) +
                             " values; at most " + std::to_string(max_values) + " expected");
  std::vector<std::uint64_t> values(static_cast<std::size_t>(n));
  if (n > 0) check(H5Aread(attr.get(), TypeOf<std::uint64_t>::mem_type(), values.data()), "read attribute " + quoted(name));
  return values;
}

std::string read_scalar_string(hid_t group, const char* name) {
  const Handle dset = open_dataset(group, name);
  auto values = read_string_values({dset.get(), false}, object_name(dset.get()));
  if (values.size() != 1) throw std::runtime_error(object_name(dset.get()) + " is not a single string");
  return std::move(values.front());
}

std::uint64_t read_scalar_u64(hid_t group, const char* name) {
  const Handle dset = open_dataset(group, name);
  std::uint64_t value = 0;
  if (H5Sget_simple_extent_npoints(checked_space(H5Dget_space(dset.get()), "get dataspace").get()) != 1)
    throw std::runtime_error(object_name(dset.get()) + " is not a single value");
  read_all_raw(dset.get(), TypeOf<std::uint64_t>::mem_type(), &value);
  return value;
}

std::vector<std::string> read_strings(hid_t group, const char* name) {
  const Handle dset = open_dataset(group, name);
  return read_string_values({dset.get(), false}, object_name(dset.get()));
}

std::vector<std::size_t> dataset_dims(hid_t dataset) {
  const Handle space = checked_space(H5Dget_space(dataset), "get dataspace of " + object_name(dataset));
  const int rank = H5Sget_simple_extent_ndims(space.get());
  check(rank, "get rank of " + object_name(dataset));
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), "get dimensions of " + object_name(dataset));
  return {dims.begin(), dims.end()};
}

void require_rank(hid_t dataset, const std::vector<std::size_t>& dims, std::size_t rank) {
  if (dims.size() != rank)
    throw std::runtime_error(object_name(dataset) + " has " + std::to_string(dims.size()) + " dimensions, expected " +
                             std::to_string(rank));
}

void check_declared_size(hid_t dataset, std::size_t elements) {
  if (elements == 0) return;
  const Handle type = checked_type(H5Dget_type(dataset), "get type of " + object_name(dataset));
  const Handle dcpl = checked_plist(H5Dget_create_plist(dataset), "get creation list of " + object_name(dataset));
  const std::size_t element_size = std::max<std::size_t>(H5Tget_size(type.get()), 1);
  const double declared = static_cast<double>(elements) * static_cast<double>(element_size);
  const double stored = static_cast<double>(H5Dget_storage_size(dataset));
  const int filters = H5Pget_nfilters(dcpl.get());
  // Deflate cannot exceed ~1032:1; shuffle and Fletcher32 do not compress.
  const double most = filters > 0 ? stored * 1100.0 + 1e6 : stored;
  if (declared > most)
    throw std::runtime_error(object_name(dataset) + " declares " + std::to_string(elements) + " values (" +
                             std::to_string(static_cast<long long>(declared)) + " bytes) but the file stores only " +
                             std::to_string(static_cast<long long>(stored)) + " bytes for it");
  const double memory = static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGESIZE));
  if (memory > 0 && declared > 0.5 * memory)
    throw std::runtime_error(object_name(dataset) + " holds " + std::to_string(static_cast<long long>(declared)) +
                             " bytes, more than half of this machine's memory; it cannot be read whole");
}

void read_all_raw(hid_t dataset, hid_t mem_type, void* buffer) {
  check(H5Dread(dataset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer), "read " + object_name(dataset));
}

}  // namespace nmsim::io::h5
