#include "io/trial_part.hpp"

#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace nmsim::io {
namespace {

constexpr char kMagic[8] = {'N', 'M', 'S', 'I', 'M', 'P', 'T', '3'};  // 3: clonus grade, critical and reflex gain

// FNV-1a over 64-bit words (bytes for the tail): detects torn or corrupted parts at a small
// fraction of the cost of the bytewise hash on megabyte-sized parts.
std::uint64_t checksum(const char* data, std::size_t n) {
  std::uint64_t h = 1469598103934665603ull;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, data + i, 8);
    h = (h ^ w) * 1099511628211ull;
  }
  for (; i < n; ++i) h = (h ^ static_cast<unsigned char>(data[i])) * 1099511628211ull;
  return h;
}

class Out {
 public:
  explicit Out(std::size_t expected_bytes) { buf_.reserve(expected_bytes); }
  template <class T>
  void pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* p = reinterpret_cast<const char*>(&v);
    buf_.insert(buf_.end(), p, p + sizeof(T));
  }
  void str(const std::string& s) {
    pod<std::uint64_t>(s.size());
    buf_.insert(buf_.end(), s.begin(), s.end());
  }
  template <class T>
  void vec(const std::vector<T>& v) {
    pod<std::uint64_t>(v.size());
    if constexpr (std::is_same_v<T, std::string>) {
      for (const auto& s : v) str(s);
    } else {
      const auto* p = reinterpret_cast<const char*>(v.data());
      buf_.insert(buf_.end(), p, p + v.size() * sizeof(T));
    }
  }
  std::vector<char>& bytes() { return buf_; }

 private:
  std::vector<char> buf_;
};

class In {
 public:
  In(const char* p, std::size_t n) : p_(p), end_(p + n) {}
  template <class T>
  T pod() {
    T v;
    need(sizeof(T));
    std::memcpy(&v, p_, sizeof(T));
    p_ += sizeof(T);
    return v;
  }
  std::string str() {
    const auto n = pod<std::uint64_t>();
    need(n);
    std::string s(p_, n);
    p_ += n;
    return s;
  }
  template <class T>
  std::vector<T> vec() {
    const auto n = pod<std::uint64_t>();
    std::vector<T> v;
    if constexpr (std::is_same_v<T, std::string>) {
      for (std::uint64_t i = 0; i < n; ++i) v.push_back(str());
    } else {
      need(n * sizeof(T));
      v.resize(n);
      std::memcpy(v.data(), p_, n * sizeof(T));
      p_ += n * sizeof(T);
    }
    return v;
  }
  bool done() const { return p_ == end_; }

 private:
  void need(std::uint64_t n) const {
    if (n > static_cast<std::uint64_t>(end_ - p_)) throw std::runtime_error("truncated part");
  }
  const char* p_;
  const char* end_;
};

void put_record(Out& o, const TrialRecord& r) {
  o.pod(r.index);
  o.pod(r.duration_s);
  o.pod<std::uint64_t>(r.series.size());
  for (const auto& s : r.series) {
    o.str(s.path), o.str(s.unit), o.str(s.description), o.pod(s.rate_hz), o.pod(s.starting_time_s);
    o.vec(s.channels), o.vec(s.data);
  }
  o.pod(r.labels.rate_hz), o.pod(r.labels.starting_time_s), o.vec(r.labels.channels), o.vec(r.labels.data);
  const EventTable& e = r.events;
  o.vec(e.start_time()), o.vec(e.stop_time()), o.vec(e.label()), o.vec(e.channel()), o.vec(e.parent());
  o.pod<std::uint64_t>(e.real_columns().size());
  for (const auto& [name, col] : e.real_columns()) o.str(name), o.vec(col);
  o.pod<std::uint64_t>(e.int_columns().size());
  for (const auto& [name, col] : e.int_columns()) o.str(name), o.vec(col);
  o.pod<std::uint64_t>(r.parameters.size());
  for (const auto& [name, value] : r.parameters) o.str(name), o.pod(value);
  o.vec(r.phase_names), o.vec(r.phase_start_s), o.vec(r.phase_stop_s);
}

