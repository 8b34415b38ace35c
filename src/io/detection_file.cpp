#include "io/detection_file.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/hdf5_read.hpp"
#include "io/hdf5_write.hpp"
#include "io/schema.hpp"
#include "io/text_output.hpp"

namespace nmsim::io {

namespace fs = std::filesystem;

namespace {

constexpr const char* kDetectionsGroup = "detections";
constexpr const char* kScoresGroup = "scores";
const std::vector<std::string> kRequired{"trial", "channel", "label", "start", "stop"};

[[noreturn]] void fail(const fs::path& file, int line, int column, const std::string& key, const std::string& what) {
  throw InputError(SourceMark{file.string(), line, column}, key, what);
}

std::string trim(std::string_view s) {
  const auto a = s.find_first_not_of(" \t\r");
  if (a == std::string_view::npos) return {};
  const auto b = s.find_last_not_of(" \t\r");
  return std::string(s.substr(a, b - a + 1));
}

bool parse_double(const std::string& s, double& out) {
  if (s.empty()) return false;
  const char* end = s.data() + s.size();
  const auto r = std::from_chars(s.data(), end, out);
  return r.ec == std::errc() && r.ptr == end;
}

bool parse_index(const std::string& s, std::uint64_t& out) {
  if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc();
}

// Checks one row against the dataset; `where` locates trial and channel for the message.
void check_target(const DetectionTargets* targets, std::uint64_t trial, const std::string& channel,
                  const std::function<void(const std::string&, const std::string&)>& error) {
  if (targets == nullptr) return;
  const auto it = targets->channels.find(trial);
  if (it == targets->channels.end()) error("trial", "trial " + std::to_string(trial) + " is not a scorable trial of the dataset");
  if (channel == scoring::kAnyChannel) return;
  if (std::find(it->second.begin(), it->second.end(), channel) == it->second.end()) {
    std::string valid = scoring::kAnyChannel;
    for (const auto& c : it->second) valid += ", " + c;
    error("channel", "trial " + std::to_string(trial) + " has no channel '" + channel + "' (valid: " + valid + ")");
  }
}

DetectionFile read_csv(const fs::path& path, const DetectionTargets* targets) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, 0, 0, "detections", "cannot open the file");
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  DetectionFile out;
  std::vector<std::string> header;
  std::vector<int> role;  // index in kRequired, 5 = score, 6 = extra numeric
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t nl = std::min(text.find('\n', pos), text.size());
    const std::string_view line(text.data() + pos, nl - pos);
    ++line_no;
    pos = nl + 1;
    if (trim(line).empty() || trim(line)[0] == '#') {
      if (nl == text.size()) break;
      continue;
    }
    // Fields and their 1-based columns.
    std::vector<std::string> fields;
    std::vector<int> cols;
    std::size_t a = 0;
    while (true) {
      const std::size_t b = std::min(line.find(',', a), line.size());
      fields.push_back(trim(line.substr(a, b - a)));
      cols.push_back(static_cast<int>(a) + 1);
      if (b == line.size()) break;
      a = b + 1;
    }
    if (header.empty()) {
      std::set<std::string> seen;
      for (std::size_t k = 0; k < fields.size(); ++k) {
        const std::string& f = fields[k];
        if (f.empty()) fail(path, line_no, cols[k], "header", "empty column name");
        if (f.find('"') != std::string::npos) fail(path, line_no, cols[k], "header", "quoted fields are not supported");
        if (!seen.insert(f).second) fail(path, line_no, cols[k], "header", "column '" + f + "' appears twice");
        const auto it = std::find(kRequired.begin(), kRequired.end(), f);
        role.push_back(it != kRequired.end() ? static_cast<int>(it - kRequired.begin()) : f == "score" ? 5 : 6);
      }
      header = fields;
      for (const auto& r : kRequired)
        if (!seen.count(r))
          fail(path, line_no, 1, "header",
               "missing column '" + r + "': expected a header with trial, channel, label, start, stop (and optionally "
               "score and numeric columns)");
      if (nl == text.size()) break;
      continue;
    }
    if (fields.size() != header.size())
      fail(path, line_no, fields.size() > header.size() ? cols[header.size()] : static_cast<int>(line.size()) + 1, "row",
           "expected " + std::to_string(header.size()) + " fields as in the header, found " + std::to_string(fields.size()));
    std::uint64_t trial = 0;
    std::string channel, label;
    double start = NAN, stop = NAN, score = NAN;
    std::vector<std::pair<std::string, double>> extra;
    int start_col = 0;
    for (std::size_t k = 0; k < fields.size(); ++k) {
      const std::string& f = fields[k];
      const auto bad = [&](const std::string& what) { fail(path, line_no, cols[k], header[k], what + ", got '" + f + "'"); };
      switch (role[k]) {
        case 0:
          if (!parse_index(f, trial)) bad("expected a trial index (a whole number >= 0)");
          break;
        case 1:
          if (f.empty()) bad("expected a channel name or 'any'");
          channel = f;
          break;
        case 2:
          if (f.empty()) bad("expected a label such as clonus_episode or clonus (docs/scoring.md)");
          label = f;
          break;
        case 3:
        case 4: {
          double v = NAN;
          if (!parse_double(f, v) || !std::isfinite(v)) bad("expected a time in seconds");
          (role[k] == 3 ? start : stop) = v;
          if (role[k] == 3) start_col = cols[k];
          break;
        }
        default: {
          double v = NAN;
          if (!f.empty() && (!parse_double(f, v) || !std::isfinite(v))) bad("expected a finite number or an empty field");
          if (role[k] == 5) score = v;
          else extra.emplace_back(header[k], v);
        }
      }
    }
    if (stop < start)
      fail(path, line_no, start_col, "start", "the event stops (" + std::to_string(stop) + " s) before it starts");
    const auto where = [&](const std::string& column, const std::string& what) {
      const auto k = static_cast<std::size_t>(std::find(header.begin(), header.end(), column) - header.begin());
      fail(path, line_no, cols[k], column, what);
    };
    check_target(targets, trial, channel, where);
    const std::size_t row = out.events.add(trial, channel, label, start, stop, score);
    for (const auto& [name, v] : extra)
      if (!std::isnan(v)) out.events.set_value(row, name, v);
    for (const auto& [name, v] : extra)
      if (std::isnan(v)) out.events.values.try_emplace(name, out.events.size(), NAN);
    if (nl == text.size()) break;
  }
  if (header.empty()) fail(path, 1, 1, "header", "the file is empty: expected a header line trial,channel,label,start,stop");
  return out;
}

