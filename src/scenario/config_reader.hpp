#pragma once
// Strict YAML configuration reader. Every scenario and model file goes through this layer:
// bad input always becomes an InputError naming file:line:column, the key path and what was
// expected. The YAML text is parsed once with yaml-cpp and copied into a small tree of our own,
// so marks survive overrides and merges and the "which keys were read" bookkeeping has a home.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "scenario/key_catalog.hpp"

namespace nmsim::config {

// Guards against pathological input (alias bombs, recursive aliases, runaway nesting).
inline constexpr int kMaxDepth = 200;                    // nesting levels of maps/lists
inline constexpr std::size_t kMaxValues = 200'000;       // values after expanding aliases
inline constexpr std::uintmax_t kMaxFileBytes = 16u << 20;  // configuration files are small

struct Range {  // closed by default
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;
  bool max_open = false;

  static Range any();
  static Range positive();      // (0, inf)
  static Range non_negative();  // [0, inf)
  static Range closed(double lo, double hi);
  static Range open_closed(double lo, double hi);  // (lo, hi]
  bool contains(double x) const;
  std::string describe() const;  // "a number > 0", "a number in [0, 1]", ...
};

// Every numeric value read, in read order, under its key path (fallbacks included).
class ParameterLog {
 public:
  struct Detail {
    std::string unit;    // expected unit ("1" for integers: counts, seeds, switches)
    std::string source;  // literature source from a quantity mapping, if any
  };
  void record(const std::string& path, double value, Detail detail);
  const std::vector<std::pair<std::string, double>>& entries() const { return entries_; }
  const std::vector<Detail>& details() const { return details_; }  // parallel to entries()

 private:
  std::vector<std::pair<std::string, double>> entries_;
  std::vector<Detail> details_;
};

namespace detail {

// Where a value came from. The file name is shared: a tree may hold thousands of values.
struct Origin {
  std::shared_ptr<const std::string> file;
  int line = 0;    // 1-based; 0 = unknown (command line)
  int column = 0;  // 1-based
  SourceMark mark() const;
};

struct Value {
  enum class Kind { null, scalar, sequence, map };
  struct Entry {
    std::string key;
    Origin key_origin;
    std::unique_ptr<Value> value;
    bool read = false;
    // Set when the entry was merged in from another document (Document::merge): its key path
    // there, which is what error messages name, since the mark points into that document.
    std::string source_path;
  };

  Kind kind = Kind::null;
  std::string text;    // scalar text
  bool plain = true;   // unquoted and untagged: only plain scalars can be numbers or booleans
  Origin origin;
  std::vector<std::unique_ptr<Value>> items;  // sequence
  std::vector<Entry> entries;                 // map, in file order
  std::vector<std::string> asked;             // keys the reader looked up: the "expected" list

  Entry* find(std::string_view key);
  std::unique_ptr<Value> clone() const;
};

struct DocState {
  std::string file;
  std::string text;
  std::unique_ptr<Value> root;
  bool empty_document = false;
  ParameterLog log;
  std::string catalog_prefix;  // see Document::set_catalog_prefix
  bool catalogued = true;      // see Document::leave_out_of_catalog
};

// Parses `text` as one YAML document. With `forced` set, every value gets that origin
// (used for --set values); otherwise marks come from the text and name `file`.
std::unique_ptr<Value> parse_tree(const std::string& text, const std::shared_ptr<const std::string>& file,
                                  const Origin* forced, const std::string& key_path, bool* empty);

// "what was found" for error messages: "a map", "a list", "an empty value", "'abc'".
std::string describe_found(const Value& v);

}  // namespace detail

class Document;
struct Override;  // overrides.hpp

// A position in a loaded tree: a value plus its key path and source mark. Cheap to copy;
// valid while its Document lives and the tree is not edited (overrides, merge) afterwards.
class Node {
 public:
  const std::string& path() const { return path_; }  // "muscles.soleus.tau_act", "protocol[2].duration"
  SourceMark mark() const;
  bool is_map() const;
  bool is_sequence() const;
  bool is_scalar() const;
  bool is_null() const;
  std::size_t size() const;  // entries of a map or items of a list; 0 otherwise

