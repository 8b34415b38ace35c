#include "io/mat_file.hpp"

#include <matio.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include "core/error.hpp"
#include "io/atomic_file.hpp"

namespace nmsim::io::mat {

namespace fs = std::filesystem;

namespace {

// libmatio prints its errors to stderr; nmsim keeps the last one for its own message instead.
std::string& last_matio_message() {
  static std::string message;
  return message;
}

void keep_matio_message(int, char* message) { last_matio_message() = message ? message : ""; }

void quiet_matio() {
  static const bool done = [] {
    Mat_LogInitFunc("nmsim", keep_matio_message);
    return true;
  }();
  (void)done;
}

Var checked(matvar_t* v, const char* what) {
  if (!v) throw std::runtime_error(std::string("libmatio could not build ") + what + ": " + last_matio_message());
  return Var(v);
}

Var create(matio_classes cls, matio_types type, std::size_t rows, std::size_t cols, const void* data,
           const char* what) {
  quiet_matio();
  size_t dims[2] = {rows, cols};
  return checked(Mat_VarCreate(nullptr, cls, type, 2, dims, const_cast<void*>(data), 0), what);
}

// Column-major copy of a row-major rows × cols matrix.
template <typename T>
std::vector<T> column_major(const std::vector<T>& row_major, std::size_t rows, std::size_t cols) {
  if (row_major.size() != rows * cols) throw std::logic_error("mat::matrix: size is not rows × cols");
  std::vector<T> out(row_major.size());
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) out[c * rows + r] = row_major[r * cols + c];
  return out;
}

// libmatio does not report failed writes (a full disk gives a short file and success), so the
// file is checked after closing: its top-level elements, each an 8-byte tag (type, byte count)
// and that many bytes padded to 8, must be `expected` in number and end exactly at the end.
bool complete_mat5(const fs::path& path, std::size_t expected) {
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec || size < 128) return false;
  std::ifstream in(path, std::ios::binary);
  std::uintmax_t pos = 128;
  std::size_t count = 0;
  while (pos < size) {
    std::uint32_t tag[2] = {0, 0};
    in.seekg(static_cast<std::streamoff>(pos));
    if (!in.read(reinterpret_cast<char*>(tag), sizeof tag)) return false;
    pos += 8 + ((std::uintmax_t{tag[1]} + 7) / 8) * 8;
    ++count;
  }
  return pos == size && count == expected;
}

}  // namespace

void VarDeleter::operator()(matvar_t* v) const noexcept { Mat_VarFree(v); }

Var real(double value) { return create(MAT_C_DOUBLE, MAT_T_DOUBLE, 1, 1, &value, "a number"); }

Var uint64_scalar(std::uint64_t value) { return create(MAT_C_UINT64, MAT_T_UINT64, 1, 1, &value, "a uint64"); }

Var text(const std::string& value) {
  return create(MAT_C_CHAR, MAT_T_UTF8, 1, value.size(), value.empty() ? nullptr : value.data(), "a string");
}

Var column(const std::vector<double>& values) {
  return create(MAT_C_DOUBLE, MAT_T_DOUBLE, values.size(), 1, values.empty() ? nullptr : values.data(), "a column");
}

Var row(const std::vector<double>& values) {
  return create(MAT_C_DOUBLE, MAT_T_DOUBLE, 1, values.size(), values.empty() ? nullptr : values.data(), "a row");
}

Var column(const std::vector<std::int64_t>& values) {
  return create(MAT_C_INT64, MAT_T_INT64, values.size(), 1, values.empty() ? nullptr : values.data(), "a column");
}

Var matrix(const std::vector<float>& row_major, std::size_t rows, std::size_t cols) {
  const auto data = column_major(row_major, rows, cols);
  return create(MAT_C_SINGLE, MAT_T_SINGLE, rows, cols, data.empty() ? nullptr : data.data(), "a matrix");
}

Var matrix(const std::vector<std::uint16_t>& row_major, std::size_t rows, std::size_t cols) {
  const auto data = column_major(row_major, rows, cols);
  return create(MAT_C_UINT16, MAT_T_UINT16, rows, cols, data.empty() ? nullptr : data.data(), "a matrix");
}

namespace {
Var cell_array(std::vector<Var> values, bool as_column) {
  const std::size_t n = values.size();
  // With no data given, libmatio allocates the cell slots; each value set is owned by the cell.
  Var c = create(MAT_C_CELL, MAT_T_CELL, as_column ? n : 1, as_column ? 1 : n, nullptr, "a cell array");
  for (std::size_t i = 0; i < n; ++i) Mat_VarSetCell(c.get(), static_cast<int>(i), values[i].release());
  return c;
}
}  // namespace

Var cells(std::vector<Var> values) { return cell_array(std::move(values), false); }

