// The clonus labeller (docs/labels.md, "Clonus"): beats and episodes of each muscle's reflex
// drive, rated against its EMG channel. With tremor or myoclonus generators or a supraspinal
// loop, only the beats where the trial's twin is in clonus (engine/clonus_twin.hpp).
#include <algorithm>

#include "engine/clonus_twin.hpp"
#include "engine/label_bits.hpp"
#include "engine/phenomenon_labellers.hpp"
#include "labels/clonus_labeller.hpp"
#include "labels/label_raster.hpp"

namespace nmsim::engine {

// Per muscle: beats and episodes of its reflex drive, their salience in its EMG channel.
// The trial's counts are those of its lead muscle (the one with the most beats), so that
// synergists beating together are not counted twice; the grade is the highest of any muscle.
void label_clonus(const LabelContext& c, TrialRecord& rec, TrialStats& st) {
  static const unsigned clonus_bit = label_bit("clonus");
  const std::vector<std::string>& muscles = c.muscles;
  const SampledTrajectory& tr = c.trajectory;
  const auto& p = c.scenario.clonus_labels;
  const auto& reflex_drive = tr.at("internals/reflex_drive");
  const double longest_period = 1.0 / p.min_frequency_hz;
  std::vector<std::vector<labels::Beat>> beats;
  std::vector<std::vector<labels::ClonusEpisode>> per_muscle;
  bool any = false;
  for (std::size_t i = 0; i < muscles.size(); ++i) {
    beats.push_back(labels::detect_beats(reflex_drive[i], tr.kin_rate_hz, 0.0, p.min_prominence, longest_period));
    per_muscle.push_back(labels::group_episodes(beats.back(), p));
    any = any || !per_muscle.back().empty();
  }
  // Leaving beats out only shortens or splits runs, so without an episode the twin changes
  // nothing and is not integrated.
  if (any && needs_clonus_twin(c)) {
    const std::vector<std::vector<double>> twin = twin_reflex_drive(c);
    for (std::size_t i = 0; i < muscles.size(); ++i) {
      const auto twin_beats = labels::detect_beats(twin[i], tr.kin_rate_hz, 0.0, p.min_prominence, longest_period);
      per_muscle[i] = labels::group_episodes(labels::beats_within(beats[i], labels::group_episodes(twin_beats, p)), p);
    }
  }
  std::size_t lead_beats = 0;
  int grade = 0;  // highest SCATS duration class of any muscle (0: no clonus)
  for (std::size_t i = 0; i < muscles.size(); ++i) {
    auto& episodes = per_muscle[i];
    labels::rate_salience(episodes, channel_power(rec, i), p);
    std::size_t n_beats = 0;
    double longest = -1.0, frequency = 0.0;
    for (const auto& ep : episodes) {
      labels::mark_interval(rec.labels, i, ep.start_s, ep.stop_s, clonus_bit);
      n_beats += ep.beats.size();
      grade = std::max(grade, ep.duration_class);
      if (ep.stop_s - ep.start_s > longest) {
        longest = ep.stop_s - ep.start_s;
        frequency = ep.frequency_hz;
      }
    }
    if (n_beats > lead_beats) {
      lead_beats = n_beats;
      count(st, "clonus_beats") = static_cast<double>(n_beats);
      count(st, "clonus_episodes") = static_cast<double>(episodes.size());
      count(st, "clonus_frequency") = frequency;  // stays NaN without an episode
    }
    labels::add_clonus_events(rec.events, episodes, muscles[i]);
  }
  count(st, "clonus_grade") = grade;
}

}  // namespace nmsim::engine
