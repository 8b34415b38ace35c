#include "input_error_matchers.hpp"
#include "scenario/model_loader.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>

#include "physiology/musculotendon.hpp"
#include "physiology/neuromuscular_model.hpp"

namespace nmsim::scenario {
namespace {

using config::Document;

using nmsim::testing::Contains;
using nmsim::testing::error_of;

const std::string kAnkle = std::string(NMSIM_SOURCE_DIR) + "/models/ankle.yaml";

// ------------------------------------------------------------------ models/ankle.yaml

TEST(ModelLoader, AnkleModelGivesTheDocumentedValues) {
  const Document doc = Document::load_file(kAnkle);
  const ModelDefinition def = read_model(doc.root());
  const auto& p = def.physiology;
  EXPECT_EQ(p.name, "ankle");
  EXPECT_EQ(p.joint.name, "ankle");
  EXPECT_DOUBLE_EQ(p.joint.inertia_kg_m2, 0.03);
  EXPECT_DOUBLE_EQ(p.joint.stiffness_Nm_per_rad, 5.0);
  EXPECT_DOUBLE_EQ(p.joint.limit_max_rad, 0.436);
  EXPECT_DOUBLE_EQ(p.joint.limit_min_rad, -0.785);
  EXPECT_DOUBLE_EQ(p.joint.segment_mass_kg, 1.09);
  EXPECT_DOUBLE_EQ(p.curves.fv_flen, 1.8);
  EXPECT_DOUBLE_EQ(p.spinal.reflex_gain, 1.0);
  EXPECT_DOUBLE_EQ(p.spinal.reciprocal_weight_per_hz, 2e-5);

  ASSERT_EQ(p.muscles.size(), 3u);
  ASSERT_EQ(def.motor_units.size(), 3u);
  EXPECT_EQ(p.muscles[0].mechanics.name, "soleus");  // file order
  EXPECT_EQ(p.muscles[1].mechanics.name, "gastrocnemius");
  EXPECT_EQ(p.muscles[2].mechanics.name, "tibialis_anterior");

  const auto& sol = p.muscles[0].mechanics;
  EXPECT_DOUBLE_EQ(sol.max_isometric_force_N, 3549.0);
  EXPECT_DOUBLE_EQ(sol.optimal_fibre_length_m, 0.044);
  EXPECT_DOUBLE_EQ(sol.tendon_slack_length_m, 0.277);
  EXPECT_DOUBLE_EQ(sol.pennation_at_optimal_rad, 0.494);
  EXPECT_DOUBLE_EQ(sol.moment_arm_m, 0.05);
  EXPECT_DOUBLE_EQ(sol.tau_act_s, 0.015);
  EXPECT_DOUBLE_EQ(sol.tau_deact_s, 0.050);
  EXPECT_DOUBLE_EQ(p.muscles[1].mechanics.max_isometric_force_N, 2241.0);
  EXPECT_DOUBLE_EQ(p.muscles[2].mechanics.moment_arm_m, -0.037);  // dorsiflexor
  EXPECT_LT(p.muscles[2].mechanics.moment_arm_m, 0.0);

  // fibre_length_at_neutral (in l_opt) becomes a musculotendon length that reproduces it.
  const double neutral[] = {0.75, 0.75, 1.0};
  for (std::size_t i = 0; i < 3; ++i) {
    const physiology::Musculotendon mt(p.muscles[i].mechanics, p.curves);
    EXPECT_NEAR(mt.fibre(0.0, 0.0).length_norm, neutral[i], 1e-12) << i;
  }
  // Defaults reach every muscle.
  for (const auto& m : p.muscles) {
    EXPECT_DOUBLE_EQ(m.spindle.baseline_rate_hz, 10.0);
    EXPECT_DOUBLE_EQ(m.spindle.linear_range_mm_s, 5.0);
    EXPECT_DOUBLE_EQ(m.motoneuron.threshold, 0.0008);
    EXPECT_DOUBLE_EQ(m.motoneuron.recruitment_sharpness, 2000.0);
    EXPECT_DOUBLE_EQ(m.reflex.delay_s, 0.040);
    EXPECT_DOUBLE_EQ(m.reflex.homonymous_weight_per_hz, 2e-5);
    EXPECT_DOUBLE_EQ(m.mechanics.max_velocity_lopt_per_s, 10.0);
  }
  // Every quantity carries its source into the parameter log.
  bool found = false;
  const auto& log = doc.log();
  for (std::size_t i = 0; i < log.entries().size(); ++i) {
    if (log.entries()[i].first != "muscles.soleus.max_isometric_force") continue;
    found = true;
    EXPECT_DOUBLE_EQ(log.entries()[i].second, 3549.0);
    EXPECT_EQ(log.details()[i].unit, "N");
    EXPECT_EQ(log.details()[i].source, "Arnold et al. 2010");
  }
  EXPECT_TRUE(found);
}

TEST(ModelLoader, AnkleMotorUnitBlocksOverrideDefaultsKeyByKey) {
  const Document doc = Document::load_file(kAnkle);
  const ModelDefinition def = read_model(doc.root());
  const auto& sol = def.motor_units[0];
  const auto& gas = def.motor_units[1];
  const auto& ta = def.motor_units[2];
  // Soleus sets its own rates (Bellemare et al. 1983)…
  EXPECT_DOUBLE_EQ(sol.min_rate_hz, 6.0);
  EXPECT_DOUBLE_EQ(sol.peak_rate_first_hz, 16.0);
  EXPECT_DOUBLE_EQ(sol.peak_rate_last_hz, 11.0);
  // …and inherits everything else from `defaults:`.
  EXPECT_EQ(sol.n_units, 150);
  EXPECT_DOUBLE_EQ(sol.recruitment_range, 30.0);
  EXPECT_DOUBLE_EQ(sol.isi_cv, 0.15);
  EXPECT_DOUBLE_EQ(sol.muap_amplitude_v, 1.5e-3);
  // Gastrocnemius has no block: all defaults.
  EXPECT_DOUBLE_EQ(gas.min_rate_hz, 8.0);
  EXPECT_DOUBLE_EQ(gas.peak_rate_first_hz, 35.0);
  EXPECT_DOUBLE_EQ(gas.peak_rate_last_hz, 25.0);
  EXPECT_EQ(gas.n_units, 150);
  // Tibialis overrides the peak rates only; min_rate comes from the defaults.
  EXPECT_DOUBLE_EQ(ta.peak_rate_first_hz, 27.0);
  EXPECT_DOUBLE_EQ(ta.peak_rate_last_hz, 20.0);
  EXPECT_DOUBLE_EQ(ta.min_rate_hz, 8.0);
  EXPECT_DOUBLE_EQ(ta.muap_duration_s, 0.008);
}

TEST(ModelLoader, AnkleModelAssemblesWithTheExpectedReflexCircuit) {
  const Document doc = Document::load_file(kAnkle);
  const ModelDefinition def = read_model(doc.root());
  physiology::Phase rest;
  rest.name = "rest";
  rest.duration_s = 1.0;
  const physiology::NeuromuscularModel model(def.physiology, physiology::Protocol({rest}, 0.0));
  // 3 homonymous + 2 heteronymous (soleus ↔ gastrocnemius) + 4 reciprocal (each with the TA).
  ASSERT_EQ(model.pathways().size(), 9u);
  int inhibitory = 0;
  for (const auto& pw : model.pathways()) {
    const bool antagonists = (pw.from == 2) != (pw.to == 2);
    EXPECT_EQ(pw.inhibitory, antagonists) << pw.from << "->" << pw.to;
    if (pw.from == pw.to) {
      EXPECT_DOUBLE_EQ(pw.weight, 2e-5);
    } else if (!antagonists) {
      EXPECT_DOUBLE_EQ(pw.weight, 0.3 * 2e-5);
    } else {
      EXPECT_DOUBLE_EQ(pw.weight, -2e-5);
      EXPECT_NEAR(pw.delay_s, 0.041, 1e-12);
      ++inhibitory;
    }
  }
  EXPECT_EQ(inhibitory, 4);
  EXPECT_EQ(model.delays().size(), 2u);  // 40 ms and 41 ms
}

// ------------------------------------------------------------------ defaults and overrides

// Lines 1–12 of every inline model; a muscle map follows from line 13.
const std::string kHead =
    "name: t\n"                    // 1
    "joint:\n"                     // 2
    "  inertia: 0.03\n"            // 3
    "  stiffness: 5\n"             // 4
    "  damping: 0.5\n"             // 5
    "  limit_max: 0.4\n"           // 6
    "  limit_min: -0.7\n"          // 7
    "  limit_torque: 2\n"          // 8
    "  limit_sharpness: 12\n"      // 9
    "spinal:\n"                    // 10
    "  reflex_gain: 1\n"           // 11
    "muscles:\n";                  // 12

// Lines 13–19: one valid muscle `a`.
const std::string kMuscleA =
    "  a:\n"                               // 13
    "    max_isometric_force: 1000\n"      // 14
    "    optimal_fibre_length: 0.05\n"     // 15
    "    tendon_slack_length: 0.2\n"       // 16
    "    pennation: 0.2\n"                 // 17
    "    moment_arm: 0.04\n"               // 18
    "    fibre_length_at_neutral: 1.0\n";  // 19

ModelDefinition load_model(const std::string& text) {
  const Document doc = Document::load_string(text, "model.yaml");
  return read_model(doc.root());
}

TEST(ModelLoader, DefaultsApplyToEveryMuscleAndMuscleBlocksOverrideKeyByKey) {
  const std::string text = kHead + kMuscleA +
                           "    spindle:\n"
                           "      baseline_rate: 3.0\n"
                           "    activation:\n"
                           "      tau_deact: 0.08\n"
                           "    motor_units:\n"
                           "      count: 90\n"
                           "  b:\n"
                           "    max_isometric_force: 500\n"
                           "    optimal_fibre_length: 0.06\n"
                           "    tendon_slack_length: 0.25\n"
                           "    pennation: 0.1\n"
                           "    moment_arm: -0.03\n"
                           "    fibre_length_at_neutral: 0.9\n"
                           "defaults:\n"
                           "  spindle:\n"
                           "    baseline_rate: 7.0\n"
                           "    velocity_gain: 3.0\n"
                           "  activation:\n"
                           "    tau_act: 0.02\n"
                           "  motoneuron:\n"
                           "    threshold: 0.01\n"
                           "  reflex:\n"
                           "    delay: 0.05\n"
                           "  max_velocity: 8.0\n"
                           "  motor_units:\n"
                           "    count: 120\n"
                           "    min_rate: 7.0\n";
  const ModelDefinition def = load_model(text);
  const auto& a = def.physiology.muscles[0];
  const auto& b = def.physiology.muscles[1];
  // a: own spindle baseline, the default velocity gain, the struct default for untouched keys.
  EXPECT_DOUBLE_EQ(a.spindle.baseline_rate_hz, 3.0);
  EXPECT_DOUBLE_EQ(a.spindle.velocity_gain, 3.0);
  EXPECT_DOUBLE_EQ(a.spindle.velocity_exponent, physiology::SpindleParams{}.velocity_exponent);
  EXPECT_DOUBLE_EQ(b.spindle.baseline_rate_hz, 7.0);
  EXPECT_DOUBLE_EQ(b.spindle.velocity_gain, 3.0);
  // Activation: a overrides tau_deact only.
  EXPECT_DOUBLE_EQ(a.mechanics.tau_act_s, 0.02);
  EXPECT_DOUBLE_EQ(a.mechanics.tau_deact_s, 0.08);
  EXPECT_DOUBLE_EQ(b.mechanics.tau_act_s, 0.02);
  EXPECT_DOUBLE_EQ(b.mechanics.tau_deact_s, 0.050);
  for (const auto* m : {&a, &b}) {
    EXPECT_DOUBLE_EQ(m->motoneuron.threshold, 0.01);
    EXPECT_DOUBLE_EQ(m->reflex.delay_s, 0.05);
    EXPECT_DOUBLE_EQ(m->mechanics.max_velocity_lopt_per_s, 8.0);
  }
  EXPECT_EQ(def.motor_units[0].n_units, 90);
  EXPECT_DOUBLE_EQ(def.motor_units[0].min_rate_hz, 7.0);
  EXPECT_EQ(def.motor_units[1].n_units, 120);
  EXPECT_DOUBLE_EQ(def.motor_units[1].min_rate_hz, 7.0);
  // No `defaults:` at all: the struct defaults.
  const ModelDefinition bare = load_model(kHead + kMuscleA);
  EXPECT_DOUBLE_EQ(bare.physiology.muscles[0].mechanics.tau_act_s, 0.015);
  EXPECT_EQ(bare.motor_units[0].n_units, 150);
}

// ------------------------------------------------------------------ errors

void expect_error(const std::string& text, const std::string& key_path, int line, const std::string& phrase) {
  const InputError e = error_of([&] { load_model(text); });
  EXPECT_EQ(e.key_path(), key_path) << e.what();
  EXPECT_EQ(e.where().file, "model.yaml") << e.what();
  EXPECT_EQ(e.where().line, line) << e.what();
  EXPECT_TRUE(Contains(e.detail(), phrase));
}

TEST(ModelLoaderErrors, UnitMismatchInAQuantityMapping) {
  const std::string text = kHead +
                           "  a:\n"
                           "    max_isometric_force: {value: 1.0, unit: kN, source: x}\n"  // 14
                           "    optimal_fibre_length: 0.05\n"
                           "    tendon_slack_length: 0.2\n"
                           "    pennation: 0.2\n"
                           "    moment_arm: 0.04\n"
                           "    fibre_length_at_neutral: 1.0\n";
  expect_error(text, "muscles.a.max_isometric_force.unit", 14, "does not match expected 'N'");
}

TEST(ModelLoaderErrors, ZeroMomentArm) {
  const std::string text = kHead +
                           "  a:\n"
                           "    max_isometric_force: 1000\n"
                           "    optimal_fibre_length: 0.05\n"
                           "    tendon_slack_length: 0.2\n"
                           "    pennation: 0.2\n"
                           "    moment_arm: 0.0\n"  // 18
                           "    fibre_length_at_neutral: 1.0\n";
  expect_error(text, "muscles.a.moment_arm", 18, "must not be zero");
}

TEST(ModelLoaderErrors, FibreShorterThanItsPennatedWidth) {
  // sin(1.0) = 0.84 > 0.8: the fibre could not span its own thickness.
  const std::string text = kHead +
                           "  a:\n"
                           "    max_isometric_force: 1000\n"
                           "    optimal_fibre_length: 0.05\n"
                           "    tendon_slack_length: 0.2\n"
                           "    pennation: 1.0\n"
                           "    moment_arm: 0.04\n"
                           "    fibre_length_at_neutral: 0.8\n";  // 19
  expect_error(text, "muscles.a.fibre_length_at_neutral", 19, "pennated fibre width");
  // Just above the width is accepted.
  EXPECT_NO_THROW(load_model(kHead +
                             "  a:\n"
                             "    max_isometric_force: 1000\n"
                             "    optimal_fibre_length: 0.05\n"
                             "    tendon_slack_length: 0.2\n"
                             "    pennation: 1.0\n"
                             "    moment_arm: 0.04\n"
                             "    fibre_length_at_neutral: 0.85\n"));
}

TEST(ModelLoaderErrors, PeakRateBelowMinRate) {
  // The muscle lowers its peak rate below the min rate it inherits from the defaults.
  const std::string text = kHead + kMuscleA +
                           "    motor_units:\n"            // 20
                           "      peak_rate_last: 6.0\n"   // 21
                           "defaults:\n"
                           "  motor_units:\n"
                           "    min_rate: 7.0\n";
  const InputError e = error_of([&] { load_model(text); });
  EXPECT_EQ(e.key_path(), "muscles.a.motor_units") << e.what();
  // Reported at the muscle's motor_units block (its value starts on line 21).
  EXPECT_GE(e.where().line, 20) << e.what();
  EXPECT_LE(e.where().line, 21) << e.what();
  EXPECT_TRUE(Contains(e.detail(), "must not be below min_rate"));
  // Raising the min rate above the inherited peak rates is caught the same way.
  expect_error(kHead + kMuscleA +
                   "    motor_units: {min_rate: 40.0}\n",  // 20
               "muscles.a.motor_units", 20, "must not be below min_rate");
}

TEST(ModelLoaderErrors, RegressionDefaultsRateErrorIsReportedAtTheDefaults) {
  // Only the `defaults:` block is inconsistent; the error used to name the first muscle.
  const std::string text = kHead + kMuscleA +
                           "defaults:\n"                                    // 20
                           "  motor_units: {min_rate: 30.0, peak_rate_last: 20.0}\n";  // 21
  expect_error(text, "defaults.motor_units", 21, "must not be below min_rate");
}

TEST(ModelLoaderErrors, NonIntegralMotorUnitCount) {
  const std::string text = kHead + kMuscleA +
                           "    motor_units:\n"
                           "      count: 150.5\n";  // 21
  expect_error(text, "muscles.a.motor_units.count", 21, "whole number");
}

TEST(ModelLoaderErrors, UnknownKeyInsideAMuscle) {
  // tau_act belongs under `activation:`.
  const std::string text = kHead + kMuscleA + "    tau_act: 0.02\n";  // 20
  expect_error(text, "muscles.a.tau_act", 20, "unknown key 'tau_act'");
  // A typo inside a nested block is caught too, with a suggestion.
  const std::string nested = kHead + kMuscleA +
                             "    spindle:\n"
                             "      baseline_rte: 5\n";  // 21
  const InputError e = error_of([&] { load_model(nested); });
  EXPECT_EQ(e.key_path(), "muscles.a.spindle.baseline_rte") << e.what();
  EXPECT_EQ(e.where().line, 21);
  EXPECT_TRUE(Contains(e.detail(), "did you mean 'baseline_rate'"));
}

TEST(ModelLoaderErrors, MuscleListMustNotBeEmpty) {
  const InputError e = error_of([&] { load_model(kHead + "  {}\n"); });
  EXPECT_EQ(e.key_path(), "muscles") << e.what();
  EXPECT_TRUE(Contains(e.detail(), "at least one muscle"));
}

}  // namespace
}  // namespace nmsim::scenario
