// Everything the writer stores comes back unchanged through DatasetReader.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "io/dataset_reader.hpp"
#include "io/dataset_writer.hpp"
#include "io_test_support.hpp"
#include "nmsim/version.hpp"

namespace nmsim::io {
namespace {

using test::add_artefacts;
using test::make_provenance;
using test::make_trial;
using test::ScratchDir;

void expect_series_eq(const TimeSeries& a, const TimeSeries& b) {
  EXPECT_EQ(a.path, b.path);
  EXPECT_EQ(a.unit, b.unit);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.rate_hz, b.rate_hz);
  EXPECT_EQ(a.starting_time_s, b.starting_time_s);
  EXPECT_EQ(a.channels, b.channels);
  EXPECT_EQ(a.data, b.data);  // float32 stored as float32: bit-exact
}

// Column-by-column, treating NaN == NaN (the "missing" marker).
void expect_events_eq(const EventTable& a, const EventTable& b) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.start_time(), b.start_time());
  EXPECT_EQ(a.stop_time(), b.stop_time());
  EXPECT_EQ(a.label(), b.label());
  EXPECT_EQ(a.channel(), b.channel());
  EXPECT_EQ(a.parent(), b.parent());
  EXPECT_EQ(a.int_columns(), b.int_columns());
  ASSERT_EQ(a.real_columns().size(), b.real_columns().size());
  for (const auto& [name, col] : a.real_columns()) {
    ASSERT_TRUE(b.real_columns().contains(name)) << name;
    const auto& other = b.real_columns().at(name);
    ASSERT_EQ(col.size(), other.size());
    for (std::size_t i = 0; i < col.size(); ++i) {
      if (std::isnan(col[i]))
        EXPECT_TRUE(std::isnan(other[i])) << name << "[" << i << "]";
      else
        EXPECT_EQ(col[i], other[i]) << name << "[" << i << "]";
    }
  }
}

void expect_trial_eq(const TrialRecord& a, const TrialRecord& b) {
  EXPECT_EQ(a.index, b.index);
  EXPECT_EQ(a.duration_s, b.duration_s);
  ASSERT_EQ(a.series.size(), b.series.size());
  for (std::size_t i = 0; i < a.series.size(); ++i) expect_series_eq(a.series[i], b.series[i]);
  EXPECT_EQ(a.labels.rate_hz, b.labels.rate_hz);
  EXPECT_EQ(a.labels.starting_time_s, b.labels.starting_time_s);
  EXPECT_EQ(a.labels.channels, b.labels.channels);
  EXPECT_EQ(a.labels.data, b.labels.data);
  EXPECT_EQ(a.artefacts.channels, b.artefacts.channels);
  EXPECT_EQ(a.artefacts.rate_hz, b.artefacts.rate_hz);
  EXPECT_EQ(a.artefacts.bit_names, b.artefacts.bit_names);
  EXPECT_EQ(a.artefacts.data, b.artefacts.data);
  expect_events_eq(a.events, b.events);
  EXPECT_EQ(a.parameters, b.parameters);
  EXPECT_EQ(a.parameter_units, b.parameter_units);
  EXPECT_EQ(a.parameter_sources, b.parameter_sources);
  EXPECT_EQ(a.phase_names, b.phase_names);
  EXPECT_EQ(a.phase_start_s, b.phase_start_s);
  EXPECT_EQ(a.phase_stop_s, b.phase_stop_s);
}

TEST(RoundTrip, RootAttributesAndProvenance) {
  ScratchDir dir;
  const auto out = dir / "set.h5";
  {
    DatasetWriter w(out);
    w.write_provenance(make_provenance());
    w.commit();
  }
  DatasetReader r(out);
  EXPECT_EQ(r.root_string_attribute("format"), "nmsim");
  EXPECT_EQ(r.format_version(), 1);
  EXPECT_EQ(r.generator(), std::string("nmsim ") + kVersion);
  ASSERT_TRUE(r.has_provenance());
  const Provenance want = make_provenance(), got = r.read_provenance();
  EXPECT_EQ(got.scenario_yaml, want.scenario_yaml);
  EXPECT_EQ(got.model_yaml, want.model_yaml);
  EXPECT_EQ(got.seed, want.seed);
  EXPECT_EQ(got.command_line, want.command_line);
  EXPECT_EQ(got.nmsim_version, want.nmsim_version);
  EXPECT_EQ(got.scenario_path, want.scenario_path);
  EXPECT_EQ(got.model_path, want.model_path);
  EXPECT_TRUE(r.trial_indices().empty());
}

TEST(RoundTrip, FullTrial) {
  ScratchDir dir;
  const auto out = dir / "set.h5";
  const TrialRecord trial = make_trial(7);
  {
    DatasetWriter w(out);
    w.write_provenance(make_provenance());
    w.write_trial(trial);
    w.commit();
  }
  DatasetReader r(out);
  EXPECT_EQ(r.trial_indices(), std::vector<std::uint64_t>{7});
  EXPECT_EQ(r.trial_duration(7), trial.duration_s);
  EXPECT_EQ(r.series_paths(7), (std::vector<std::string>{"emg", "kinematics/angle", "kinematics/velocity",
                                                          "kinematics/acceleration", "internals/activation",
                                                          "internals/force", "internals/spindle_rate"}));
  EXPECT_EQ(r.label_bit_names(7), test::kTestBitNames);
  expect_trial_eq(r.read_trial(7), trial);
}

