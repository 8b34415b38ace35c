#include "labels/dystonia_labeller.hpp"

#include <algorithm>
#include <cmath>

#include "labels/clonus_labeller.hpp"

namespace nmsim::labels {
namespace {

std::size_t sample_at(double t, double rate_hz, std::size_t n) {
  return std::min(n, static_cast<std::size_t>(std::max(0.0, std::round(t * rate_hz))));
}

void fill_drive_stats(DystoniaEvent& e, std::span<const double> drive, double rate_hz) {
  const std::size_t i0 = sample_at(e.span.start_s, rate_hz, drive.size());
  const std::size_t i1 = std::max(i0 + 1, std::min(drive.size(), sample_at(e.span.stop_s, rate_hz, drive.size()) + 1));
  double peak = 0.0, sum = 0.0;
  for (std::size_t k = i0; k < i1 && k < drive.size(); ++k) {
    peak = std::max(peak, drive[k]);
    sum += drive[k];
  }
  e.peak_drive = peak;
  e.mean_drive = sum / static_cast<double>(i1 - i0);
}

std::vector<DystoniaEvent> tremor_runs(std::span<const double> drive, double rate_hz, const DystoniaLabelParams& p) {
  const auto peaks = detect_beats(drive, rate_hz, 0.0, p.tremor_prominence, 1.0 / p.tremor_min_hz);
  std::vector<DystoniaEvent> out;
  const auto min_cycles = static_cast<std::size_t>(std::max(p.tremor_min_cycles, 1));
  for (const Run& r : rhythmic_runs(peaks, 1.0 / p.tremor_max_hz, 1.0 / p.tremor_min_hz, min_cycles)) {
    DystoniaEvent e;
    e.subtype = DystoniaSubtype::Tremor;
    e.span = {peaks[r.first].start_s, peaks[r.end - 1].stop_s};
    e.cycles = static_cast<int>(r.end - r.first);
    double sum = 0.0, sum2 = 0.0;
    for (std::size_t k = r.first + 1; k < r.end; ++k) {
      const double period = peaks[k].peak_s - peaks[k - 1].peak_s;
      sum += period;
      sum2 += period * period;
    }
    const double n = static_cast<double>(r.end - r.first - 1);
    const double mean = sum / n;
    e.frequency_hz = 1.0 / mean;
    e.cycle_cv = std::sqrt(std::max(0.0, sum2 / n - mean * mean)) / mean;
    out.push_back(e);
  }
  return out;
}

double overlap(const Interval& a, const Interval& b) {
  return std::max(0.0, std::min(a.stop_s, b.stop_s) - std::max(a.start_s, b.start_s));
}

}  // namespace

const char* dystonia_event_label(DystoniaSubtype s) {
  switch (s) {
    case DystoniaSubtype::Posture: return "dystonia_posture";
    case DystoniaSubtype::Spasm: return "dystonia_spasm";
    case DystoniaSubtype::Tremor: return "dystonia_tremor";
    case DystoniaSubtype::Overflow: return "dystonia_overflow";
  }
  return "dystonia";
}

std::vector<Interval> involuntary_intervals(std::span<const double> drive, double rate_hz, const DystoniaLabelParams& p) {
  std::vector<Interval> raw;
  bool on = false;
  double start = 0.0;
  for (std::size_t k = 0; k < drive.size(); ++k) {
    const double t = static_cast<double>(k) / rate_hz;
    if (!on && drive[k] > p.on_threshold) {
      on = true;
      // Back up to where the drive crossed the lower threshold: the contraction began there.
      std::size_t j = k;
      while (j > 0 && drive[j - 1] > p.off_threshold) --j;
      start = static_cast<double>(j) / rate_hz;
      if (!raw.empty() && start <= raw.back().stop_s) {  // still inside the previous interval's tail
        start = raw.back().start_s;
        raw.pop_back();
      }
    } else if (on && drive[k] < p.off_threshold) {
      on = false;
      raw.push_back({start, t});
    }
  }
  if (on) raw.push_back({start, static_cast<double>(drive.size()) / rate_hz});
  std::vector<Interval> merged;
  for (const auto& iv : raw) {
    if (!merged.empty() && iv.start_s - merged.back().stop_s < p.merge_gap_s)
      merged.back().stop_s = iv.stop_s;
    else
      merged.push_back(iv);
  }
  std::erase_if(merged, [&](const Interval& iv) { return iv.duration() < p.min_duration_s; });
  return merged;
}

std::vector<DystoniaEvent> classify_dystonia(std::span<const double> drive, std::span<const char> outside_task,
                                             double rate_hz, const DystoniaLabelParams& p) {
  std::vector<DystoniaEvent> out = tremor_runs(drive, rate_hz, p);
  const std::size_t n_tremor = out.size();
  for (const Interval& iv : involuntary_intervals(drive, rate_hz, p)) {
    if (iv.duration() >= p.posture_min_s) {
      out.push_back({iv, DystoniaSubtype::Posture});
    } else {
      double in_tremor = 0.0;
      for (std::size_t k = 0; k < n_tremor; ++k) in_tremor += overlap(iv, out[k].span);
      if (in_tremor < 0.5 * iv.duration()) out.push_back({iv, DystoniaSubtype::Spasm});
    }
    // Overflow: runs of outside-task samples within the interval.
    const std::size_t i0 = sample_at(iv.start_s, rate_hz, outside_task.size());
    const std::size_t i1 = sample_at(iv.stop_s, rate_hz, outside_task.size());
    for (std::size_t k = i0; k < i1;) {
      if (!outside_task[k]) {
        ++k;
        continue;
      }
      std::size_t j = k;
      while (j < i1 && outside_task[j]) ++j;
      const Interval part{static_cast<double>(k) / rate_hz, static_cast<double>(j) / rate_hz};
      if (part.duration() >= p.min_duration_s) out.push_back({part, DystoniaSubtype::Overflow});
      k = j;
    }
  }
  for (auto& e : out) fill_drive_stats(e, drive, rate_hz);
  return out;
}

double co_contraction_index(std::span<const double> a, std::span<const double> b, std::size_t i0, std::size_t i1) {
  double common = 0.0, total = 0.0;
  for (std::size_t k = i0; k < i1 && k < a.size() && k < b.size(); ++k) {
    common += std::min(a[k], b[k]);
    total += a[k] + b[k];
  }
  return total > 0.0 ? 2.0 * common / total : 0.0;
}

}  // namespace nmsim::labels
