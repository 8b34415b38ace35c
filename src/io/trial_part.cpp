#include "io/trial_part.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "core/checksum.hpp"
#include "core/error.hpp"

namespace nmsim::io {
namespace {

// The last byte is the format version (docs/scaling.md). 2: dystonia and myoclonus counts; 3: the
// run fingerprint after the magic, the clonus grade, the critical and the reflex gain; 4: the
// counts as a self-describing list (name, kind, value) and the label bits' names with the labels,
// so new counts and bits need no new version; 5: each parameter's unit and source; 6: the
// recording chain's artefact mask after the labels.
constexpr char kVersion = '6';
constexpr char kMagic[8] = {'N', 'M', 'S', 'I', 'M', 'P', 'T', kVersion};
constexpr std::size_t kMaxCountKind = static_cast<std::size_t>(CountKind::value);

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
      if (n > static_cast<std::uint64_t>(end_ - p_) / sizeof(T)) throw std::runtime_error("truncated part");
      v.resize(n);
      if (n > 0) std::memcpy(v.data(), p_, n * sizeof(T));  // an empty vector's data() may be null
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
  for (const LabelSeries* l : {&r.labels, &r.artefacts}) {
    o.pod(l->rate_hz), o.pod(l->starting_time_s), o.vec(l->channels), o.vec(l->data);
    o.vec(l->bit_names);
  }
  const EventTable& e = r.events;
  o.vec(e.start_time()), o.vec(e.stop_time()), o.vec(e.label()), o.vec(e.channel()), o.vec(e.parent());
  o.pod<std::uint64_t>(e.real_columns().size());
  for (const auto& [name, col] : e.real_columns()) o.str(name), o.vec(col);
  o.pod<std::uint64_t>(e.int_columns().size());
  for (const auto& [name, col] : e.int_columns()) o.str(name), o.vec(col);
  o.pod<std::uint64_t>(r.parameters.size());
  for (const auto& [name, value] : r.parameters) o.str(name), o.pod(value);
  o.vec(r.parameter_units), o.vec(r.parameter_sources);
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
  for (LabelSeries* l : {&r.labels, &r.artefacts}) {
    l->rate_hz = in.pod<double>(), l->starting_time_s = in.pod<double>();
    l->channels = in.vec<std::string>(), l->data = in.vec<LabelMask>();
    l->bit_names = in.vec<std::string>();
  }
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
  r.parameter_units = in.vec<std::string>(), r.parameter_sources = in.vec<std::string>();
  r.phase_names = in.vec<std::string>(), r.phase_start_s = in.vec<double>(), r.phase_stop_s = in.vec<double>();
  return r;
}

}  // namespace

namespace {
std::size_t expected_size(const TrialPart& part) {
  std::size_t bytes = 1 << 16;  // headers, strings, events, parameters
  if (part.record) {
    for (const auto& s : part.record->series) bytes += s.data.size() * sizeof(float);
    bytes += (part.record->labels.data.size() + part.record->artefacts.data.size()) * sizeof(LabelMask);
  }
  return bytes;
}
}  // namespace

void write_trial_part(const std::filesystem::path& file, const TrialPart& part, std::uint64_t run_fingerprint) {
  Out o(expected_size(part));
  o.pod(run_fingerprint);
  o.pod(part.trial);
  o.pod<std::uint8_t>(part.failed ? 1 : 0);
  o.str(part.failure);
  o.pod(part.duration_s);
  o.pod<std::uint64_t>(part.counts.size());
  for (const auto& c : part.counts) o.str(c.name), o.pod(static_cast<std::uint8_t>(c.kind)), o.pod(c.value);
  o.pod(part.critical_gain), o.pod(part.reflex_gain);
  o.pod<std::uint8_t>(part.record ? 1 : 0);
  if (part.record) put_record(o, *part.record);
  const std::uint64_t sum = word_checksum(o.bytes().data(), o.bytes().size());
  const std::filesystem::path tmp = file.string() + ".tmp";
  o.pod(sum);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) throw IoError(tmp.string(), errno, "create");
  const auto write_all = [&](const char* p, std::size_t n) {
    while (n > 0) {
      const ssize_t k = ::write(fd, p, n);
      if (k < 0 && errno == EINTR) continue;
      if (k < 0) return false;
      p += k;
      n -= static_cast<std::size_t>(k);
    }
    return true;
  };
  if (!write_all(kMagic, sizeof kMagic) || !write_all(o.bytes().data(), o.bytes().size())) {
    const int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    throw IoError(tmp.string(), err, "write");
  }
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw IoError(tmp.string(), err, "write");
  }
  if (::rename(tmp.c_str(), file.c_str()) != 0) {  // complete or absent, even if the process is killed
    const int err = errno;
    ::unlink(tmp.c_str());
    throw IoError(file.string(), err, "rename a part onto");
  }
}