// The artefact mask is stored beside the labels, with its own bit names and occupancy.
TEST(RoundTrip, ArtefactMaskHasItsOwnGroup) {
  ScratchDir dir;
  const auto out = dir / "artefacts.h5";
  TrialRecord trial = make_trial(4);
  add_artefacts(trial);
  {
    DatasetWriter w(out);
    w.write_provenance(make_provenance());
    w.write_trial(trial);
    w.commit();
  }
  const DatasetReader r(out);
  const TrialRecord back = r.read_trial(4);
  expect_trial_eq(back, trial);
  EXPECT_EQ(back.labels.bit_names, trial.labels.bit_names);
  // A trial without artefacts has no artefacts group and reads back empty.
  EXPECT_TRUE(make_trial(5).artefacts.channels.empty());
}

// The bit names a record carries are the ones stored (and read back with its labels).
TEST(RoundTrip, LabelBitNamesComeFromTheRecord) {
  ScratchDir dir;
  const auto out = dir / "bits.h5";
  TrialRecord trial = make_trial(3);
  trial.labels.bit_names.push_back("made_up_bit");
  {
    DatasetWriter w(out);
    w.write_provenance(make_provenance());
    w.write_trial(trial);
    w.commit();
  }
  DatasetReader r(out);
  EXPECT_EQ(r.label_bit_names(3), trial.labels.bit_names);
  EXPECT_EQ(r.read_labels(3).bit_names, trial.labels.bit_names);
}

TEST(RoundTrip, EventColumnsKeepOrderAndMissingValues) {
  ScratchDir dir;
  const auto out = dir / "set.h5";
  TrialRecord trial = make_trial(0);
  // A column that is missing in every row must survive too.
  trial.events.set_real(0, "all_missing", EventTable::kMissingReal);
  {
    DatasetWriter w(out);
    w.write_trial(trial);
    w.commit();
  }
  DatasetReader r(out);
  EXPECT_EQ(r.event_columns(0), (std::vector<std::string>{"start_time", "stop_time", "label", "channel", "parent",
                                                           "all_missing", "amplitude", "frequency_hz",
                                                           "beat_number"}));
  const EventTable ev = r.read_events(0);
  expect_events_eq(ev, trial.events);
  EXPECT_TRUE(std::isnan(ev.real_columns().at("amplitude").at(0)));  // episode row: no amplitude
  EXPECT_EQ(ev.int_columns().at("beat_number").at(4), EventTable::kMissingInt);
  EXPECT_EQ(ev.parent().at(0), EventTable::kMissingInt);
  EXPECT_EQ(ev.parent().at(1), 0);
}

TEST(RoundTrip, EmptyTablesAndSeries) {
  ScratchDir dir;
  const auto out = dir / "set.h5";
  TrialRecord trial;
  trial.index = 3;
  trial.duration_s = 0.0;
  trial.series.push_back(test::make_series("emg", "V", 1000.0, 0, {"a", "b"}));  // zero samples
  trial.series.push_back(test::make_series("internals/none", "1", 1000.0, 0, {}));  // no channels at all
  {
    DatasetWriter w(out);
    w.write_trial(trial);
    w.commit();
  }
  DatasetReader r(out);
  const TrialRecord back = r.read_trial(3);
  expect_trial_eq(back, trial);
  EXPECT_EQ(back.events.size(), 0u);
  EXPECT_TRUE(back.parameters.empty());
  EXPECT_TRUE(back.phase_names.empty());
  EXPECT_EQ(r.event_columns(3), (std::vector<std::string>{"start_time", "stop_time", "label", "channel", "parent"}));
}

TEST(RoundTrip, SeveralTrialsInOneFile) {
  ScratchDir dir;
  const auto out = dir / "set.h5";
  const std::vector<std::uint64_t> indices = {0, 1, 2, 10, 1000000};  // beyond six digits too
  {
    DatasetWriter w(out);
    w.write_provenance(make_provenance());
    for (auto i : indices) w.write_trial(make_trial(i, 0.5));
    w.commit();
  }
  DatasetReader r(out);
  EXPECT_EQ(r.trial_indices(), indices);
  for (auto i : indices) expect_trial_eq(r.read_trial(i), make_trial(i, 0.5));
  EXPECT_TRUE(r.has_trial(10));
  EXPECT_FALSE(r.has_trial(11));
}

TEST(RoundTrip, MissingThingsAreInputErrors) {
  ScratchDir dir;
  const auto out = dir / "set.h5";
  {
    DatasetWriter w(out);
    w.write_trial(make_trial(1, 0.1));
    w.commit();
  }
  DatasetReader r(out);
  EXPECT_FALSE(r.has_provenance());
  EXPECT_THROW(r.read_provenance(), InputError);
  EXPECT_THROW(r.read_trial(2), InputError);
  EXPECT_THROW(r.read_series(1, "kinematics/nope"), InputError);
  EXPECT_THROW(r.read_series(1, "kinematics"), InputError);  // a group, not a series
  EXPECT_THROW(r.read_series(1, "../emg"), InputError);
  EXPECT_NO_THROW(r.read_series(1, "kinematics/angle"));

  try {
    DatasetReader missing(dir / "nope.h5");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key_path(), "input");
  }
  const auto text = dir / "text.h5";
  std::FILE* f = std::fopen(text.c_str(), "w");
  std::fputs("not hdf5", f);
  std::fclose(f);
  EXPECT_THROW(DatasetReader{text}, InputError);
}

}  // namespace
}  // namespace nmsim::io
