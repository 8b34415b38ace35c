// Tree editing: --set overrides, Document::merge and Document::emit.
#include "scenario/overrides.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/printable.hpp"

namespace nmsim::config {

using detail::Origin;
using detail::Value;
using Kind = detail::Value::Kind;

namespace {

struct Step {
  enum class Kind { key, index, key_or_index };  // "1" in a.1 is an index only if a is a list
  Kind kind;
  std::string key;
  std::size_t index = 0;
};

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::size_t parse_index(std::string_view digits, const SourceMark& where, const std::string& path) {
  std::size_t i = 0;
  const auto res = std::from_chars(digits.data(), digits.data() + digits.size(), i);
  if (!all_digits(digits) || res.ec != std::errc{}) {
    throw InputError(where, path, "list index '" + std::string(digits) + "' must be a whole number >= 0");
  }
  return i;
}

// "a.b[1].c" or "a.b.1.c" -> steps; "" -> no steps (the root).
std::vector<Step> parse_path(const std::string& path, const SourceMark& where) {
  std::vector<Step> steps;
  if (path.empty()) return steps;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    const std::string_view seg = std::string_view(path).substr(start, dot == std::string::npos ? dot : dot - start);
    if (seg.empty()) throw InputError(where, path, "the path has an empty segment (check the dots)");
    const std::size_t bracket = seg.find('[');
    const std::string_view name = seg.substr(0, bracket);
    if (name.find(']') != std::string_view::npos) throw InputError(where, path, "unexpected ']' in the path");
    if (!name.empty()) {
      Step step{Step::Kind::key, std::string(name), 0};
      const auto res = std::from_chars(name.data(), name.data() + name.size(), step.index);
      if (all_digits(name) && res.ec == std::errc{}) step.kind = Step::Kind::key_or_index;
      steps.push_back(std::move(step));
    }
    for (std::size_t pos = bracket; pos != std::string_view::npos;) {
      const std::size_t close = seg.find(']', pos);
      if (seg[pos] != '[' || close == std::string_view::npos) {
        throw InputError(where, path, "malformed list index; expected the form name[0]");
      }
      steps.push_back(Step{Step::Kind::index, {}, parse_index(seg.substr(pos + 1, close - pos - 1), where, path)});
      pos = close + 1 < seg.size() ? close + 1 : std::string_view::npos;
    }
    if (steps.size() > static_cast<std::size_t>(kMaxDepth)) {
      throw InputError(where, path, "the path is deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return steps;
}

std::string step_text(const std::string& done, const Step& s) {
  if (s.kind == Step::Kind::index) return done + "[" + std::to_string(s.index) + "]";
  return done.empty() ? s.key : done + "." + s.key;
}

// Follows `steps` from `root`. With `create`, missing map keys (and empty values on the way)
// become maps whose new values carry `created`; without it, a missing key yields nullptr and
// the keys passed count as read. Errors are reported at `error_mark` or, if null, at the
// offending value.
Value* walk(Value& root, const std::vector<Step>& steps, bool create, const Origin& created,
            const std::string& path, const SourceMark* error_mark) {
  Value* cur = &root;
  std::string done;
  for (const Step& step : steps) {
    const std::string here = done.empty() ? "the document root" : "'" + done + "'";
    auto fail = [&](const std::string& why) {
      return InputError(error_mark != nullptr ? *error_mark : cur->origin.mark(), path, why);
    };
    if (!create && cur->kind == Kind::null) return nullptr;
    if (create && cur->kind == Kind::null && step.kind != Step::Kind::index) cur->kind = Kind::map;
    if (cur->kind == Kind::map) {
      if (step.kind == Step::Kind::index) {
        throw fail(here + " is a map; use a key, not [" + std::to_string(step.index) + "]");
      }
      Value::Entry* e = cur->find(step.key);
      if (e == nullptr && !create) return nullptr;
      if (e == nullptr) {
        auto fresh = std::make_unique<Value>();
        fresh->origin = created;
        cur->entries.push_back(Value::Entry{step.key, created, std::move(fresh), false, {}});
        e = &cur->entries.back();
      }
      if (!create) {
        e->read = true;
        if (std::find(cur->asked.begin(), cur->asked.end(), step.key) == cur->asked.end()) {
          cur->asked.push_back(step.key);
        }
      }
      cur = e->value.get();
    } else if (cur->kind == Kind::sequence) {
      if (step.kind == Step::Kind::key) throw fail(here + " is a list; use an index such as " + done + "[0]");
      if (step.index >= cur->items.size()) {
        throw fail("index " + std::to_string(step.index) + " is past the end of " + here + " (" +
                   std::to_string(cur->items.size()) + " items)");
      }
      cur = cur->items[step.index].get();
    } else {
      throw fail("cannot go into " + here + ": it is " + detail::describe_found(*cur) + " (at " +
                 cur->origin.mark().str() + "), not a map or list");
    }
    done = step_text(done, step);
  }
  return cur;
}

// `src_path` is the merged subtree's key path in its own document; entries taken from it
// remember their path there so that errors name what the user wrote.
void merge_into(Value& dst, std::unique_ptr<Value> src, const std::string& src_path) {
  if (dst.kind != Kind::map || src->kind != Kind::map) {
    dst = std::move(*src);
    return;
  }
  for (auto& e : src->entries) {
    const std::string path = src_path.empty() ? e.key : src_path + "." + e.key;
    Value::Entry* d = dst.find(e.key);
    if (d == nullptr) {
      dst.entries.push_back(Value::Entry{e.key, e.key_origin, std::move(e.value), false, path});
    } else if (d->value->kind == Kind::map && e.value->kind == Kind::map) {
      merge_into(*d->value, std::move(e.value), path);
    } else {
      d->value = std::move(e.value);
      d->key_origin = e.key_origin;  // the key now stands for the merged value
      d->source_path = path;
    }
  }
}

}  // namespace

Override parse_override(const std::string& arg) {
  const std::string origin = "--set " + arg;
  const SourceMark where{origin, 0, 0};
  // Found by fuzzing: a key path of other bytes than UTF-8 made provenance YAML unreadable.
  if (const std::size_t ok = valid_utf8_prefix(arg); ok < arg.size())
    throw InputError(SourceMark{printable(origin), 0, 0}, "", "the argument is not valid UTF-8 text (at byte " + std::to_string(ok + 1) + ")");
  // Also found by fuzzing: a NUL or other control character did not survive emitting and reading back.
  for (const char c : arg)
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f)
      throw InputError(SourceMark{printable(origin), 0, 0}, "", "the argument holds a control character; --set takes text only");
  const std::size_t eq = arg.find('=');
  if (eq == std::string::npos) throw InputError(where, "", "expected path=value (e.g. --set duration=30); no '=' found");
  std::string path = arg.substr(0, eq);
  const auto first = path.find_first_not_of(" \t");
  path = first == std::string::npos ? std::string{} : path.substr(first, path.find_last_not_of(" \t") - first + 1);
  if (path.empty()) throw InputError(where, "", "the path before '=' is empty; expected path=value");
  parse_path(path, where);  // reject a malformed path now, before any file is read
  return Override{path, arg.substr(eq + 1), origin};
}

void apply_overrides(Document& doc, const std::vector<Override>& overrides) {
  for (const Override& o : overrides) {
    const Origin origin{std::make_shared<const std::string>(o.origin), 0, 0};
    const SourceMark where = origin.mark();
    const std::vector<Step> steps = parse_path(o.path, where);
    if (steps.empty()) throw InputError(where, "", "the path before '=' is empty; expected path=value");
    auto value = detail::parse_tree(o.value_text, origin.file, &origin, o.path, nullptr);
    Value* target = walk(*doc.state_->root, steps, true, origin, o.path, &where);
    *target = std::move(*value);
    doc.state_->empty_document = false;
  }
}

void Document::merge(const std::string& at_path, const Document& other, const std::string& from_path) {
  Value* src = walk(*other.state_->root, parse_path(from_path, SourceMark{other.file(), 0, 0}), false, Origin{},
                    from_path, nullptr);
  if (src == nullptr || src->kind == Kind::null) return;
  auto copy = src->clone();  // first, so merging a document into itself cannot read half-edited values
  Value* dst = walk(*state_->root, parse_path(at_path, SourceMark{file(), 0, 0}), true, copy->origin, at_path, nullptr);
  merge_into(*dst, std::move(copy), from_path);
  state_->empty_document = false;
}

// ---------------------------------------------------------------- emit

namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          constexpr char hex[] = "0123456789abcdef";
          out += "\\x";
          out += hex[(c >> 4) & 0xf];
          out += hex[c & 0xf];
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// Characters that mean nothing to YAML in a plain scalar or key, wherever they stand in it
// (a leading '-' is the one exception, handled by the callers).
bool inert(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '.' || c == '+' || c == '-' || c == '/';
}

bool plain_key(const std::string& k) {
  if (k.empty() || k == "null" || k == "Null" || k == "NULL") return false;
  if (!std::isalnum(static_cast<unsigned char>(k.front())) && k.front() != '_') return false;
  return std::all_of(k.begin(), k.end(), inert);
}

// A plain scalar is written plain only if it is made of inert characters and single inner
// spaces, so numbers, booleans and names stay plain; anything else is quoted, which always reads
// back as the same text. (A list of unsafe patterns was tried first; fuzzing kept finding more:
// `-`, `x:`, `e'm:'a`.)
bool safe_plain(const std::string& s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ' || s.find("  ") != std::string::npos) return false;
  if (s.front() == '-' && (s.size() == 1 || s[1] == ' ')) return false;  // a block sequence entry
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || inert(c); });
}