PartRead decode_trial_part(const char* data, std::size_t size, std::uint64_t run_fingerprint, std::uint64_t trial) {
  const auto damaged = [](std::string why) { return PartRead{PartRead::Status::damaged, std::nullopt, std::move(why)}; };
  if (size < sizeof kMagic + 2 * sizeof(std::uint64_t) || std::memcmp(data, kMagic, sizeof kMagic - 1) != 0)
    return damaged("not an nmsim part");
  if (data[sizeof kMagic - 1] != kVersion)
    return damaged(std::string("of part format ") + data[sizeof kMagic - 1] + " (written by another nmsim version; this one writes " +
                   kVersion + ")");
  const char* body = data + sizeof kMagic;
  const std::size_t n = size - sizeof kMagic - sizeof(std::uint64_t);
  std::uint64_t sum;
  std::memcpy(&sum, body + n, sizeof sum);
  if (sum != word_checksum(body, n)) return damaged("truncated or corrupt (checksum mismatch)");
  try {
    In r(body, n);
    if (r.pod<std::uint64_t>() != run_fingerprint) return damaged("written by another run (other scenario, seed or shard)");
    TrialPart p;
    p.trial = r.pod<std::uint64_t>();
    if (p.trial != trial) return damaged("holds trial " + std::to_string(p.trial) + ", not " + std::to_string(trial));
    p.failed = r.pod<std::uint8_t>() != 0;
    p.failure = r.str();
    p.duration_s = r.pod<double>();
    const auto n_counts = r.pod<std::uint64_t>();
    for (std::uint64_t k = 0; k < n_counts; ++k) {
      Count c;
      c.name = r.str();
      const auto kind = r.pod<std::uint8_t>();
      if (kind > kMaxCountKind) return damaged("has a count of unknown kind " + std::to_string(kind));
      c.kind = static_cast<CountKind>(kind);
      c.value = r.pod<double>();
      p.counts.push_back(std::move(c));
    }
    p.critical_gain = r.pod<double>(), p.reflex_gain = r.pod<double>();
    if (r.pod<std::uint8_t>() != 0) p.record = get_record(r);
    if (!r.done()) return damaged("has trailing bytes");
    if (p.failed == p.record.has_value()) return damaged("inconsistent (failed with a record, or ok without)");
    return PartRead{PartRead::Status::ok, std::move(p), {}};
  } catch (const std::exception&) {
    return damaged("malformed");
  }
}

PartRead read_trial_part(const std::filesystem::path& file, std::uint64_t run_fingerprint, std::uint64_t trial) {
  const auto damaged = [](std::string why) { return PartRead{PartRead::Status::damaged, std::nullopt, std::move(why)}; };
  // O_NOFOLLOW: a link (to /dev/zero, to another run's part) is damage, not data; O_NONBLOCK: a
  // FIFO planted under a part's name must not block the open.
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) return {};
    if (errno == ELOOP) return damaged("a symbolic link");
    return damaged(std::string("cannot be opened: ") + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return damaged(S_ISDIR(st.st_mode) ? "a folder" : "not a regular file");
  }
  std::vector<char> all(static_cast<std::size_t>(st.st_size));  // a regular file's size bounds the read
  std::size_t got = 0;
  while (got < all.size()) {
    const ssize_t k = ::read(fd, all.data() + got, all.size() - got);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break;
    got += static_cast<std::size_t>(k);
  }
  ::close(fd);
  if (got != all.size()) return damaged("shorter than its size (changed while being read)");
  return decode_trial_part(all.data(), all.size(), run_fingerprint, trial);
}

}  // namespace nmsim::io
