#include "scenario/dataset_plan.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <numbers>
#include <optional>

#include "core/distribution.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/number_text.hpp"
#include "core/random.hpp"
#include "scenario/distribution_reader.hpp"

namespace nmsim::scenario {

namespace {

using config::Node;
using config::Override;
using config::Range;

constexpr double kSumTolerance = 1e-9;
constexpr std::size_t kMaxVary = 10'000;
// Substreams of RngPurpose::Subject (trial word = grid point) for the class and split shuffles;
// far above any vary index, so they never share a stream with a subject-level draw.
constexpr std::uint32_t kClassShuffleStream = 0x8000'0000u;
constexpr std::uint32_t kSplitShuffleStream = 0x8000'0001u;

// Path segments, with "a[2]" and "a.2" alike, so duplicates are found whichever form is used.
std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out(1);
  for (char ch : path) {
    if (ch == '.' || ch == '[') {
      if (!out.back().empty()) out.emplace_back();
    } else if (ch != ']') {
      out.back() += ch;
    }
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

// Where a plan entry is written, as the origin of the overrides it makes: "file:line:column
// dataset.vary[0]", so that a value the loader rejects is reported at the entry that drew it.
std::string entry_origin(const Node& n) { return n.mark().str() + " " + n.path(); }

std::string checked_path(const Node& where, const std::string& text) {
  Override o;
  try {
    o = config::parse_override(text + "=0");  // the same syntax rules as --set
  } catch (const InputError& e) {
    where.fail("'" + text + "' is not a valid key path: " + e.detail());
  }
  const std::string first = segments(o.path).front();
  if (first == "dataset" || first == "seed" || first == "trials")
    where.fail("'" + o.path + "' cannot be varied per trial; vary model parameters, protocol or signal settings");
  return o.path;
}

// Every path set by vary, sweep or classes, so that no value is set twice (or inside another).
class PathRegistry {
 public:
  // `owner` names the setter in messages; the same owner may register the same path again
  // (several classes set the same parameter to different values).
  void add(const Node& where, const std::string& path, const std::string& owner) {
    std::string key;
    for (const auto& s : segments(path)) key += s + '\x01';
    for (const auto& [other, info] : paths_) {
      const bool same = other == key;
      if (same && info.second == owner) return;
      if (same) where.fail("'" + path + "' is also set by " + info.second + "; each path may be set only once across vary, sweep and classes");
      if (other.starts_with(key) || key.starts_with(other))
        where.fail("'" + path + "' overlaps '" + info.first + "' set by " + info.second + "; one would overwrite the other");
    }
    paths_.emplace(key, std::make_pair(path, owner));
  }

 private:
  std::map<std::string, std::pair<std::string, std::string>> paths_;  // segments → (path, owner)
};

enum class Level { subject, trial };
struct VarySpec {
  std::string path;
  std::string origin;  // key path of the entry, for override origins
  Level level = Level::subject;
  core::Distribution dist;
  std::int64_t class_index = -1;   // drawn only for subjects of this class (-1: every subject)
  bool relative_to_critical_gain = false;
  // One uniform in (0, 1) per draw, always: the stream position never depends on the value.
  double draw(double u) const { return dist.draw(u); }
};

// The one path a value relative to the critical gain may set: the gain the stability analysis scales.
constexpr const char* kReflexGainPath = "parameters.spinal.reflex_gain";

VarySpec read_vary(const Node& n, std::int64_t class_index) {
  if (!n.is_map()) n.fail("expected a map such as {path: parameters.spinal.reflex_gain, level: subject, distribution: uniform, min: 1, max: 2}");
  VarySpec v;
  v.path = checked_path(n.at("path"), n.string("path"));
  v.origin = entry_origin(n);
  v.class_index = class_index;
  v.level = n.choice("level", {"subject", "trial"}) == "subject" ? Level::subject : Level::trial;
  if (n.has("relative_to")) {
    n.choice("relative_to", {"critical_gain"});
    if (v.path != kReflexGainPath)
      n.at("relative_to").fail(std::string("only ") + kReflexGainPath + " can be drawn relative to the critical gain");
    v.relative_to_critical_gain = true;
  }
  if (n.is_map() && !n.has("distribution")) n.at("distribution");  // required here: a vary entry is never a fixed value
  v.dist = read_distribution(n, v.relative_to_critical_gain ? Range::open_closed(0.0, 100.0) : Range::any());
  return v;
}

// Largest-remainder apportionment of n among the proportions; ties go to the earlier entry.
std::vector<std::uint64_t> apportion(const std::vector<double>& p, std::uint64_t n) {
  double sum = 0.0;
  for (double x : p) sum += x;
  std::vector<std::uint64_t> count(p.size());
  std::vector<long long> remainder(p.size());  // quantised, so float noise cannot break a true tie
  std::uint64_t given = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    double q = p[i] / sum * static_cast<double>(n);
    if (std::abs(q - std::round(q)) < 1e-9 * std::max(1.0, q)) q = std::round(q);
    count[i] = static_cast<std::uint64_t>(std::floor(q));
    remainder[i] = std::llround((q - std::floor(q)) * 1e9);
    given += count[i];
  }
  std::vector<std::size_t> order(p.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  for (std::size_t k = 0; given < n; ++k, ++given) ++count[order[k % order.size()]];
  return count;
}

// Unbiased integer in [0, n) (Lemire's multiply-and-reject).
std::uint32_t bounded(RandomStream& rng, std::uint32_t n) {
  std::uint64_t m = static_cast<std::uint64_t>(rng.next_u32()) * n;
  if (static_cast<std::uint32_t>(m) < n) {
    const std::uint32_t threshold = (0u - n) % n;
    while (static_cast<std::uint32_t>(m) < threshold) m = static_cast<std::uint64_t>(rng.next_u32()) * n;
  }
  return static_cast<std::uint32_t>(m >> 32);
}

std::vector<std::uint64_t> shuffled(std::uint64_t n, RandomStream rng) {
  std::vector<std::uint64_t> perm(n);
  for (std::uint64_t i = 0; i < n; ++i) perm[i] = i;
  for (std::uint64_t i = n; i > 1; --i) std::swap(perm[i - 1], perm[bounded(rng, static_cast<std::uint32_t>(i))]);
  return perm;
}

struct Group {  // a class or a split
  std::string name;
  double proportion = 0.0;
  std::vector<std::pair<std::string, double>> set;  // classes only
  std::vector<std::string> set_origins;             // key paths of the set values
  std::vector<std::string> tags;                    // classes only: the edge cases its trials stand for
};

// A class's `tags: [...]`: names of lowercase letters, digits and '_', each once.
std::vector<std::string> read_tags(const Node& list) {
  if (!list.is_sequence() || list.size() == 0) list.fail("expected a list of tag names, e.g. [near_threshold, lookalike]");
  std::vector<std::string> tags;
  for (const Node& t : list.elements()) {
    const std::string name = t.as_string();
    const bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
      return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
    });
    if (!plain) t.fail("'" + name + "' is not a tag name: use lowercase letters, digits and '_'");
    if (std::find(tags.begin(), tags.end(), name) != tags.end()) t.fail("tag '" + name + "' is listed twice");
    tags.push_back(name);
  }
  return tags;
}

void check_sum(const Node& where, const std::vector<Group>& groups, const std::string& what) {
  double sum = 0.0;
  for (const auto& g : groups) sum += g.proportion;
  if (std::abs(sum - 1.0) > kSumTolerance) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.12g", sum);  // 0.9, not 0.8999999999999999
    where.fail("the " + what + " sum to " + buf + "; they must sum to 1 (within 1e-9)");
  }
}

