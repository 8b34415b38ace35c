#include "scoring/json.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace nmsim::scoring {

namespace {

void write_string(std::string& out, const std::string& s) {
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void write_number(std::string& out, double x) {
  if (!std::isfinite(x)) {
    out += "null";
    return;
  }
  char buf[32];
  // Shortest text that reads back as the same double: reports are exact and reproducible.
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  out.append(buf, r.ptr);
}

void newline(std::string& out, int indent, int level) {
  if (indent <= 0) return;
  out += '\n';
  out.append(static_cast<std::size_t>(indent * level), ' ');
}

}  // namespace

double Json::number() const {
  const double* x = std::get_if<double>(&v_);
  return x != nullptr ? *x : NAN;
}
const std::string& Json::string() const {
  if (const auto* s = std::get_if<std::string>(&v_)) return *s;
  throw std::logic_error("JSON value is not a string");
}
const Json::Array& Json::items() const {
  if (const auto* a = std::get_if<Array>(&v_)) return *a;
  throw std::logic_error("JSON value is not an array");
}
const Json::Object& Json::members() const {
  if (const auto* o = std::get_if<Object>(&v_)) return *o;
  throw std::logic_error("JSON value is not an object");
}

Json& Json::set(const std::string& key, Json value) {
  if (!is_object()) v_ = Object{};
  auto& o = std::get<Object>(v_);
  for (auto& [k, v] : o)
    if (k == key) return v = std::move(value);
  o.emplace_back(key, std::move(value));
  return o.back().second;
}

const Json* Json::find(const std::string& key) const {
  if (const auto* o = std::get_if<Object>(&v_))
    for (const auto& [k, v] : *o)
      if (k == key) return &v;
  return nullptr;
}

const Json* Json::find_path(const std::string& dotted) const {
  const Json* j = this;
  std::size_t a = 0;
  while (j != nullptr) {
    const std::size_t b = dotted.find('.', a);
    j = j->find(dotted.substr(a, b == std::string::npos ? std::string::npos : b - a));
    if (b == std::string::npos) break;
    a = b + 1;
  }
  return j;
}

Json& Json::push(Json value) {
  if (!is_array()) v_ = Array{};
  auto& a = std::get<Array>(v_);
  a.push_back(std::move(value));
  return a.back();
}

void Json::write(std::string& out, int indent, int level) const {
  if (std::holds_alternative<std::monostate>(v_)) {
    out += "null";
  } else if (const bool* b = std::get_if<bool>(&v_)) {
    out += *b ? "true" : "false";
  } else if (const double* x = std::get_if<double>(&v_)) {
    write_number(out, *x);
  } else if (const auto* s = std::get_if<std::string>(&v_)) {
    write_string(out, *s);
  } else if (const auto* a = std::get_if<Array>(&v_)) {
    // Arrays of numbers (curves, histograms) stay on one line.
    bool flat = true;
    for (const auto& e : *a) flat = flat && (e.is_number() || e.is_null());
    out += '[';
    for (std::size_t i = 0; i < a->size(); ++i) {
      if (i) out += ',';
      if (!flat) newline(out, indent, level + 1);
      (*a)[i].write(out, flat ? 0 : indent, level + 1);
    }
    if (!flat && !a->empty()) newline(out, indent, level);
    out += ']';
  } else {
    const auto& o = std::get<Object>(v_);
    out += '{';
    for (std::size_t i = 0; i < o.size(); ++i) {
      if (i) out += ',';
      newline(out, indent, level + 1);
      write_string(out, o[i].first);
      out += indent > 0 ? ": " : ":";
      o[i].second.write(out, indent, level + 1);
    }
    if (!o.empty()) newline(out, indent, level);
    out += '}';
  }
}

std::string Json::dump(int indent) const {
  std::string out;
  write(out, indent, 0);
  if (indent > 0) out += '\n';
  return out;
}

}  // namespace nmsim::scoring