DetectionFile read_hdf5(const fs::path& path, const DetectionTargets* targets) {
  h5::silence_hdf5_errors();
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) fail(path, 0, 0, "detections", "cannot open: " + h5::hdf5_error_detail());
  const h5::Handle file(id, H5Fclose);
  DetectionFile out;
  const bool has_events = h5::kind_of(file.get(), kDetectionsGroup) == h5::ObjectKind::group;
  const bool has_scores = h5::kind_of(file.get(), kScoresGroup) == h5::ObjectKind::group;
  if (!has_events && !has_scores)
    fail(path, 0, 0, "/", "expected a group /detections (an event table) or /scores (per-sample scores)");
  try {
    if (has_events) {
      const h5::Handle g = h5::open_group(file.get(), kDetectionsGroup);
      const auto names = h5::member_names(g.get());
      for (const auto& r : kRequired)
        if (std::find(names.begin(), names.end(), r) == names.end())
          fail(path, 0, 0, std::string("/detections/") + r, "missing column (expected trial, channel, label, start, stop)");
      const auto trial = h5::read_vector<std::int64_t>(g.get(), "trial");
      const auto channel = h5::read_strings(g.get(), "channel");
      const auto label = h5::read_strings(g.get(), "label");
      const auto start = h5::read_vector<double>(g.get(), "start");
      const auto stop = h5::read_vector<double>(g.get(), "stop");
      const std::size_t n = trial.size();
      std::map<std::string, std::vector<double>> extra;
      for (const auto& name : names)
        if (std::find(kRequired.begin(), kRequired.end(), name) == kRequired.end()) extra[name] = h5::read_vector<double>(g.get(), name.c_str());
      const auto length_ok = [&](std::size_t size, const std::string& name) {
        if (size != n)
          fail(path, 0, 0, "/detections/" + name,
               "has " + std::to_string(size) + " rows, expected " + std::to_string(n) + " as /detections/trial");
      };
      length_ok(channel.size(), "channel");
      length_ok(label.size(), "label");
      length_ok(start.size(), "start");
      length_ok(stop.size(), "stop");
      for (const auto& [name, v] : extra) length_ok(v.size(), name);
      for (std::size_t r = 0; r < n; ++r) {
        const auto at = [&](const std::string& column, const std::string& what) {
          fail(path, 0, 0, "/detections/" + column + "[" + std::to_string(r) + "]", what);
        };
        if (trial[r] < 0) at("trial", "expected a trial index >= 0, got " + std::to_string(trial[r]));
        if (!std::isfinite(start[r]) || !std::isfinite(stop[r]) || stop[r] < start[r])
          at("start", "expected finite times with start <= stop");
        if (label[r].empty()) at("label", "expected a label");
        if (channel[r].empty()) at("channel", "expected a channel name or 'any'");
        check_target(targets, static_cast<std::uint64_t>(trial[r]), channel[r], at);
        const auto sc = extra.find("score");
        const std::size_t row = out.events.add(static_cast<std::uint64_t>(trial[r]), channel[r], label[r], start[r],
                                               stop[r], sc != extra.end() ? sc->second[r] : NAN);
        for (const auto& [name, v] : extra)
          if (name != "score" && !std::isnan(v[r])) out.events.set_value(row, name, v[r]);
      }
    }
    if (has_scores) {
      const h5::Handle g = h5::open_group(file.get(), kScoresGroup);
      for (const auto& trial_name : h5::member_names(g.get())) {
        const auto index = schema::parse_trial_group_name(trial_name);
        if (!index) fail(path, 0, 0, "/scores/" + trial_name, "expected a trial group named by its index (e.g. 000042)");
        const h5::Handle tg = h5::open_group(g.get(), trial_name);
        for (const auto& label : h5::member_names(tg.get())) {
          const std::string key = "/scores/" + trial_name + "/" + label;
          const h5::Handle d = h5::open_dataset(tg.get(), label);
          scoring::SampleScores s;
          s.trial = *index;
          s.label = label;
          std::size_t rows = 0, cols = 0;
          s.data = h5::read_matrix<float>(d.get(), rows, cols);
          if (!h5::has_attr(d.get(), "rate") || !h5::has_attr(d.get(), "channels"))
            fail(path, 0, 0, key, "expected attributes rate (Hz), starting_time (s) and channels");
          s.rate_hz = h5::read_attr_f64(d.get(), "rate");
          s.starting_time_s = h5::has_attr(d.get(), "starting_time") ? h5::read_attr_f64(d.get(), "starting_time") : 0.0;
          s.channels = h5::read_attr_strings(d.get(), "channels");
          if (s.channels.size() != cols || !(s.rate_hz > 0))
            fail(path, 0, 0, key, "expected one channel name per column and a positive rate");
          for (const auto& c : s.channels) check_target(targets, s.trial, c, [&](const std::string&, const std::string& w) { fail(path, 0, 0, key, w); });
          for (float v : s.data)
            if (!std::isfinite(v)) fail(path, 0, 0, key, "scores must be finite numbers");
          out.scores.push_back(std::move(s));
        }
      }
    }
  } catch (const std::runtime_error& e) {
    if (dynamic_cast<const InputError*>(&e) != nullptr) throw;
    fail(path, 0, 0, "detections", std::string("unreadable detection file: ") + e.what());
  }
  return out;
}

