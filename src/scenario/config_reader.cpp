#include "scenario/config_reader.hpp"

#include "scenario/flow_brackets.hpp"
#include "scenario/yaml_documents.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <unordered_map>

#include "core/number_text.hpp"
#include "core/printable.hpp"

namespace nmsim::config {

using detail::Origin;
using detail::Value;
using Kind = detail::Value::Kind;
using Absent = KeyDeclaration::Default;

// ---------------------------------------------------------------- small helpers

namespace {

std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

char closing_of(char opening) { return opening == '{' ? '}' : opening == '[' ? ']' : opening; }

// The text at `at` for a syntax error: up to its line's end, at most 20 characters.
std::string describe_at(const std::string& text, const YAML::Mark& at) {
  if (at.pos < 0 || static_cast<std::size_t>(at.pos) >= text.size()) return "end of the text";
  const auto pos = static_cast<std::size_t>(at.pos);
  const std::size_t end = std::min({text.find('\n', pos), text.size(), pos + 20});
  return "'" + printable(std::string_view(text).substr(pos, end - pos)) + "'";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diag = up;
    }
  }
  return row[b.size()];
}

// "; did you mean 'tau_act'?" when one candidate is close enough to be a plausible typo.
std::string suggestion(const std::string& got, const std::vector<std::string>& candidates) {
  if (got.size() > 64) return {};  // not a typo; keep the quadratic distance cheap
  const std::string* best = nullptr;
  std::size_t best_d = 0;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(got, c);
    if (3 * d <= std::max(got.size(), c.size()) + 2 && (best == nullptr || d < best_d)) {
      best = &c;
      best_d = d;
    }
  }
  return best ? "; did you mean '" + *best + "'?" : std::string{};
}

std::string list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string unit_phrase(std::string_view unit) {
  return unit == "1" ? "a dimensionless number" : "a number in " + std::string(unit);
}