TrialRecord get_record(In& in) {
  TrialRecord r;
  r.index = in.pod<std::uint64_t>();
  r.duration_s = in.pod<double>();
  const auto n_series = in.pod<std::uint64_t>();
  for (std::uint64_t i = 0; i < n_series; ++i) {
    TimeSeries s;
    s.path = in.str(), s.unit = in.str(), s.description = in.str();
    s.rate_hz = in.pod<double>(), s.starting_time_s = in.pod<double>();
    s.channels = in.vec<std::string>(), s.data = in.vec<float>();
    r.series.push_back(std::move(s));
  }
  r.labels.rate_hz = in.pod<double>(), r.labels.starting_time_s = in.pod<double>();
  r.labels.channels = in.vec<std::string>(), r.labels.data = in.vec<LabelMask>();
  const auto start = in.vec<double>(), stop = in.vec<double>();
  const auto label = in.vec<std::string>(), channel = in.vec<std::string>();
  const auto parent = in.vec<std::int64_t>();
  for (std::size_t k = 0; k < start.size(); ++k) r.events.add(start.at(k), stop.at(k), label.at(k), channel.at(k), parent.at(k));
  const auto n_real = in.pod<std::uint64_t>();
  for (std::uint64_t c = 0; c < n_real; ++c) {
    const std::string name = in.str();
    const auto col = in.vec<double>();
    for (std::size_t k = 0; k < col.size() && k < start.size(); ++k) r.events.set_real(k, name, col[k]);
  }
  const auto n_int = in.pod<std::uint64_t>();
  for (std::uint64_t c = 0; c < n_int; ++c) {
    const std::string name = in.str();
    const auto col = in.vec<std::int64_t>();
    for (std::size_t k = 0; k < col.size() && k < start.size(); ++k) r.events.set_int(k, name, col[k]);
  }
  const auto n_params = in.pod<std::uint64_t>();
  for (std::uint64_t k = 0; k < n_params; ++k) {
    std::string name = in.str();
    r.parameters.emplace_back(std::move(name), in.pod<double>());
  }
  r.phase_names = in.vec<std::string>(), r.phase_start_s = in.vec<double>(), r.phase_stop_s = in.vec<double>();
  return r;
}

}  // namespace

namespace {
std::size_t expected_size(const TrialPart& part) {
  std::size_t bytes = 1 << 16;  // headers, strings, events, parameters
  if (part.record) {
    for (const auto& s : part.record->series) bytes += s.data.size() * sizeof(float);
    bytes += part.record->labels.data.size() * sizeof(LabelMask);
  }
  return bytes;
}
}  // namespace

void write_trial_part(const std::filesystem::path& file, const TrialPart& part) {
  Out o(expected_size(part));
  o.pod(part.trial);
  o.pod<std::uint8_t>(part.failed ? 1 : 0);
  o.str(part.failure);
  o.pod(part.duration_s), o.pod(part.clonus_episodes), o.pod(part.clonus_beats), o.pod(part.clonus_frequency_hz);
  o.pod(part.clonus_grade), o.pod(part.dystonia_events), o.pod(part.myoclonic_jerks);
  o.pod(part.critical_gain), o.pod(part.reflex_gain);
  o.pod<std::uint8_t>(part.record ? 1 : 0);
  if (part.record) put_record(o, *part.record);
  const std::uint64_t sum = checksum(o.bytes().data(), o.bytes().size());
  const std::filesystem::path tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(kMagic, sizeof kMagic);
    out.write(o.bytes().data(), static_cast<std::streamsize>(o.bytes().size()));
    out.write(reinterpret_cast<const char*>(&sum), sizeof sum);
    if (!out) throw std::runtime_error("cannot write '" + tmp.string() + "'");
  }
  std::filesystem::rename(tmp, file);  // complete or absent, even if the process is killed
}

std::optional<TrialPart> read_trial_part(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  const std::vector<char> all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (all.size() < sizeof kMagic + sizeof(std::uint64_t) || std::memcmp(all.data(), kMagic, sizeof kMagic) != 0)
    return std::nullopt;
  const char* body = all.data() + sizeof kMagic;
  const std::size_t n = all.size() - sizeof kMagic - sizeof(std::uint64_t);
  std::uint64_t sum;
  std::memcpy(&sum, body + n, sizeof sum);
  if (sum != checksum(body, n)) return std::nullopt;
  try {
    In r(body, n);
    TrialPart p;
    p.trial = r.pod<std::uint64_t>();
    p.failed = r.pod<std::uint8_t>() != 0;
    p.failure = r.str();
    p.duration_s = r.pod<double>(), p.clonus_episodes = r.pod<std::int64_t>(), p.clonus_beats = r.pod<std::int64_t>();
    p.clonus_frequency_hz = r.pod<double>();
    p.clonus_grade = r.pod<std::int64_t>();
    p.dystonia_events = r.pod<std::int64_t>(), p.myoclonic_jerks = r.pod<std::int64_t>();
    p.critical_gain = r.pod<double>(), p.reflex_gain = r.pod<double>();
    if (r.pod<std::uint8_t>() != 0) p.record = get_record(r);
    if (!r.done()) return std::nullopt;
    return p;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace nmsim::io