Var texts(const std::vector<std::string>& values, bool as_column) {
  std::vector<Var> items;
  items.reserve(values.size());
  for (const auto& v : values) items.push_back(text(v));
  return cell_array(std::move(items), as_column);
}

bool is_identifier(const std::string& name) {
  if (name.empty() || name.size() > 63) return false;
  const auto letter = [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); };
  if (!letter(name[0])) return false;
  for (char ch : name)
    if (!letter(ch) && !(ch >= '0' && ch <= '9') && ch != '_') return false;
  return true;
}

Struct::Struct() = default;

Struct& Struct::add(const std::string& field, Var value) {
  if (!is_identifier(field))
    throw InputError({}, field, "cannot be a MATLAB field name (a letter, then letters, digits or '_', at most 63 characters)");
  if (has(field)) throw std::logic_error("mat::Struct: field '" + field + "' added twice");
  fields_.emplace_back(field, std::move(value));
  return *this;
}

bool Struct::has(const std::string& field) const {
  for (const auto& f : fields_)
    if (f.first == field) return true;
  for (const auto& c : children_)
    if (c.first == field) return true;
  return false;
}

Struct& Struct::child(const std::string& field) {
  for (auto& c : children_)
    if (c.first == field) return *c.second;
  if (!is_identifier(field))
    throw InputError({}, field, "cannot be a MATLAB field name (a letter, then letters, digits or '_', at most 63 characters)");
  if (has(field)) throw std::logic_error("mat::Struct: field '" + field + "' is not a struct");
  children_.emplace_back(field, std::make_unique<Struct>());
  return *children_.back().second;
}

Var Struct::release() {
  for (auto& c : children_) fields_.emplace_back(c.first, c.second->release());
  children_.clear();
  std::vector<const char*> names;
  for (const auto& f : fields_) names.push_back(f.first.c_str());
  names.push_back(nullptr);
  quiet_matio();
  const size_t dims[2] = {1, 1};
  Var s = checked(Mat_VarCreateStruct2(nullptr, 2, dims, names.data()), "a struct");
  for (auto& f : fields_) Mat_VarSetStructFieldByName(s.get(), f.first.c_str(), 0, f.second.release());
  fields_.clear();
  return s;
}

Writer::Writer(fs::path final_path, const std::string& header)
    : final_path_(std::move(final_path)), temp_path_(atomic::temp_path_for(final_path_)) {
  quiet_matio();
  atomic::claim_temp_file(final_path_, temp_path_);
  errno = 0;
  file_ = Mat_CreateVer(temp_path_.c_str(), header.substr(0, 116).c_str(), MAT_FT_MAT5);
  if (!file_) fail("create", errno);
}

Writer::~Writer() {
  if (!committed_) abandon();
}

void Writer::abandon() noexcept {
  if (file_) Mat_Close(file_);
  file_ = nullptr;
  std::error_code ec;
  fs::remove(temp_path_, ec);
}

void Writer::fail(const char* doing, int err) {
  abandon();
  if (err != 0) throw IoError(final_path_.string(), err, doing);
  throw std::runtime_error(std::string("libmatio could not ") + doing + " '" + final_path_.string() +
                           "': " + last_matio_message());
}

void Writer::write(const std::string& name, Var value) {
  if (!is_identifier(name)) throw std::logic_error("mat::Writer: '" + name + "' is not a variable name");
  if (!file_) throw std::logic_error("mat::Writer: write after commit or failure");
  value->name = strdup(name.c_str());  // freed by Mat_VarFree
  errno = 0;
  if (Mat_VarWrite(file_, value.get(), MAT_COMPRESSION_NONE) != 0) fail("write", errno);
  if (errno != 0 && write_errno_ == 0) write_errno_ = errno;  // the reason, should the check fail
  ++variables_;
}

void Writer::commit() {
  if (!file_) throw std::logic_error("mat::Writer: commit after commit or failure");
  errno = 0;
  const int closed = Mat_Close(file_);
  file_ = nullptr;
  if (closed != 0) fail("write", errno);
  if (errno != 0 && write_errno_ == 0) write_errno_ = errno;
  if (!complete_mat5(temp_path_, variables_)) fail("write", write_errno_ != 0 ? write_errno_ : EIO);
  try {
    atomic::publish(temp_path_, final_path_);
  } catch (...) {
    abandon();
    throw;
  }
  committed_ = true;
}

std::string header_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  char buf[128] = {};
  if (!in.read(buf, sizeof buf)) return "";
  // A MAT v5 file: version 0x0100 and the endian mark "IM" (little-endian) or "MI".
  const bool v5 = (buf[124] == 0x00 && buf[125] == 0x01 && buf[126] == 'I' && buf[127] == 'M') ||
                  (buf[124] == 0x01 && buf[125] == 0x00 && buf[126] == 'M' && buf[127] == 'I');
  if (!v5) return "";
  std::string text(buf, 116);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
  return text;
}

}  // namespace nmsim::io::mat