std::string number(double x) {
  if (std::isnan(x)) return {};
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

}  // namespace

DetectionFile read_detection_file(const fs::path& path, const DetectionTargets* targets) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) fail(path, 0, 0, "detections", "no such file");
  h5::silence_hdf5_errors();
  return H5Fis_hdf5(path.c_str()) > 0 ? read_hdf5(path, targets) : read_csv(path, targets);
}

void write_detection_file(const fs::path& path, const scoring::DetectionTable& t, const std::string& comment) {
  if (path.extension() == ".csv") {
    std::string s = "# " + comment + "\ntrial,channel,label,start,stop,score";
    for (const auto& [name, col] : t.values) s += "," + name;
    s += '\n';
    for (std::size_t r = 0; r < t.size(); ++r) {
      s += std::to_string(t.trial[r]) + "," + t.channel[r] + "," + t.label[r] + "," + number(t.start[r]) + "," +
           number(t.stop[r]) + "," + number(t.score[r]);
      for (const auto& [name, col] : t.values) s += "," + number(col[r]);
      s += '\n';
    }
    write_text_file(path, s);
    return;
  }
  const auto temp = atomic::temp_path_for(path);
  atomic::claim_temp_file(path, temp);
  try {
    {
      h5::silence_hdf5_errors();
      const h5::Handle file = h5::checked(H5Fcreate(temp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                                          "create '" + temp.string() + "'");
      const h5::CreationLists lists = h5::make_creation_lists();
      h5::write_attr_string(file.get(), "comment", comment);
      const h5::Handle g = h5::create_group(file.get(), kDetectionsGroup, lists.group.get());
      const std::vector<std::int64_t> trial(t.trial.begin(), t.trial.end());
      h5::write_vector(g.get(), "trial", trial, lists.dataset.get());
      h5::write_strings(g.get(), "channel", t.channel, lists.dataset.get());
      h5::write_strings(g.get(), "label", t.label, lists.dataset.get());
      h5::write_vector(g.get(), "start", t.start, lists.dataset.get());
      h5::write_vector(g.get(), "stop", t.stop, lists.dataset.get());
      h5::write_vector(g.get(), "score", t.score, lists.dataset.get());
      for (const auto& [name, col] : t.values) h5::write_vector(g.get(), name.c_str(), col, lists.dataset.get());
    }
    atomic::publish(temp, path);
  } catch (...) {
    std::error_code ec;
    fs::remove(temp, ec);
    throw;
  }
}

}  // namespace nmsim::io