// Decimal notation only ([+-]digits[.digits][e[+-]digits]); hex, octal and 1_000 are rejected.
bool decimal_syntax(std::string_view s, bool& integral) {
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t n = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++n;
    return n;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t mantissa = digits();
  integral = true;
  if (i < s.size() && s[i] == '.') {
    integral = false;
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    integral = false;
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

bool non_finite_word(std::string_view s) {
  std::string t;
  for (char c : s) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!t.empty() && (t[0] == '+' || t[0] == '-')) t.erase(0, 1);
  return t == ".nan" || t == ".inf" || t == "nan" || t == "inf" || t == "infinity" || t == ".infinity";
}

std::string_view strip_plus(std::string_view s) { return (!s.empty() && s[0] == '+') ? s.substr(1) : s; }

// Reads a plain scalar as a finite double; anything else is an InputError at the value.
double scalar_number(const Value& v, const std::string& path, std::string_view unit) {
  const std::string expected = "expected " + unit_phrase(unit) + ", got ";
  if (v.kind != Kind::scalar) throw InputError(v.origin.mark(), path, expected + detail::describe_found(v));
  if (!v.plain) throw InputError(v.origin.mark(), path, expected + detail::describe_found(v) + " (remove the quotes)");
  bool integral = false;
  if (non_finite_word(v.text)) throw InputError(v.origin.mark(), path, "must be a finite number, got '" + v.text + "'");
  if (!decimal_syntax(v.text, integral)) throw InputError(v.origin.mark(), path, expected + "'" + v.text + "'");
  const std::string_view s = strip_plus(v.text);
  double x = 0;
  const auto res = read_double(s.data(), s.data() + s.size(), x);
  if (res.ec == std::errc::result_out_of_range) {
    throw InputError(v.origin.mark(), path, "must be a finite number that fits a double, got '" + v.text + "'");
  }
  if (res.ec != std::errc{} || res.ptr != s.data() + s.size() || !std::isfinite(x)) {
    throw InputError(v.origin.mark(), path, expected + "'" + v.text + "'");
  }
  return x;
}

std::string describe_integer_range(long long min, long long max) {
  constexpr long long lo = std::numeric_limits<long long>::min();
  constexpr long long hi = std::numeric_limits<long long>::max();
  if (min == lo && max == hi) return "an integer";
  if (max == hi) return "an integer >= " + std::to_string(min);
  if (min == lo) return "an integer <= " + std::to_string(max);
  return "an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

// ---------------------------------------------------------------- Range, ParameterLog

Range Range::any() { return {}; }
Range Range::positive() { return {0.0, std::numeric_limits<double>::infinity(), true, false}; }
Range Range::non_negative() { return {0.0, std::numeric_limits<double>::infinity(), false, false}; }
Range Range::closed(double lo, double hi) { return {lo, hi, false, false}; }
Range Range::open_closed(double lo, double hi) { return {lo, hi, true, false}; }

bool Range::contains(double x) const {
  if (std::isnan(x)) return false;
  const bool above = min_open ? x > min : x >= min;
  const bool below = max_open ? x < max : x <= max;
  return above && below;
}

std::string Range::describe() const {
  const bool has_min = std::isfinite(min);
  const bool has_max = std::isfinite(max);
  if (has_min && has_max) {
    return std::string("a number in ") + (min_open ? "(" : "[") + shortest_text(min) + ", " + shortest_text(max) +
           (max_open ? ")" : "]");
  }
  if (has_min) return std::string("a number ") + (min_open ? "> " : ">= ") + shortest_text(min);
  if (has_max) return std::string("a number ") + (max_open ? "< " : "<= ") + shortest_text(max);
  return "a number";
}


void ParameterLog::record(const std::string& path, double value, Detail detail) {
  entries_.emplace_back(path, value);
  details_.push_back(std::move(detail));
}

// ---------------------------------------------------------------- the value tree

namespace detail {

SourceMark Origin::mark() const { return SourceMark{file ? *file : std::string{}, line, column}; }

Value::Entry* Value::find(std::string_view key) {
  for (auto& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

std::unique_ptr<Value> Value::clone() const {
  auto out = std::make_unique<Value>();
  out->kind = kind;
  out->text = text;
  out->plain = plain;
  out->origin = origin;
  for (const auto& item : items) out->items.push_back(item->clone());
  for (const auto& e : entries) out->entries.push_back(Entry{e.key, e.key_origin, e.value->clone(), false, e.source_path});
  return out;
}

std::string describe_found(const Value& v) {
  switch (v.kind) {
    case Value::Kind::null: return "an empty value";
    case Value::Kind::map: return "a map";
    case Value::Kind::sequence: return "a list";
    case Value::Kind::scalar: break;
  }
  std::string shown;
  for (char c : v.text.substr(0, 40)) {
    if (c == '\n') {
      shown += "\\n";
    } else {
      shown += static_cast<unsigned char>(c) < 0x20 ? '?' : c;  // keep messages on one line
    }
  }
  if (v.text.size() > 40) shown += "...";
  return v.plain ? "'" + shown + "'" : "the quoted text \"" + shown + "\"";
}

namespace {

// Copies a yaml-cpp tree into ours, checking what yaml-cpp silently accepts (duplicate keys)
// and bounding what could exhaust the stack or memory (recursive aliases, alias bombs).
// yaml-cpp 0.7 decodes the escapes \N (U+0085) and \_ (U+00A0) of a double-quoted scalar to the
// single Latin-1 byte, not to UTF-8 (found by fuzzing --set: the emitted provenance was then
// refused as not UTF-8). The text itself was checked to be UTF-8, so a lone 0x85 or 0xA0 in a
// decoded scalar can only come from those escapes; it is stored as its UTF-8 form.
std::string utf8_scalar(const std::string& decoded, const SourceMark& where, const std::string& path) {
  std::string out;
  std::string_view rest(decoded);
  while (true) {
    const std::size_t ok = valid_utf8_prefix(rest);
    out.append(rest.substr(0, ok));
    if (ok == rest.size()) return out;
    const auto byte = static_cast<unsigned char>(rest[ok]);
    if (byte != 0x85 && byte != 0xA0) throw InputError(where, path, "the value is not valid UTF-8 after its escapes");
    out += static_cast<char>(0xC2);
    out += static_cast<char>(byte);
    rest.remove_prefix(ok + 1);
  }
}

class Builder {
 public:
  Builder(std::shared_ptr<const std::string> file, const Origin* forced) : file_(std::move(file)), forced_(forced) {}

  Origin origin(const YAML::Mark& m) const {
    if (forced_ != nullptr) return *forced_;
    if (m.line < 0) return Origin{file_, 0, 0};
    return Origin{file_, m.line + 1, m.column + 1};
  }

  // `null_origin`: yaml-cpp marks an implicit null at the next token, so map values use their key's mark.
  std::unique_ptr<Value> build(const YAML::Node& n, const std::string& path, int depth, const Origin* null_origin) {
    auto v = std::make_unique<Value>();
    v->origin = origin(n.Mark());
    if (++count_ > kMaxValues) {
      throw InputError(v->origin.mark(), path,
                       "the document holds more than " + std::to_string(kMaxValues) +
                           " values (aliases count at every use); refusing to load it");
    }
    if (depth > kMaxDepth) {
      const std::string shown = path.size() > 80 ? path.substr(0, 80) + "..." : path;
      throw InputError(v->origin.mark(), shown,
                       "nested deeper than " + std::to_string(kMaxDepth) + " levels (or a recursive alias)");
    }
    // "?" = plain, "!" = quoted or block text, "" = null; anything else is an explicit tag.
    if (const std::string& tag = n.Tag(); tag != "?" && tag != "!" && !tag.empty()) {
      throw InputError(v->origin.mark(), path,
                       "explicit YAML tags ('" + tag + "') are not supported; write the value without a tag");
    }
    switch (n.Type()) {
      case YAML::NodeType::Scalar:
        v->kind = Kind::scalar;
        v->text = utf8_scalar(n.Scalar(), v->origin.mark(), path);
        v->plain = n.Tag() == "?";
        break;
      case YAML::NodeType::Sequence:
        v->kind = Kind::sequence;
        for (auto it = n.begin(); it != n.end(); ++it) {
          const YAML::Node item = *it;
          const std::string item_path = path + "[" + std::to_string(v->items.size()) + "]";
          v->items.push_back(build(item, item_path, depth + 1, nullptr));
        }
        break;
      case YAML::NodeType::Map: build_map(n, *v, path, depth); break;
      default:
        v->kind = Kind::null;
        if (null_origin != nullptr) v->origin = *null_origin;
        break;
    }
    return v;
  }

 private:
  void build_map(const YAML::Node& n, Value& v, const std::string& path, int depth) {
    v.kind = Kind::map;
    std::unordered_map<std::string, std::size_t> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      const YAML::Node key = it->first;  // copies: the iterator hands out temporaries
      Origin key_origin = origin(key.Mark());
      if (!key.IsScalar() || key.Scalar().empty()) {
        const std::string what = key.IsMap() ? "a map" : key.IsSequence() ? "a list" : "an empty key";
        throw InputError(key_origin.mark(), path, "map keys must be plain text, got " + what);
      }
      const std::string name = utf8_scalar(key.Scalar(), key_origin.mark(), path);
      const std::string key_path = join(path, name);
      if (auto [pos, fresh] = seen.emplace(name, v.entries.size()); !fresh) {
        throw InputError(key_origin.mark(), key_path,
                         "duplicate key '" + name + "' (first given at " +
                             v.entries[pos->second].key_origin.mark().str() + ")");
      }
      const YAML::Node item = it->second;
      auto value = build(item, key_path, depth + 1, &key_origin);
      v.entries.push_back(Value::Entry{name, std::move(key_origin), std::move(value), false, {}});
    }
  }

  std::shared_ptr<const std::string> file_;
  const Origin* forced_;
  std::size_t count_ = 0;
};

}  // namespace

std::unique_ptr<Value> parse_tree(const std::string& text, const std::shared_ptr<const std::string>& file,
                                  const Origin* forced, const std::string& key_path, bool* empty) {
  Builder builder(file, forced);
  if (const std::size_t ok = valid_utf8_prefix(text); ok < text.size()) {
    // The mark of the first bad byte: YAML marks are 0-based, the builder adds one.
    YAML::Mark at;
    at.line = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(ok), '\n'));
    const std::size_t line_start = text.rfind('\n', ok == 0 ? 0 : ok - 1);
    at.column = static_cast<int>(ok == 0 || line_start == std::string::npos ? ok : ok - line_start - 1);
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02x", static_cast<unsigned char>(text[ok]));
    throw InputError(builder.origin(at).mark(), key_path,
                     std::string("the text is not valid UTF-8 (byte ") + byte + "); save the file as UTF-8");
  }
  // When yaml-cpp refuses the text, an unclosed bracket or quote (or a stray flow indicator) is
  // named where it opens rather than where the parser gave up. The scan only explains a failure:
  // it never refuses text that yaml-cpp reads (fuzzing found `x: e'm:'a` refused by an earlier
  // order).
  const auto refuse = [&](const YAML::Mark& mark, const std::string& detail) -> InputError {
    if (const auto unclosed = find_unclosed_flow(text)) {
      YAML::Mark at;
      at.line = static_cast<int>(unclosed->line);
      at.column = static_cast<int>(unclosed->column);
      if (unclosed->stray)
        return InputError(builder.origin(at).mark(), key_path,
                          std::string("YAML syntax error: unexpected '") + unclosed->bracket +
                              "' outside a flow collection ([...] or {...})");
      return InputError(builder.origin(at).mark(), key_path,
                        std::string("YAML syntax error: this '") + unclosed->bracket + "' is never closed (expected '" +
                            closing_of(unclosed->bracket) + "' before the end of the file)");
    }
    return InputError(builder.origin(mark).mark(), key_path, detail);
  };
  YAML::Node doc;
  try {
    // Not YAML::LoadAll: it can loop without end on malformed text (yaml_documents.hpp).
    const DocumentCount count = count_documents(text);
    if (count.documents > 1 && count.second_has_marker) {
      throw InputError(builder.origin(count.second_node).mark(), key_path,
                       "found a second YAML document (after '---'); expected exactly one");
    }
    if (count.documents > 1) {
      throw refuse(count.second_start,
                   "YAML syntax error: unexpected " + describe_at(text, count.second_start) + " after the end of the value");
    }
    if (count.documents == 0) {
      if (empty != nullptr) *empty = true;
      auto v = std::make_unique<Value>();
      v->origin = forced != nullptr ? *forced : Origin{file, 1, 1};
      return v;
    }
    doc = YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {
    throw InputError(builder.origin(e.mark).mark(), key_path, "the document is nested too deeply to parse");
  } catch (const YAML::Exception& e) {
    throw refuse(e.mark, "YAML syntax error: " + e.msg);
  }
  return builder.build(doc, key_path, 0, nullptr);
}

}  // namespace detail

// ---------------------------------------------------------------- Node

SourceMark Node::mark() const { return value_->origin.mark(); }
bool Node::is_map() const { return value_->kind == Kind::map; }
bool Node::is_sequence() const { return value_->kind == Kind::sequence; }
bool Node::is_scalar() const { return value_->kind == Kind::scalar; }
bool Node::is_null() const { return value_->kind == Kind::null; }

std::size_t Node::size() const {
  if (is_map()) return value_->entries.size();
  if (is_sequence()) return value_->items.size();
  return 0;
}

void Node::fail(const std::string& detail) const { throw InputError(mark(), path_, detail); }

const Value& Node::map_value() const {
  if (value_->kind == Kind::map) return *value_;
  if (doc_->empty_document && value_ == doc_->root.get()) fail("the document is empty; expected a map of key: value pairs");
  fail("expected a map of key: value pairs, got " + detail::describe_found(*value_));
}

Node Node::child(Value::Entry& entry) const {
  return Node(doc_, entry.value.get(), entry_path(entry), join(log_path_, entry.key),
              KeyCatalog::recording() ? join(pattern_, entry.key) : std::string());
}

void Node::declare(const std::string& key, std::string type, std::string unit, std::string range,
                   KeyDeclaration::Default absent, std::string fallback) const {
  if (!KeyCatalog::recording() || !doc_->catalogued || (key.empty() && pattern_.empty())) return;  // the root, or a quantity's parts
  std::vector<std::string> fallbacks;
  if (absent == Absent::value) fallbacks.push_back(std::move(fallback));
  KeyCatalog::declare({key.empty() ? pattern_ : join(pattern_, key), std::move(type), std::move(unit),
                       std::move(range), absent, std::move(fallbacks)});
}

std::string Node::entry_path(const Value::Entry& entry) const {
  return entry.source_path.empty() ? join(path_, entry.key) : entry.source_path;
}

Value::Entry* Node::lookup(const std::string& key) const {
  map_value();
  if (!contains(value_->asked, key)) value_->asked.push_back(key);
  Value::Entry* e = value_->find(key);
  if (e != nullptr) e->read = true;
  return e;
}

bool Node::has(const std::string& key) const {
  if (KeyCatalog::recording()) declare(key, "", "", "", Absent::optional);
  return lookup(key) != nullptr;
}

Node Node::at(const std::string& key) const {
  Value::Entry* e = lookup(key);
  if (e == nullptr) throw InputError(mark(), join(path_, key), "missing required key '" + key + "'");
  return child(*e);
}

std::optional<Node> Node::find(const std::string& key) const {
  if (KeyCatalog::recording()) declare(key, "", "", "", Absent::optional);
  Value::Entry* e = lookup(key);
  if (e == nullptr) return std::nullopt;
  return child(*e);
}

double Node::real(const std::string& key, std::string_view unit, Range range) const {
  if (KeyCatalog::recording()) declare(key, "number", std::string(unit), range.describe(), Absent::required);
  return at(key).as_real(unit, range);
}

double Node::real(const std::string& key, std::string_view unit, Range range, double fallback) const {
  NMSIM_CHECK(range.contains(fallback), "fallback for '" + join(path_, key) + "' violates its own range");
  if (KeyCatalog::recording()) declare(key, "number", std::string(unit), range.describe(), Absent::value, shortest_text(fallback));
  if (auto n = find(key)) return n->as_real(unit, range);
  doc_->log.record(join(log_path_, key), fallback, {std::string(unit), {}});
  return fallback;
}

long long Node::integer(const std::string& key, long long min, long long max) const {
  if (KeyCatalog::recording()) declare(key, "integer", "", describe_integer_range(min, max), Absent::required);
  return at(key).as_integer(min, max);
}

long long Node::integer(const std::string& key, long long min, long long max, long long fallback) const {
  NMSIM_CHECK(fallback >= min && fallback <= max, "fallback for '" + join(path_, key) + "' violates its own range");
  if (KeyCatalog::recording()) declare(key, "integer", "", describe_integer_range(min, max), Absent::value, std::to_string(fallback));
  if (auto n = find(key)) return n->as_integer(min, max);
  doc_->log.record(join(log_path_, key), static_cast<double>(fallback), {"1", {}});
  return fallback;
}

bool Node::boolean(const std::string& key) const {
  if (KeyCatalog::recording()) declare(key, "true or false", "", "", Absent::required);
  return at(key).as_boolean();
}
bool Node::boolean(const std::string& key, bool fallback) const {
  if (KeyCatalog::recording()) declare(key, "true or false", "", "", Absent::value, fallback ? "true" : "false");
  auto n = find(key);
  return n ? n->as_boolean() : fallback;
}

std::string Node::string(const std::string& key) const {
  if (KeyCatalog::recording()) declare(key, "text", "", "", Absent::required);
  return at(key).as_string();
}
std::string Node::string(const std::string& key, const std::string& fallback) const {
  if (KeyCatalog::recording()) declare(key, "text", "", "", Absent::value, fallback.empty() ? "(empty)" : fallback);
  auto n = find(key);
  return n ? n->as_string() : fallback;
}

std::string Node::choice(const std::string& key, const std::vector<std::string>& allowed) const {
  if (KeyCatalog::recording()) declare(key, "one of: " + list(allowed), "", "", Absent::required);
  return at(key).as_choice(allowed);
}
std::string Node::choice(const std::string& key, const std::vector<std::string>& allowed,
                         const std::string& fallback) const {
  NMSIM_CHECK(contains(allowed, fallback), "fallback for '" + join(path_, key) + "' is not an allowed choice");
  if (KeyCatalog::recording()) declare(key, "one of: " + list(allowed), "", "", Absent::value, fallback);
  auto n = find(key);
  return n ? n->as_choice(allowed) : fallback;
}

std::vector<Node> Node::elements() const {
  if (value_->kind != Kind::sequence) fail("expected a list, got " + detail::describe_found(*value_));
  if (KeyCatalog::recording()) declare("", "list", "", "", Absent::unknown);
  std::vector<Node> out;
  out.reserve(value_->items.size());
  for (std::size_t i = 0; i < value_->items.size(); ++i) {
    const std::string index = "[" + std::to_string(i) + "]";
    out.push_back(Node(doc_, value_->items[i].get(), path_ + index, log_path_ + index,
                       KeyCatalog::recording() ? pattern_ + "[]" : std::string()));
  }
  return out;
}

std::vector<std::pair<std::string, Node>> Node::entries() const {
  map_value();
  std::vector<std::pair<std::string, Node>> out;
  if (KeyCatalog::recording()) declare("", "map of named entries", "", "", Absent::unknown);
  const std::string named = KeyCatalog::recording() ? join(pattern_, "<name>") : std::string();
  for (auto& e : value_->entries) {
    e.read = true;
    out.emplace_back(e.key, Node(doc_, e.value.get(), entry_path(e), join(log_path_, e.key), named));
  }
  return out;
}

void Node::finish() const {
  map_value();
  for (const auto& e : value_->entries) {
    if (e.read) continue;
    const std::vector<std::string>& known = value_->asked;
    const std::string expected = known.empty() ? "this map takes no keys" : "expected one of: " + list(known);
    throw InputError(e.key_origin.mark(), entry_path(e),
                     "unknown key '" + e.key + "'; " + expected + suggestion(e.key, known));
  }
}

double Node::as_real(std::string_view unit, Range range) const {
  if (value_->kind == Kind::map) return quantity(unit, range);
  const double x = scalar_number(*value_, path_, unit);
  if (!range.contains(x)) fail("must be " + range.describe() + ", got " + value_->text);
  if (KeyCatalog::recording()) declare("", "number", std::string(unit), range.describe(), Absent::unknown);
  doc_->log.record(log_path_, x, {std::string(unit), {}});
  return x;
}

// {value: 3549, unit: N, source: "...", note: "..."}: the unit must match exactly.
double Node::quantity(std::string_view unit, Range range) const {
  static const std::vector<std::string> keys = {"value", "unit", "source", "note"};
  for (auto& e : value_->entries) {
    if (!contains(keys, e.key)) {
      throw InputError(e.key_origin.mark(), join(path_, e.key),
                       "unknown key '" + e.key + "' in a quantity mapping; expected one of: " + list(keys) +
                           suggestion(e.key, keys));
    }
    e.read = true;
  }
  const std::string form = " in a quantity mapping {value: ..., unit: " + std::string(unit) + "}";
  Value::Entry* value = value_->find("value");
  if (value == nullptr) throw InputError(mark(), join(path_, "value"), "missing required key 'value'" + form);
  Value::Entry* unit_entry = value_->find("unit");
  if (unit_entry == nullptr) throw InputError(mark(), join(path_, "unit"), "missing required key 'unit'" + form);

  // The mapping's own parts are not keys of their own in the catalog: no pattern.
  auto part = [&](Value::Entry& e) { return Node(doc_, e.value.get(), entry_path(e), join(log_path_, e.key), {}); };
  const Node unit_node = part(*unit_entry);
  const std::string got_unit = unit_node.as_string();
  if (got_unit != unit) {
    unit_node.fail("unit '" + got_unit + "' does not match expected '" + std::string(unit) + "'" +
                   (unit == "1" ? " (dimensionless)" : ""));
  }
  std::string source;
  if (Value::Entry* s = value_->find("source")) source = part(*s).as_string();
  if (Value::Entry* n = value_->find("note")) part(*n).as_string();

  const Node value_node = part(*value);
  const double x = scalar_number(*value->value, value_node.path(), unit);
  if (!range.contains(x)) value_node.fail("must be " + range.describe() + ", got " + value->value->text);
  if (KeyCatalog::recording()) declare("", "number", std::string(unit), range.describe(), Absent::unknown);
  doc_->log.record(log_path_, x, {std::string(unit), source});
  return x;
}

long long Node::as_integer(long long min, long long max) const {
  const Value& v = *value_;
  if (v.kind != Kind::scalar || !v.plain) fail("expected an integer, got " + detail::describe_found(v));
  bool integral = false;
  if (!decimal_syntax(v.text, integral)) fail("expected an integer, got '" + v.text + "'");
  if (!integral) fail("must be an integer (no fraction or exponent), got " + v.text);
  const std::string_view s = strip_plus(v.text);
  long long x = 0;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), x);
  if (res.ec != std::errc{} || x < min || x > max) fail("must be " + describe_integer_range(min, max) + ", got " + v.text);
  if (KeyCatalog::recording()) declare("", "integer", "", describe_integer_range(min, max), Absent::unknown);
  doc_->log.record(log_path_, static_cast<double>(x), {"1", {}});
  return x;
}