std::string inline_text(const Value& v) {
  switch (v.kind) {
    case Kind::null: return "null";
    case Kind::map: return "{}";
    case Kind::sequence: return "[]";
    case Kind::scalar: break;
  }
  return v.plain && safe_plain(v.text) ? v.text : quoted(v.text);
}

bool nested(const Value& v) {
  return (v.kind == Kind::map && !v.entries.empty()) || (v.kind == Kind::sequence && !v.items.empty());
}

void emit_block(std::string& out, const Value& v, std::size_t indent, bool first_inline);

// After "key:" or "-": a nested block on the next lines, or the value on this line.
void emit_after(std::string& out, const Value& v, std::size_t indent) {
  if (nested(v)) {
    out += '\n';
    emit_block(out, v, indent + 2, false);
  } else {
    out += ' ' + inline_text(v) + '\n';
  }
}

void emit_block(std::string& out, const Value& v, std::size_t indent, bool first_inline) {
  const std::string pad(indent, ' ');
  bool first = true;
  if (v.kind == Kind::map) {
    for (const auto& e : v.entries) {
      out += (first && first_inline ? std::string{} : pad) + (plain_key(e.key) ? e.key : quoted(e.key)) + ':';
      emit_after(out, *e.value, indent);
      first = false;
    }
    return;
  }
  for (const auto& item : v.items) {
    if (item->kind == Kind::map && nested(*item)) {  // "- a: 1\n  b: 2"
      out += pad + "- ";
      emit_block(out, *item, indent + 2, true);
    } else {
      out += pad + '-';
      emit_after(out, *item, indent);
    }
  }
}

}  // namespace

std::string Document::emit() const {
  std::string out;
  const Value& root = *state_->root;
  if (nested(root)) {
    emit_block(out, root, 0, false);
  } else {
    out = inline_text(root) + '\n';
  }
  return out;
}

}  // namespace nmsim::config
