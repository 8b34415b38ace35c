#include "scoring/event_matching.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <numeric>

namespace nmsim::scoring {

Collars default_collars(const std::string& label) {
  static const char* const kBrief[] = {"clonus_beat", "myoclonic_burst", "myoclonic_silent_period", "myoclonus"};
  for (const char* b : kBrief)
    if (label.rfind(b, 0) == 0) return {0.05, 0.05, 0.5};
  return {};
}

bool within_collars(const Interval& r, const Interval& d, const Collars& c) {
  return std::abs(d.start - r.start) <= c.onset_s &&
         std::abs(d.stop - r.stop) <= std::max(c.offset_s, c.offset_fraction * r.length());
}

namespace {

struct Edge {
  std::size_t r, d;
  double cost;
};

// Min-cost maximum matching of one connected component by successive shortest augmenting
// paths (Bellman-Ford on the residual graph; components are small).
void match_component(const std::vector<Edge>& edges, std::size_t nr, std::size_t nd, std::vector<Match>& out,
                     const std::vector<std::size_t>& rid, const std::vector<std::size_t>& did) {
  if (edges.size() == 1) {
    out.push_back({rid[edges[0].r], did[edges[0].d]});
    return;
  }
  // Nodes: 0 source, 1..nr references, nr+1..nr+nd detections, nr+nd+1 sink.
  const std::size_t n = nr + nd + 2, src = 0, sink = n - 1;
  struct Arc {
    std::size_t to, rev;
    int cap;
    double cost;
  };
  std::vector<std::vector<Arc>> g(n);
  const auto add = [&](std::size_t a, std::size_t b, double cost) {
    g[a].push_back({b, g[b].size(), 1, cost});
    g[b].push_back({a, g[a].size() - 1, 0, -cost});
  };
  for (std::size_t i = 0; i < nr; ++i) add(src, 1 + i, 0.0);
  for (std::size_t j = 0; j < nd; ++j) add(1 + nr + j, sink, 0.0);
  for (const Edge& e : edges) add(1 + e.r, 1 + nr + e.d, e.cost);
  const double inf = std::numeric_limits<double>::infinity();
  for (;;) {
    std::vector<double> dist(n, inf);
    std::vector<std::size_t> prev_node(n, n), prev_arc(n, 0);
    std::vector<char> queued(n, 0);
    std::deque<std::size_t> q{src};
    dist[src] = 0.0;
    while (!q.empty()) {
      const std::size_t u = q.front();
      q.pop_front();
      queued[u] = 0;
      for (std::size_t k = 0; k < g[u].size(); ++k) {
        const Arc& a = g[u][k];
        if (a.cap > 0 && dist[u] + a.cost < dist[a.to] - 1e-15) {
          dist[a.to] = dist[u] + a.cost;
          prev_node[a.to] = u;
          prev_arc[a.to] = k;
          if (!queued[a.to]) {
            queued[a.to] = 1;
            q.push_back(a.to);
          }
        }
      }
    }
    if (dist[sink] == inf) break;
    for (std::size_t v = sink; v != src; v = prev_node[v]) {
      Arc& a = g[prev_node[v]][prev_arc[v]];
      a.cap -= 1;
      g[v][a.rev].cap += 1;
    }
  }
  for (std::size_t i = 0; i < nr; ++i)
    for (const Arc& a : g[1 + i])
      if (a.to > nr && a.to < sink && a.cap == 0) out.push_back({rid[i], did[a.to - 1 - nr]});
}

std::size_t find_root(std::vector<std::size_t>& parent, std::size_t x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

}  // namespace

std::vector<Match> match_events(const std::vector<Interval>& reference, const std::vector<Interval>& detections,
                                const Collars& collars) {
  std::vector<Edge> edges;
  std::size_t lo = 0;
  for (std::size_t r = 0; r < reference.size(); ++r) {
    const double t = reference[r].start;
    while (lo < detections.size() && detections[lo].start < t - collars.onset_s) ++lo;
    for (std::size_t d = lo; d < detections.size() && detections[d].start <= t + collars.onset_s; ++d)
      if (within_collars(reference[r], detections[d], collars))
        edges.push_back({r, d, std::abs(detections[d].start - t) + std::abs(detections[d].stop - reference[r].stop)});
  }
  std::vector<Match> out;
  if (edges.empty()) return out;
  // A pair that is each other's only candidate is matched directly (the common case);
  // the rest form connected components (union-find) solved one by one.
  const std::size_t nr = reference.size();
  std::vector<unsigned> degree(nr + detections.size(), 0);
  for (const Edge& e : edges) {
    ++degree[e.r];
    ++degree[nr + e.d];
  }
  std::vector<Edge> rest;
  for (const Edge& e : edges) {
    if (degree[e.r] == 1 && degree[nr + e.d] == 1) out.push_back({e.r, e.d});
    else rest.push_back(e);
  }
  if (rest.empty()) return out;
  std::vector<std::size_t> parent(nr + detections.size());
  std::iota(parent.begin(), parent.end(), 0);
  for (const Edge& e : rest) parent[find_root(parent, e.r)] = find_root(parent, nr + e.d);
  std::vector<std::pair<std::size_t, std::size_t>> order;  // (component root, edge)
  order.reserve(rest.size());
  for (std::size_t k = 0; k < rest.size(); ++k) order.emplace_back(find_root(parent, rest[k].r), k);
  std::sort(order.begin(), order.end());
  std::vector<std::size_t> rid, did;
  std::vector<Edge> local;
  for (std::size_t k = 0; k < order.size();) {
    std::size_t end = k;
    while (end < order.size() && order[end].first == order[k].first) ++end;
    // Renumber the component's references and detections from 0.
    rid.clear();
    did.clear();
    local.clear();
    for (std::size_t m = k; m < end; ++m) {
      const Edge& e = rest[order[m].second];
      auto ri = std::find(rid.begin(), rid.end(), e.r);
      if (ri == rid.end()) ri = rid.insert(rid.end(), e.r);
      auto di = std::find(did.begin(), did.end(), e.d);
      if (di == did.end()) di = did.insert(did.end(), e.d);
      local.push_back({static_cast<std::size_t>(ri - rid.begin()), static_cast<std::size_t>(di - did.begin()), e.cost});
    }
    match_component(local, rid.size(), did.size(), out, rid, did);
    k = end;
  }
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) { return a.reference < b.reference; });
  return out;
}

}  // namespace nmsim::scoring