bool Node::as_boolean() const {
  const Value& v = *value_;
  if (KeyCatalog::recording()) declare("", "true or false", "", "", Absent::unknown);
  if (v.kind == Kind::scalar && v.plain && (v.text == "true" || v.text == "false")) return v.text == "true";
  fail("must be true or false, got " + detail::describe_found(v));
}

std::string Node::as_string() const {
  if (KeyCatalog::recording()) declare("", "text", "", "", Absent::unknown);
  if (value_->kind != Kind::scalar) fail("expected a text value, got " + detail::describe_found(*value_));
  return value_->text;
}

std::string Node::as_choice(const std::vector<std::string>& allowed) const {
  if (KeyCatalog::recording()) declare("", "one of: " + list(allowed), "", "", Absent::unknown);
  const std::string head = "must be one of: " + list(allowed) + "; got ";
  if (value_->kind != Kind::scalar) fail(head + detail::describe_found(*value_));
  if (!contains(allowed, value_->text)) fail(head + "'" + value_->text + "'" + suggestion(value_->text, allowed));
  return value_->text;
}

// ---------------------------------------------------------------- Document

Document::Document(std::unique_ptr<detail::DocState> state) : state_(std::move(state)) {}
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;
Document::~Document() = default;

Document Document::clone() const {
  auto state = std::make_unique<detail::DocState>();
  state->file = state_->file;
  state->text = state_->text;
  state->root = state_->root->clone();
  state->empty_document = state_->empty_document;
  return Document(std::move(state));
}

