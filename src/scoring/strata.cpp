#include "scoring/strata.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>
#include <variant>

#include "scoring/metrics.hpp"

namespace nmsim::scoring {

BinEdges default_bin_edges() {
  const std::vector<double> gain_ratio{0.8, 0.95, 1.05, 1.2, 1.5, 2.0};
  const std::vector<double> snr{-10, -5, 0, 5, 10, 20};
  return {
      {"critical_gain_ratio", gain_ratio}, {"gain_ratio", gain_ratio}, {"reflex_gain_ratio", gain_ratio},
      {"salience_db", {0, 3, 6, 10, 20}},   {"snr_db", snr},            {"duration", {0.05, 0.1, 0.3, 1, 3, 10}},
  };
}

namespace {

std::string number_text(double x) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general, 4);
  return std::string(buf, r.ptr);
}

// Default edges for names such as `snr_db:powerline`: the edges of the part before ':'.
const std::vector<double>* edges_for(const std::string& column, const BinEdges& edges) {
  if (auto it = edges.find(column); it != edges.end()) return &it->second;
  if (const auto colon = column.find(':'); colon != std::string::npos)
    if (auto it = edges.find(column.substr(0, colon)); it != edges.end()) return &it->second;
  if (column.rfind("snr", 0) == 0)
    if (auto it = edges.find("snr_db"); it != edges.end()) return &it->second;
  return nullptr;
}

}  // namespace

Stratification stratify_text(const std::string& column, const std::vector<std::string>& values) {
  Stratification s{column, {}, std::vector<int>(values.size(), -1)};
  std::set<std::string> distinct;
  for (const auto& v : values)
    if (!v.empty()) distinct.insert(v);
  s.names.assign(distinct.begin(), distinct.end());
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!values[i].empty())
      s.of_row[i] = static_cast<int>(std::lower_bound(s.names.begin(), s.names.end(), values[i]) - s.names.begin());
  return s;
}

Stratification stratify_numbers(const std::string& column, const std::vector<double>& values, bool integer,
                                const BinEdges& edges) {
  Stratification s{column, {}, std::vector<int>(values.size(), -1)};
  const auto missing = [&](double x) { return std::isnan(x) || (integer && x == -1.0); };
  std::set<double> distinct;
  for (double x : values)
    if (!missing(x)) distinct.insert(x);
  if (distinct.empty()) return s;
  std::vector<double> inner;
  if (const auto* given = edges_for(column, edges)) {
    inner = *given;
  } else if (distinct.size() <= (integer ? 12u : 6u)) {
    for (double x : distinct) s.names.push_back(number_text(x));
    for (std::size_t i = 0; i < values.size(); ++i)
      if (!missing(values[i]))
        s.of_row[i] = static_cast<int>(std::distance(distinct.begin(), distinct.find(values[i])));
    return s;
  } else {
    std::vector<double> sorted;
    for (double x : values)
      if (!missing(x)) sorted.push_back(x);
    std::sort(sorted.begin(), sorted.end());
    for (double q : {0.25, 0.5, 0.75}) {
      const double e = quantile(sorted, q);
      if (inner.empty() || e > inner.back()) inner.push_back(e);
    }
  }
  // Bins [-inf, e0), [e0, e1), ..., [e_last, inf); empty outer bins are dropped below.
  const std::size_t nb = inner.size() + 1;
  std::vector<std::uint64_t> count(nb, 0);
  std::vector<int> bin(values.size(), -1);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (missing(values[i])) continue;
    bin[i] = static_cast<int>(std::upper_bound(inner.begin(), inner.end(), values[i]) - inner.begin());
    ++count[static_cast<std::size_t>(bin[i])];
  }
  std::vector<int> renumber(nb, -1);
  for (std::size_t b = 0; b < nb; ++b) {
    if (count[b] == 0) continue;
    renumber[b] = static_cast<int>(s.names.size());
    const std::string lo = b == 0 ? "-inf" : number_text(inner[b - 1]);
    const std::string hi = b + 1 == nb ? "inf" : number_text(inner[b]);
    s.names.push_back("[" + lo + ", " + hi + ")");
  }
  for (std::size_t i = 0; i < values.size(); ++i)
    if (bin[i] >= 0) s.of_row[i] = renumber[static_cast<std::size_t>(bin[i])];
  return s;
}

std::vector<Stratification> stratify_index(const ColumnTable& index, const std::vector<std::string>& only,
                                           const std::vector<std::string>& skip, const BinEdges& edges) {
  std::vector<std::string> names;
  if (!only.empty()) {
    names = only;
  } else {
    for (const auto& [name, col] : index.columns())
      if (std::find(skip.begin(), skip.end(), name) == skip.end()) names.push_back(name);
  }
  std::vector<Stratification> out;
  for (const auto& name : names) {
    const ColumnTable::Column* col = index.find(name);
    if (col == nullptr) continue;
    Stratification s;
    if (const auto* t = std::get_if<std::vector<std::string>>(col)) {
      s = stratify_text(name, *t);
    } else if (const auto* r = std::get_if<std::vector<double>>(col)) {
      s = stratify_numbers(name, *r, false, edges);
    } else {
      const auto& iv = std::get<std::vector<std::int64_t>>(*col);
      s = stratify_numbers(name, std::vector<double>(iv.begin(), iv.end()), true, edges);
    }
    if (s.names.size() >= 1) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace nmsim::scoring