  // --- map access: every key read is remembered; finish() reports the first key never read.
  // All map accessors throw InputError unless this node is a map (an empty value is not a map).
  // Optional reads return (and log) the fallback only when the key is absent; the fallback must
  // satisfy its own range/allowed list (NMSIM_CHECK, a programming error otherwise).
  bool has(const std::string& key) const;  // counts as reading the key if present
  Node at(const std::string& key) const;   // required
  std::optional<Node> find(const std::string& key) const;
  // Numbers: a plain decimal scalar, or a quantity mapping {value, unit, source?, note?} whose
  // unit must equal `unit` exactly ("1" = dimensionless). Must be finite and inside `range`.
  double real(const std::string& key, std::string_view unit, Range range) const;
  double real(const std::string& key, std::string_view unit, Range range, double fallback) const;
  long long integer(const std::string& key, long long min, long long max) const;
  long long integer(const std::string& key, long long min, long long max, long long fallback) const;
  bool boolean(const std::string& key) const;  // only plain true / false
  bool boolean(const std::string& key, bool fallback) const;
  std::string string(const std::string& key) const;  // any scalar, quoted or not
  std::string string(const std::string& key, const std::string& fallback) const;
  std::string choice(const std::string& key, const std::vector<std::string>& allowed) const;
  std::string choice(const std::string& key, const std::vector<std::string>& allowed,
                     const std::string& fallback) const;
  std::vector<Node> elements() const;                         // list items, paths "key[i]"
  std::vector<std::pair<std::string, Node>> entries() const;  // map items in file order; all marked read
  void finish() const;  // InputError for the first (file order) key of this map never read

  // --- the node itself as a scalar
  double as_real(std::string_view unit, Range range) const;
  long long as_integer(long long min, long long max) const;
  bool as_boolean() const;
  std::string as_string() const;
  std::string as_choice(const std::vector<std::string>& allowed) const;

  // Reports a semantic problem with this value (e.g. "must be larger than tau_act") at its mark.
  [[noreturn]] void fail(const std::string& detail) const;

 private:
  friend class Document;
  Node(detail::DocState* doc, detail::Value* value, std::string path, std::string log_path, std::string pattern)
      : doc_(doc), value_(value), path_(std::move(path)), log_path_(std::move(log_path)), pattern_(std::move(pattern)) {}
  const detail::Value& map_value() const;  // throws unless this is a map
  Node child(detail::Value::Entry& entry) const;
  std::string entry_path(const detail::Value::Entry& entry) const;
  detail::Value::Entry* lookup(const std::string& key) const;  // remembers the key as asked
  double quantity(std::string_view unit, Range range) const;
  // Tells the key catalog (key_catalog.hpp) what this node, or its child `key`, holds. Callers
  // check KeyCatalog::recording() first, so an ordinary read builds none of these strings.
  void declare(const std::string& key, std::string type, std::string unit, std::string range,
               KeyDeclaration::Default absent, std::string fallback = {}) const;

  detail::DocState* doc_;
  detail::Value* value_;
  std::string path_;      // shown in errors: where the value was written
  std::string log_path_;  // this document's own key path, used in the parameter log
  std::string pattern_;   // only while the key catalog records: the path with names as <name>, indices as []
};

class Document {
 public:
  static Document load_file(const std::filesystem::path& file);
  static Document load_string(const std::string& text, const std::string& name);

  Document(Document&&) noexcept;
  Document& operator=(Document&&) noexcept;
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;
  ~Document();

  Node root() const;
  // A fresh copy of the parsed tree (no key marked read, empty parameter log): parse once,
  // then instantiate per use, e.g. once per dataset trial.
  Document clone() const;
  const std::string& text() const;  // original text, before overrides
  const std::string& file() const;
  ParameterLog& log() const;
  // The key-path prefix under which this document's keys are documented in the key catalog
  // ("parameters" for a model file, whose keys a scenario sets under `parameters:`).
  void set_catalog_prefix(const std::string& prefix);
  // This document's keys are data read by the program, not keys a scenario writes: the key
  // catalog does not list them (models/myoclonus_origins.yaml).
  void leave_out_of_catalog();

  // Deep-merges the subtree of `other` at `from_path` into this tree at `at_path` ("" = root),
  // keeping the merged values' marks. Maps merge recursively; scalars and lists replace.
  // A missing or empty source subtree is a no-op; the source path's keys count as read in `other`.
  void merge(const std::string& at_path, const Document& other, const std::string& from_path);

  // The effective (overridden, merged) tree as block YAML text, for provenance.
  std::string emit() const;

 private:
  explicit Document(std::unique_ptr<detail::DocState> state);
  friend void apply_overrides(Document& doc, const std::vector<Override>& overrides);
  std::unique_ptr<detail::DocState> state_;
};

}  // namespace nmsim::config
