#pragma once
// The keys the scenario and model readers declare as they read them: where (a path pattern),
// what (type, unit, range) and the default. Declarations are collected only while a
// KeyCatalog::Recording is alive (`nmsim scenarios --reference`, which writes
// docs/scenarios.md), so the reference comes from the readers' own calls and cannot drift.
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace nmsim::config {

struct KeyDeclaration {
  // How a reader treats the key's absence, weakest first: unknown (a list item or named entry),
  // required, optional (looked up with has/find before it is read), a default value.
  enum class Default { unknown, required, optional, value };
  std::string path;   // pattern: "parameters.muscles.<name>.tau_act", "protocol[].duration"
  std::string type;   // "number", "integer", "true or false", "text", "one of: a, b"
  std::string unit;   // for numbers: "s", "N", "1" (dimensionless); "" otherwise
  std::string range;  // "a number > 0", ...; "" when any value of the type is accepted
  Default has_default = Default::unknown;
  std::vector<std::string> fallbacks;  // with Default::value: one, or several that depend on the context
};

class KeyCatalog {
 public:
  // While one is alive, every declaration goes to `catalog` (from any thread).
  class Recording {
   public:
    explicit Recording(KeyCatalog& catalog);
    ~Recording();
    Recording(const Recording&) = delete;
    Recording& operator=(const Recording&) = delete;
  };

  static bool recording();
  static void declare(KeyDeclaration d);  // a no-op unless recording

  // One row per path, sorted. Reads of one key in several places merge: a known default beats
  // "required", which beats unknown; different units or ranges are listed together.
  std::vector<KeyDeclaration> declarations() const;

 private:
  void add(KeyDeclaration d);
  mutable std::mutex mutex_;
  std::map<std::string, KeyDeclaration> by_path_;
};

// docs/scenarios.md: one table per top-level section, from `declarations`. `read_from` names
// what was loaded to collect them (it goes into the page's introduction).
std::string key_reference_markdown(const std::vector<KeyDeclaration>& declarations, const std::string& read_from);

// Whether the declaration after declarations[i] (sorted by path) lies inside it: a section's keys.
bool has_keys_below(const std::vector<KeyDeclaration>& declarations, std::size_t i);

}  // namespace nmsim::config
