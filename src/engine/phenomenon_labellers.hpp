#pragma once
// The labellers of the phenomena the model produces, registered in one place
// (phenomenon_labellers.cpp) and run in that order by label_trial (docs/labels.md has the rules).
// A labeller marks its label bits (engine/label_bits.cpp), adds its event rows and sets its
// counts (engine/count_registry.cpp); its `rate` step, if any, runs once every labeller has
// marked its bits and gives its rows their salience in the EMG and `visible` flag.
#include <vector>

#include "engine/label_context.hpp"

namespace nmsim::engine {

struct PhenomenonLabeller {
  const char* name;
  void (*label)(const LabelContext& context, TrialRecord& rec, TrialStats& stats);
  void (*rate)(const LabelContext& context, TrialRecord& rec);  // may be null
};

const std::vector<PhenomenonLabeller>& phenomenon_labellers();

// The built-in phenomena (each in its own file).
void label_clonus(const LabelContext& context, TrialRecord& rec, TrialStats& stats);
void label_dystonia(const LabelContext& context, TrialRecord& rec, TrialStats& stats);
void rate_dystonia(const LabelContext& context, TrialRecord& rec);
void label_myoclonus(const LabelContext& context, TrialRecord& rec, TrialStats& stats);
void rate_myoclonus(const LabelContext& context, TrialRecord& rec);
void label_tremor(const LabelContext& context, TrialRecord& rec, TrialStats& stats);
void rate_tremor(const LabelContext& context, TrialRecord& rec);

}  // namespace nmsim::engine
