// The label-bit registry (engine/label_bits.hpp): the built-in bits keep their file positions,
// a registered bit is appended and reaches every record's bit names, and a repeated name, a full
// mask or an unregistered name is refused.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "../cli/cli_harness.hpp"
#include "core/label_series.hpp"
#include "engine/engine.hpp"
#include "engine/label_bits.hpp"

namespace nmsim::engine {
namespace {

TEST(LabelBits, BuiltInBitsKeepTheirFilePositions) {
  // Part of the file format (docs/format.md): never renumbered.
  const std::vector<std::string> expected{"clonus",          "dystonia",       "myoclonus",
                                          "dystonia_posture", "dystonia_spasm", "dystonia_tremor",
                                          "dystonia_overflow", "myoclonus_negative", "tremor",
                                          "tremor_physiological", "tremor_essential", "tremor_parkinsonian",
                                          "voluntary_rhythm"};
  const std::vector<std::string> names = label_bit_names();
  ASSERT_GE(names.size(), expected.size());
  for (std::size_t b = 0; b < expected.size(); ++b) {
    EXPECT_EQ(names[b], expected[b]) << "bit " << b;
    EXPECT_EQ(label_bit(expected[b]), b);
  }
  for (const auto& spec : label_bit_registry()) EXPECT_FALSE(spec.meaning.empty()) << spec.name;
}

TEST(LabelBits, UnknownRepeatedAndTooManyBitsAreRefused) {
  EXPECT_THROW(label_bit("klonus"), std::logic_error);
  EXPECT_THROW(register_label_bit({"clonus", "again"}), std::invalid_argument);
  const std::size_t before = label_bit_names().size();
  for (std::size_t b = before; b < kMaxLabelBits; ++b)
    register_label_bit({"test_bit_" + std::to_string(b), "a bit of this test"});
  EXPECT_EQ(label_bit("test_bit_" + std::to_string(kMaxLabelBits - 1)), kMaxLabelBits - 1);
  EXPECT_THROW(register_label_bit({"one_too_many", "no room"}), std::invalid_argument);

  // Every record names every registered bit, the new ones after the built-in ones.
  const Trial t = Simulation::from_text(std::string(cli_test::kShortScenario), {NMSIM_SOURCE_DIR "/models"}).run(0);
  EXPECT_EQ(t.record.labels.bit_names, label_bit_names());
  EXPECT_EQ(t.record.labels.bit_names.size(), kMaxLabelBits);
  EXPECT_EQ(t.record.labels.bit("clonus"), 0u);
  EXPECT_THROW(t.record.labels.bit("one_too_many"), std::invalid_argument);
}

}  // namespace
}  // namespace nmsim::engine