// Counts per group among `subjects`; a group with a positive share that gets nobody is an error
// (reported at its node, parallel to `groups`).
std::vector<std::uint64_t> counts_for(const std::vector<Group>& groups, const std::vector<Node>& nodes,
                                      std::uint64_t subjects, const std::string& what) {
  std::vector<double> p;
  for (const auto& g : groups) p.push_back(g.proportion);
  std::vector<std::uint64_t> counts = apportion(p, subjects);
  for (std::size_t i = 0; i < groups.size(); ++i)
    if (groups[i].proportion > 0.0 && counts[i] == 0)
      nodes[i].fail(what + " '" + groups[i].name + "' (" + shortest_text(groups[i].proportion) + " of " +
                          std::to_string(subjects) + " subjects per grid point) would get no subjects; raise dataset.subjects or this proportion");
  return counts;
}

// The lowest and highest value an entry can draw: its distribution at the smallest and largest
// uniform RandomStream::uniform() returns (0.5 and 2^53 - 1.5 in units of 2^-53).
std::pair<double, double> draw_extremes(const VarySpec& v) {
  return {v.draw(0x1.0p-54), v.draw(1.0 - 0x1.0p-53)};
}

struct SweepAxis {
  std::string path;
  std::string origin;
  std::vector<double> values;
};

}  // namespace

