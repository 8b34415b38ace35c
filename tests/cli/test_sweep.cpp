// `nmsim sweep`: the table's rows and columns, the analysis at each point equal to
// `nmsim stability` there, the same table on any thread count, and bad options refused with
// exit 2 and no table written.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "cli_harness.hpp"

namespace nmsim::cli_test {
namespace {

using Sweep = CliTest;

const std::string kAnkle = std::string(NMSIM_SOURCE_DIR) + "/scenarios/ankle_clonus.yaml";
// A 6 s version of the ankle test keeps the sweep short.
const std::vector<std::string> kShort{"--set", "protocol[2].duration=3", "--set", "protocol[3].duration=1.8"};

std::vector<std::map<std::string, std::string>> read_csv(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::stringstream h(line);
  for (std::string c; std::getline(h, c, ',');) header.push_back(c);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    std::map<std::string, std::string> row;
    std::stringstream l(line);
    std::string v;
    for (std::size_t c = 0; c < header.size(); ++c) {
      if (!std::getline(l, v, ',')) v.clear();
      row[header[c]] = v;
    }
    rows.push_back(row);
  }
  return rows;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST_F(Sweep, EveryGridPointIsAnalysedAsNmsimStabilityAnalysesIt) {
  const fs::path out = dir() / "sweep.csv";
  const RunResult r = nmsim(with({"sweep", kAnkle, "--vary", "parameters.spinal.reflex_gain=1:5:3", "--vary",
                                  "parameters.defaults.reflex.delay=0.03,0.06", "-o", out.string(), "-q"},
                                 kShort));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = read_csv(out);
  ASSERT_EQ(rows.size(), 6u);
  // The grid in order, the last key fastest.
  const std::vector<std::pair<std::string, std::string>> grid{{"1", "0.03"}, {"1", "0.06"}, {"3", "0.03"},
                                                               {"3", "0.06"}, {"5", "0.03"}, {"5", "0.06"}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].at("parameters.spinal.reflex_gain"), grid[i].first) << i;
    EXPECT_EQ(rows[i].at("parameters.defaults.reflex.delay"), grid[i].second) << i;
    EXPECT_EQ(rows[i].at("analysis_phase"), "hold");
    EXPECT_EQ(rows[i].at("note"), "");
  }
  for (const char* delay : {"0.03", "0.06"}) {
    const RunResult s = nmsim(with({"stability", kAnkle, "--set", std::string("parameters.defaults.reflex.delay=") + delay}, kShort));
    ASSERT_EQ(s.exit_code, 0) << s.err;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(s.out, m, std::regex(R"(critical reflex gain: ([0-9.]+) .*Hopf frequency ([0-9.]+) Hz)")));
    for (const auto& row : rows) {
      if (row.at("parameters.defaults.reflex.delay") != delay) continue;
      EXPECT_NEAR(std::stod(row.at("critical_gain")), std::stod(m[1].str()), 5e-4) << delay;
      EXPECT_NEAR(std::stod(row.at("hopf_frequency")), std::stod(m[2].str()), 5e-3) << delay;
      const double gain = std::stod(row.at("reflex_gain"));
      EXPECT_EQ(row.at("stable"), gain < std::stod(m[1].str()) ? "1" : "0") << delay << " gain " << gain;
      EXPECT_NEAR(std::stod(row.at("gain_ratio")), gain / std::stod(m[1].str()), 1e-3);
    }
  }
  // Far above the boundary the simulated trial oscillates at about the Hopf frequency.
  const auto& clonic = rows[5];
  EXPECT_EQ(clonic.at("sustained"), "1");
  EXPECT_GT(std::stod(clonic.at("clonus_beats")), 5.0);
  EXPECT_NEAR(std::stod(clonic.at("oscillation_frequency")), std::stod(clonic.at("hopf_frequency")), 0.6);
  EXPECT_EQ(rows[0].at("clonus_beats"), "0");
}

