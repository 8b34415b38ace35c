#pragma once
// Internal to src/io: MATLAB MAT v5 files through Debian's libmatio, written atomically like the
// datasets (a hidden temporary file beside the target, renamed onto it when complete). Values
// are built as owned MatVar trees (structs, cells, arrays) and written as top-level variables.
// Matrices are given row-major (time-major, as nmsim holds them) and stored column-major, so a
// (samples × channels) matrix is samples × channels in MATLAB and Octave too.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

struct matvar_t;  // libmatio's variable
struct _mat_t;    // libmatio's file

namespace nmsim::io::mat {

struct VarDeleter {
  void operator()(matvar_t* v) const noexcept;
};
using Var = std::unique_ptr<matvar_t, VarDeleter>;

Var real(double value);
Var text(const std::string& value);                               // 1 × n char (UTF-8)
Var texts(const std::vector<std::string>& values, bool column);   // cell of char, n × 1 or 1 × n
Var column(const std::vector<double>& values);                    // n × 1 double
Var column(const std::vector<std::int64_t>& values);              // n × 1 int64
Var row(const std::vector<double>& values);                       // 1 × n double
Var uint64_scalar(std::uint64_t value);
Var matrix(const std::vector<float>& row_major, std::size_t rows, std::size_t cols);          // single
Var matrix(const std::vector<std::uint16_t>& row_major, std::size_t rows, std::size_t cols);  // uint16
Var cells(std::vector<Var> values);                               // 1 × n cell

// A scalar (1 × 1) struct built field by field. Field names must be MATLAB identifiers
// (a letter, then letters, digits or '_', at most 63 characters): InputError otherwise.
class Struct {
 public:
  Struct();
  Struct& add(const std::string& field, Var value);
  bool has(const std::string& field) const;
  // The struct value of `field`, added empty if missing (nested structs such as kinematics.angle).
  Struct& child(const std::string& field);
  Var release();  // the finished struct (children included); the builder is empty afterwards

 private:
  std::vector<std::pair<std::string, Var>> fields_;
  std::vector<std::pair<std::string, std::unique_ptr<Struct>>> children_;
};

bool is_identifier(const std::string& name);

// A MAT v5 file at `final_path`, complete there only after commit(); destroyed uncommitted, it
// leaves nothing. `header` is the file's 116-byte descriptive text (longer text is cut).
class Writer {
 public:
  Writer(std::filesystem::path final_path, const std::string& header);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Writes `value` as top-level variable `name`. IoError when the file system refuses.
  void write(const std::string& name, Var value);
  void commit();

 private:
  void abandon() noexcept;
  [[noreturn]] void fail(const char* doing, int err);
  std::filesystem::path final_path_, temp_path_;
  _mat_t* file_ = nullptr;
  std::size_t variables_ = 0;
  int write_errno_ = 0;  // first errno seen after a write, for the message
  bool committed_ = false;
};

// The 116-byte descriptive header of a MAT v5 file ("" if `path` is not one).
std::string header_text(const std::filesystem::path& path);

}  // namespace nmsim::io::mat