// What trial() needs: the parsed block and each subject's class and split (drawn values are
// derived again from their random streams, which is cheaper than storing them).
struct DatasetPlan::Rules {
  std::uint64_t seed = 0;
  std::uint64_t subjects = 1;     // per grid point
  std::uint64_t per_subject = 1;  // trials per subject
  std::vector<VarySpec> vary;
  std::vector<SweepAxis> sweep;
  std::vector<Group> classes, splits;
  std::vector<std::uint32_t> class_of, split_of;  // per global subject; empty without classes / splits

  // The value of vary entry k for a subject's trial: one uniform from the entry's own stream.
  double draw(std::size_t k, std::uint64_t subject, std::uint64_t trial) const {
    RandomStream rng = vary[k].level == Level::subject
                           ? RandomStream(seed, subject, RngPurpose::Subject, static_cast<std::uint32_t>(k))
                           : RandomStream(seed, trial, RngPurpose::TrialVariation, static_cast<std::uint32_t>(k));
    return vary[k].draw(rng.uniform());
  }
  // Whether vary entry k is drawn for this subject (every subject, or those of its class).
  bool applies(std::size_t k, std::uint64_t subject) const {
    return vary[k].class_index < 0 || (!class_of.empty() && class_of[subject] == static_cast<std::uint32_t>(vary[k].class_index));
  }
};