// --plot draws the three plots with Debian's python3 and matplotlib (tools/setup.sh installs them).
TEST_F(Sweep, PlotDrawsTheBifurcationDiagramStabilityMapFrequencyAndOverlay) {
  const fs::path out = dir() / "sweep.csv", plots = dir() / "plots";
  fs::create_directory(plots);
  const RunResult r = nmsim(with({"sweep", kAnkle, "--vary", "parameters.spinal.reflex_gain=1.5,3", "--vary",
                                  "parameters.defaults.reflex.delay=0.04,0.06", "-o", out.string(), "--plot",
                                  plots.string()},
                                 kShort));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* png : {"bifurcation.png", "stability_map.png", "frequency.png", "overlay.png"}) {
    ASSERT_TRUE(fs::exists(plots / png)) << png;
    EXPECT_GT(fs::file_size(plots / png), 10000u) << png;
  }
  EXPECT_NE(r.out.find("swept 4 points"), std::string::npos) << r.out;
  // The overlay's trials: both gains at the middle delay (0.06 s), as the sweep simulated them.
  const RunResult inspected = nmsim({"inspect", (plots / "overlay_trials.h5").string()});
  ASSERT_EQ(inspected.exit_code, 0) << inspected.err;
  EXPECT_NE(inspected.out.find("2 written (indices 0..1)"), std::string::npos) << inspected.out;
}

TEST_F(Sweep, TheTableIsTheSameOnAnyThreadCount) {
  const auto run = [&](const std::string& j, const std::string& name) {
    const fs::path out = dir() / name;
    const RunResult r = nmsim(with({"sweep", kAnkle, "--vary", "parameters.spinal.reflex_gain=0.5:6:5:log", "-o",
                                    out.string(), "-q", "-j", j},
                                   kShort));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return slurp(out);
  };
  const std::string one = run("1", "one.csv"), two = run("2", "two.csv");
  EXPECT_EQ(one, two);
  EXPECT_EQ(std::count(one.begin(), one.end(), '\n'), 6);
}

TEST_F(Sweep, BadOptionsAreRefusedAndWriteNothing) {
  const fs::path out = dir() / "bad.csv";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"--vary", "parameters.spinal.reflex_gain=1:5"}, "expected A:B:N or A:B:N:log"},
      {{"--vary", "parameters.spinal.reflex_gain=1:5:1"}, "a whole number of values from 2"},
      {{"--vary", "parameters.spinal.reflex_gain=-1:5:3:log"}, "log spacing needs both ends above 0"},
      {{"--vary", "parameters.spinal.reflex_gain=1,x"}, "expected a number, got 'x'"},
      {{"--vary", "parameters.spinal.reflex_gain"}, "expected PATH=A:B:N"},
      {{"--vary", "parameters.spinal.reflex_gainn=1,2"}, "unknown key 'reflex_gainn'"},
      {{"--vary", "parameters.spinal.reflex_gain=-1,2"}, "reflex_gain"},
      {{"--vary", "parameters.spinal.reflex_gain=1,2", "--vary", "parameters.spinal.reflex_gain=3,4"}, "varied twice"},
      {{"--vary", "parameters.spinal.reflex_gain=1,2", "--phase", "holdd"}, "no protocol phase named 'holdd'"},
      {{"--vary", "parameters.spinal.reflex_gain=1,2", "--plot", (dir() / "missing").string()}, "is not a folder"},
  };
  for (const auto& [args, message] : cases) {
    const RunResult r = nmsim(with(with({"sweep", kAnkle, "-o", out.string(), "-q"}, args), kShort));
    EXPECT_EQ(r.exit_code, 2) << args.back() << ": " << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << args.back() << ": " << r.err;
    EXPECT_FALSE(fs::exists(out)) << args.back();
  }
}

}  // namespace
}  // namespace nmsim::cli_test