Document Document::load_string(const std::string& text, const std::string& name) {
  auto state = std::make_unique<detail::DocState>();
  state->file = name;
  state->text = text;
  state->root = detail::parse_tree(text, std::make_shared<const std::string>(name), nullptr, "", &state->empty_document);
  return Document(std::move(state));
}

Document Document::load_file(const std::filesystem::path& file) {
  const std::string name = file.string();
  auto fail = [&](const std::string& why) { return InputError(SourceMark{name, 0, 0}, "", why); };
  if (name.size() > 4096) throw fail("the path is longer than 4096 characters");
  // Only a regular file is read, and never more than the size cap: a device (/dev/zero), a FIFO
  // or a growing file must not make a configuration read take unbounded memory or time.
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    if (errno == ENOENT) throw fail("cannot read the file: it does not exist");
    throw fail(std::string("cannot read the file: ") + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) throw fail("is a directory; expected a YAML file");
  if (!S_ISREG(st.st_mode)) throw fail("is not a regular file (a device, FIFO or socket); expected a YAML file");
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw fail(std::string("cannot open the file: ") + std::strerror(errno));
  std::string text;
  text.resize(static_cast<std::size_t>(std::min<std::uintmax_t>(static_cast<std::uintmax_t>(st.st_size), kMaxFileBytes) + 1));
  std::size_t got = 0;
  int read_error = 0;
  while (got < text.size()) {
    const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) read_error = errno;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (read_error != 0) throw fail(std::string("error while reading the file: ") + std::strerror(read_error));
  if (got > kMaxFileBytes)
    throw fail("the file is larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB; configuration files are small");
  text.resize(got);
  static constexpr std::string_view kHdf5Signature("\x89HDF\r\n\x1a\n", 8);
  if (text.starts_with(kHdf5Signature))
    throw fail("is an HDF5 file (an nmsim dataset?), not a YAML scenario or model; look into a dataset with 'nmsim inspect'");
  if (text.find('\0') != std::string::npos) throw fail("is a binary file, not YAML text");
  return load_string(text, name);
}

Node Document::root() const { return Node(state_.get(), state_->root.get(), "", "", state_->catalog_prefix); }
void Document::set_catalog_prefix(const std::string& prefix) { state_->catalog_prefix = prefix; }
void Document::leave_out_of_catalog() { state_->catalogued = false; }
const std::string& Document::text() const { return state_->text; }
const std::string& Document::file() const { return state_->file; }
ParameterLog& Document::log() const { return state_->log; }

}  // namespace nmsim::config