namespace {

using Rules = DatasetPlan::Rules;

// Parses the dataset block into rules (class and split assignment not yet made). The nodes of
// the vary entries, classes and splits are returned for errors found later.
struct ParsedBlock {
  Rules rules;
  std::uint64_t grid_points = 1;
  std::vector<Node> vary_nodes, class_nodes, split_nodes;
};

ParsedBlock read_block(const Node& root, const Node& ds, std::uint64_t seed) {
  ParsedBlock b;
  Rules& r = b.rules;
  r.seed = seed;
  if (!ds.is_map()) ds.fail("expected a map with subjects, trials_per_subject, vary, sweep, classes and splits");
  if (const auto trials = root.find("trials"))
    trials->fail("with a dataset block, set dataset.subjects and dataset.trials_per_subject instead of trials");

  const auto limit = static_cast<long long>(kMaxDatasetTrials);
  r.subjects = static_cast<std::uint64_t>(ds.integer("subjects", 1, limit, 1));
  r.per_subject = static_cast<std::uint64_t>(ds.integer("trials_per_subject", 1, limit, 1));

  PathRegistry registry;
  if (const auto list = ds.find("vary")) {
    if (!list->is_sequence()) list->fail("expected a list of parameters to draw at random");
    if (list->size() > kMaxVary) list->fail("at most " + std::to_string(kMaxVary) + " entries");
    for (const Node& n : list->elements()) {
      r.vary.push_back(read_vary(n, -1));
      b.vary_nodes.push_back(n);
      registry.add(n.at("path"), r.vary.back().path, n.path());
    }
  }

  if (const auto map = ds.find("sweep")) {
    if (!map->is_map() || map->size() == 0) map->fail("expected a map of key path: [values, ...]");
    for (const auto& [key, list] : map->entries()) {
      SweepAxis axis{checked_path(list, key), entry_origin(list), {}};
      registry.add(list, axis.path, "dataset.sweep");
      if (!list.is_sequence() || list.size() == 0) list.fail("must be a non-empty list of values to sweep");
      for (const Node& x : list.elements()) axis.values.push_back(plain_number(x));
      b.grid_points *= axis.values.size();
      if (b.grid_points > kMaxDatasetTrials) map->fail("the sweep grid has more than " + std::to_string(kMaxDatasetTrials) + " points");
      r.sweep.push_back(std::move(axis));
    }
  }

  if (const auto map = ds.find("classes")) {
    if (!map->is_map() || map->size() == 0) map->fail("expected a map of class name: {proportion: ..., set: {path: value}, vary: [...]}");
    for (const auto& [name, c] : map->entries()) {
      Group g{name, c.real("proportion", "1", Range::closed(0.0, 1.0)), {}, {}, {}};
      if (const auto tags = c.find("tags")) g.tags = read_tags(*tags);
      PathRegistry own;  // within the class, set and vary may not both set a path
      if (const auto set = c.find("set")) {
        if (!set->is_map()) set->fail("expected a map of key path: value");
        for (const auto& [key, value] : set->entries()) {
          const std::string path = checked_path(value, key);
          registry.add(value, path, "dataset.classes");
          own.add(value, path, value.path());
          g.set.emplace_back(path, plain_number(value));
          g.set_origins.push_back(entry_origin(value));
        }
      }
      if (const auto list = c.find("vary")) {  // drawn for this class's subjects only
        if (!list->is_sequence()) list->fail("expected a list of parameters to draw at random for this class");
        if (list->size() + r.vary.size() > kMaxVary) list->fail("at most " + std::to_string(kMaxVary) + " vary entries in all");
        for (const Node& n : list->elements()) {
          r.vary.push_back(read_vary(n, static_cast<std::int64_t>(r.classes.size())));
          b.vary_nodes.push_back(n);
          registry.add(n.at("path"), r.vary.back().path, "dataset.classes");
          own.add(n.at("path"), r.vary.back().path, n.path());
        }
      }
      c.finish();
      r.classes.push_back(std::move(g));
      b.class_nodes.push_back(c);
    }
    check_sum(*map, r.classes, "class proportions");
  }

  if (const auto map = ds.find("splits")) {
    if (!map->is_map() || map->size() == 0) map->fail("expected a map of split name: fraction, e.g. {train: 0.8, test: 0.2}");
    for (const auto& [name, value] : map->entries()) {
      r.splits.push_back(Group{name, value.as_real("1", Range::open_closed(0.0, 1.0)), {}, {}, {}});
      b.split_nodes.push_back(value);
    }
    check_sum(*map, r.splits, "split fractions");
  }
  ds.finish();

  const std::uint64_t subjects_total = b.grid_points * r.subjects;  // each factor ≤ 1e7: no overflow
  if (subjects_total > kMaxDatasetTrials || subjects_total * r.per_subject > kMaxDatasetTrials)
    ds.fail("the dataset would have " + std::to_string(b.grid_points) + " grid points x " + std::to_string(r.subjects) +
            " subjects x " + std::to_string(r.per_subject) + " trials; at most " + std::to_string(kMaxDatasetTrials) + " trials in all");
  return b;
}

// Assigns each subject of each grid point a class and a split (Rules::class_of, split_of).
void assign_groups(ParsedBlock& b) {
  Rules& r = b.rules;
  const std::uint64_t subjects = r.subjects;
  std::vector<std::uint64_t> class_counts, split_counts;
  if (!r.classes.empty()) class_counts = counts_for(r.classes, b.class_nodes, subjects, "class");
  if (!r.splits.empty()) split_counts = counts_for(r.splits, b.split_nodes, subjects, "split");

  // The split labels in an even interleaving (largest deficit first), so that a class-sorted
  // run of subjects gets each split in proportion: splits are stratified by class.
  std::vector<std::uint32_t> split_sequence;
  if (!r.splits.empty()) {
    std::vector<std::uint64_t> given(r.splits.size(), 0);
    for (std::uint64_t i = 0; i < subjects; ++i) {
      std::size_t best = 0;
      long double best_deficit = -1e300L;
      for (std::size_t j = 0; j < r.splits.size(); ++j) {
        if (given[j] == split_counts[j]) continue;
        const long double deficit = static_cast<long double>(split_counts[j]) * static_cast<long double>(i + 1) -
                                    static_cast<long double>(given[j]) * static_cast<long double>(subjects);
        if (deficit > best_deficit) best = j, best_deficit = deficit;
      }
      ++given[best];
      split_sequence.push_back(static_cast<std::uint32_t>(best));
    }
  }

  if (!r.classes.empty()) r.class_of.resize(b.grid_points * subjects);
  if (!r.splits.empty()) r.split_of.resize(b.grid_points * subjects);
  std::vector<std::uint32_t> class_of(subjects, 0);  // within the grid point
  for (std::uint64_t g = 0; g < b.grid_points; ++g) {
    const std::uint64_t first = g * subjects;
    if (!r.classes.empty()) {
      const auto perm = shuffled(subjects, RandomStream(r.seed, g, RngPurpose::Subject, kClassShuffleStream));
      std::uint64_t pos = 0;
      for (std::size_t c = 0; c < r.classes.size(); ++c)
        for (std::uint64_t k = 0; k < class_counts[c]; ++k) class_of[perm[pos++]] = static_cast<std::uint32_t>(c);
      std::copy(class_of.begin(), class_of.end(), r.class_of.begin() + static_cast<std::ptrdiff_t>(first));
    }
    if (!r.splits.empty()) {
      auto order = shuffled(subjects, RandomStream(r.seed, g, RngPurpose::Subject, kSplitShuffleStream));
      std::stable_sort(order.begin(), order.end(), [&](std::uint64_t x, std::uint64_t y) { return class_of[x] < class_of[y]; });
      for (std::uint64_t i = 0; i < subjects; ++i) r.split_of[first + order[i]] = split_sequence[i];
    }
  }
}

// Every drawn value must be a number: checked for all trials now, in trial order, so that a bad
// distribution is reported up front at its entry rather than when its trial comes to be run.
void check_draws(const ParsedBlock& b) {
  const Rules& r = b.rules;
  // A draw is monotone in its uniform, so an entry whose lowest and highest possible draws are
  // finite draws nothing else; only the others need every draw computed (polled for Ctrl-C).
  std::vector<std::size_t> unbounded;
  for (std::size_t k = 0; k < r.vary.size(); ++k) {
    const auto [lo, hi] = draw_extremes(r.vary[k]);
    if (!std::isfinite(lo) || !std::isfinite(hi)) unbounded.push_back(k);
  }
  if (unbounded.empty()) return;
  const std::uint64_t subjects_total = b.grid_points * r.subjects;
  for (std::uint64_t subject = 0; subject < subjects_total; ++subject) {
    if (subject % 4096 == 0) throw_if_stop_requested();
    for (const std::size_t k : unbounded)  // subject-level values first, as trials use them
      if (r.applies(k, subject) && r.vary[k].level == Level::subject && !std::isfinite(r.draw(k, subject, 0)))
        b.vary_nodes[k].fail("drew a non-finite value; narrow the distribution or set min/max");
    for (std::uint64_t t = 0; t < r.per_subject; ++t)
      for (const std::size_t k : unbounded)
        if (r.applies(k, subject) && r.vary[k].level == Level::trial && !std::isfinite(r.draw(k, subject, subject * r.per_subject + t)))
          b.vary_nodes[k].fail("drew a non-finite value; narrow the distribution or set min/max");
  }
}

// The paths a trial of class `c` sets (sweep, class, vary: the order of TrialPlan::values).
std::vector<std::string> paths_of_class(const Rules& r, std::size_t c) {
  std::vector<std::string> paths;
  for (const auto& axis : r.sweep) paths.push_back(axis.path);
  if (!r.classes.empty())
    for (const auto& [path, value] : r.classes[c].set) paths.push_back(path);
  for (const auto& v : r.vary)
    if (v.class_index < 0 || v.class_index == static_cast<std::int64_t>(c)) paths.push_back(v.path);
  return paths;
}

// Every path set by some trial, in order of first appearance over the trials. A trial's paths
// depend only on its class, so one pass over the subjects' classes finds that order.
std::vector<std::string> first_seen_paths(const Rules& r) {
  std::vector<std::string> out;
  std::vector<char> seen(std::max<std::size_t>(r.classes.size(), 1), 0);
  const std::uint64_t n = r.classes.empty() ? 1 : r.class_of.size();
  for (std::uint64_t subject = 0; subject < n; ++subject) {
    const std::size_t c = r.classes.empty() ? 0 : r.class_of[subject];
    if (seen[c]) continue;
    seen[c] = 1;
    for (auto& path : paths_of_class(r, c))
      if (std::find(out.begin(), out.end(), path) == out.end()) out.push_back(std::move(path));
  }
  return out;
}

}  // namespace

