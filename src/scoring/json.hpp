#pragma once
// A small JSON value tree: the scorer builds its report as one, and writes it as JSON text and
// as Markdown (report_markdown.hpp), so that both say the same thing. Objects keep insertion
// order, so reports read in a stable, meaningful order.
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace nmsim::scoring {

class Json {
 public:
  using Array = std::vector<Json>;
  using Object = std::vector<std::pair<std::string, Json>>;

  Json() = default;  // null
  Json(std::nullptr_t) {}
  Json(bool b) : v_(b) {}
  Json(double x) : v_(x) {}  // NaN and infinities are written as null
  Json(int x) : v_(static_cast<double>(x)) {}
  Json(std::int64_t x) : v_(static_cast<double>(x)) {}
  Json(std::uint64_t x) : v_(static_cast<double>(x)) {}
  Json(const char* s) : v_(std::string(s)) {}
  Json(std::string s) : v_(std::move(s)) {}
  Json(Array a) : v_(std::move(a)) {}
  static Json object() { Json j; j.v_ = Object{}; return j; }
  static Json array() { Json j; j.v_ = Array{}; return j; }

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  bool is_number() const { return std::holds_alternative<double>(v_); }
  bool is_string() const { return std::holds_alternative<std::string>(v_); }
  bool is_array() const { return std::holds_alternative<Array>(v_); }
  bool is_object() const { return std::holds_alternative<Object>(v_); }
  double number() const;                 // NaN unless a number
  const std::string& string() const;     // throws unless a string
  const Array& items() const;            // throws unless an array
  const Object& members() const;         // throws unless an object

  // Object access: `set` appends or replaces a member; `find` returns nullptr if absent.
  Json& set(const std::string& key, Json value);
  const Json* find(const std::string& key) const;
  // Through nested objects by a dotted path ("overall.samples.f1"); nullptr if absent.
  const Json* find_path(const std::string& dotted) const;
  // Array access.
  Json& push(Json value);

  // Compact text with `indent` spaces per level (0: one line).
  std::string dump(int indent = 1) const;

 private:
  std::variant<std::monostate, bool, double, std::string, Array, Object> v_;
  void write(std::string& out, int indent, int level) const;
};

}  // namespace nmsim::scoring