TrialPlan DatasetPlan::trial(std::uint64_t index) const {
  NMSIM_CHECK(index < size_, "DatasetPlan::trial: index " + std::to_string(index) + " of " + std::to_string(size_));
  TrialPlan tp;
  tp.index = index;
  if (!rules_) return tp;  // no dataset block: subject 0, nothing set
  const Rules& r = *rules_;
  const std::uint64_t subject = index / r.per_subject;
  const std::uint64_t g = subject / r.subjects;
  tp.subject = subject;
  const std::string subject_tag = " (subject " + std::to_string(subject) + ")";
  const auto add = [&tp](const std::string& path, double value, std::string origin) {
    tp.overrides.push_back(config::Override{path, shortest_text(value), std::move(origin)});
    tp.values.emplace_back(path, value);
  };
  // Grid coordinates: the first sweep key varies slowest.
  std::uint64_t rest = g;
  std::vector<std::size_t> coord(r.sweep.size());
  for (std::size_t a = r.sweep.size(); a-- > 0;) {
    coord[a] = static_cast<std::size_t>(rest % r.sweep[a].values.size());
    rest /= r.sweep[a].values.size();
  }
  for (std::size_t a = 0; a < r.sweep.size(); ++a)
    add(r.sweep[a].path, r.sweep[a].values[coord[a]], r.sweep[a].origin + " (grid point " + std::to_string(g) + ")");
  if (!r.classes.empty()) {
    const Group& c = r.classes[r.class_of[subject]];
    tp.phenotype = c.name;
    tp.tags = c.tags;
    for (std::size_t i = 0; i < c.set.size(); ++i) add(c.set[i].first, c.set[i].second, c.set_origins[i] + subject_tag);
  }
  if (!r.splits.empty()) tp.split = r.splits[r.split_of[subject]].name;
  for (std::size_t k = 0; k < r.vary.size(); ++k) {
    if (!r.applies(k, subject)) continue;
    const double x = r.draw(k, subject, index);
    std::string origin = r.vary[k].origin + (r.vary[k].level == Level::subject ? subject_tag : " (trial " + std::to_string(index) + ")");
    if (r.vary[k].relative_to_critical_gain)
      tp.relative.push_back({r.vary[k].path, x, std::move(origin)});
    else
      add(r.vary[k].path, x, std::move(origin));
  }
  return tp;
}

std::vector<TrialPlan> DatasetPlan::probe_trials() const {
  if (!rules_) return {TrialPlan{}};
  const Rules& r = *rules_;
  std::vector<TrialPlan> out;
  const std::size_t n_classes = std::max<std::size_t>(r.classes.size(), 1);
  for (std::size_t c = 0; c < n_classes; ++c) {
    if (!r.classes.empty() && r.classes[c].proportion == 0.0) continue;  // no subject gets it
    for (const bool highest : {false, true}) {
      TrialPlan tp;
      const std::string in_class = r.classes.empty() ? "" : "class " + r.classes[c].name;
      const std::string extreme = std::string(highest ? " (its highest possible value" : " (its lowest possible value") +
                                  (in_class.empty() ? ")" : ", " + in_class + ")");
      const auto add = [&](const std::string& path, double value, const std::string& origin, bool drawn = true) {
        tp.overrides.push_back(config::Override{path, shortest_text(value), origin + (drawn ? extreme : " (" + in_class + ")")});
        tp.values.emplace_back(path, value);
      };
      for (const auto& axis : r.sweep) {
        const auto [lo, hi] = std::minmax_element(axis.values.begin(), axis.values.end());
        add(axis.path, highest ? *hi : *lo, axis.origin);
      }
      if (!r.classes.empty()) {
        tp.phenotype = r.classes[c].name;
        for (std::size_t i = 0; i < r.classes[c].set.size(); ++i)
          add(r.classes[c].set[i].first, r.classes[c].set[i].second, r.classes[c].set_origins[i], false);
      }
      for (const auto& v : r.vary) {
        if (v.class_index >= 0 && v.class_index != static_cast<std::int64_t>(c)) continue;  // another class's
        // A ratio to the critical gain becomes a gain only when its trial runs (TrialPlan::Relative).
        if (v.relative_to_critical_gain) continue;
        const auto [lo, hi] = draw_extremes(v);
        add(v.path, highest ? hi : lo, v.origin);
      }
      out.push_back(std::move(tp));
    }
  }
  return out;
}

DatasetPlan plan_dataset(const Node& root, std::uint64_t seed, std::uint64_t trials_without_dataset) {
  DatasetPlan plan;
  const auto ds = root.find("dataset");
  if (!ds) {
    plan.size_ = trials_without_dataset;
    return plan;
  }
  ParsedBlock block = read_block(root, *ds, seed);
  assign_groups(block);
  check_draws(block);
  auto rules = std::make_shared<Rules>(std::move(block.rules));
  plan.size_ = block.grid_points * rules->subjects * rules->per_subject;
  plan.value_paths_ = first_seen_paths(*rules);
  plan.has_relative_ = std::any_of(rules->vary.begin(), rules->vary.end(), [](const VarySpec& v) { return v.relative_to_critical_gain; });
  for (const auto& c : rules->classes) {
    plan.class_names_.push_back(c.name);
    for (const auto& t : c.tags)
      if (std::find(plan.tag_names_.begin(), plan.tag_names_.end(), t) == plan.tag_names_.end()) plan.tag_names_.push_back(t);
  }
  for (const auto& s : rules->splits) plan.split_names_.push_back(s.name);
  plan.rules_ = std::move(rules);
  return plan;
}

}  // namespace nmsim::scenario
