// Outputs that cannot destroy anything (src/io/output_target.hpp): run and merge refuse, with
// exit code 2 and nothing changed, output names that are devices, FIFOs, folders or symbolic
// links, that are one of the command's inputs, or that hold a file other than an nmsim dataset
// (unless --force).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cli_harness.hpp"
#include "io/dataset_reader.hpp"

namespace nmsim::cli_test {
namespace {

class OutputSafety : public CliTest {
 protected:
  fs::path short_scenario() const { return scenario(std::string(kShortScenario)); }
  void expect_refused(const std::vector<std::string>& args, const std::string& needle) const {
    const RunResult r = nmsim(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_FALSE(r.signaled);
    EXPECT_NE(r.err.find(needle), std::string::npos) << "stderr lacks \"" << needle << "\":\n" << r.err;
  }
};

TEST_F(OutputSafety, NonRegularOutputsAreRefusedAndLeftAsTheyWere) {
  const fs::path s = short_scenario();
  const auto [a, b] = two_shards();
  const fs::path fifo = out() / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const fs::path target = out() / "target.h5";
  write_text(target, "precious");
  const fs::path link = out() / "link.h5";
  fs::create_symlink(target, link);
  const fs::path folder = out() / "folder.h5";
  fs::create_directory(folder);
  for (const auto& cmd : std::vector<std::vector<std::string>>{{"run", s.string(), "-o"}, {"merge", a.string(), b.string(), "-o"}}) {
    for (const bool force : {false, true}) {
      auto with = [&](const fs::path& o) {
        auto args = cmd;
        args.push_back(o.string());
        if (force) args.push_back("--force");
        return args;
      };
      expect_refused(with(fifo), "is a FIFO");
      expect_refused(with(link), "is a symbolic link");
      expect_refused(with(folder), "is a folder");
    }
  }
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(fifo)));
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(link)));
  EXPECT_EQ(read_text(target), "precious");
  EXPECT_TRUE(fs::is_directory(folder));
  EXPECT_EQ(list_dir(out()), (std::vector<std::string>{"folder.h5", "link.h5", "pipe", "target.h5"}));
}

// `merge ... -o /dev/full` as root replaced the device; a device node of our own stands in.
TEST_F(OutputSafety, DeviceOutputIsRefused) {
  const fs::path device = out() / "full";
  if (::mknod(device.c_str(), S_IFCHR | 0600, makedev(1, 7)) != 0) GTEST_SKIP() << "cannot create a device node here";
  const auto [a, b] = two_shards();
  expect_refused({"merge", a.string(), b.string(), "-o", device.string()}, "is a character device");
  expect_refused({"run", short_scenario().string(), "-o", device.string(), "--force"}, "is a character device");
  EXPECT_TRUE(fs::is_character_file(fs::symlink_status(device)));
}

TEST_F(OutputSafety, AnInputIsNeverTheOutput) {
  // A model file of our own: the stock models must not be put at risk by the test itself.
  fs::copy_file(fs::path(NMSIM_SOURCE_DIR) / "models" / "ankle.yaml", dir() / "mymodel.yaml");
  const fs::path s = scenario(edit(std::string(kShortScenario), "model: ankle", "model: ./mymodel.yaml"));
  const std::string scenario_text = read_text(s), model_text = read_text(dir() / "mymodel.yaml");
  expect_refused({"run", s.string(), "-o", s.string()}, "is also the scenario file");
  expect_refused({"run", s.string(), "-o", (dir() / "mymodel.yaml").string(), "--force"}, "is also the model file");
  fs::create_symlink(s, dir() / "alias.yaml");  // the same file under another name
  expect_refused({"run", (dir() / "alias.yaml").string(), "-o", s.string(), "--force"}, "is also the scenario file");
  EXPECT_EQ(read_text(s), scenario_text);
  EXPECT_EQ(read_text(dir() / "mymodel.yaml"), model_text);

  const auto [a, b] = two_shards();
  const auto before = read_text(a);
  expect_refused({"merge", a.string(), b.string(), "-o", a.string()}, "is also the shard file");
  EXPECT_EQ(read_text(a), before);
}

TEST_F(OutputSafety, OnlyNmsimDatasetsAreReplacedWithoutForce) {
  const fs::path s = short_scenario();
  const fs::path notes = out() / "notes.h5";
  write_text(notes, "my notes, not a dataset");
  expect_refused({"run", s.string(), "-o", notes.string()}, "is not an nmsim dataset");
  EXPECT_EQ(read_text(notes), "my notes, not a dataset");
  const RunResult forced = nmsim({"run", s.string(), "-o", notes.string(), "--force", "-q"});
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NO_THROW(io::DatasetReader{notes});
  // An nmsim dataset is replaced as before, without --force.
  const RunResult again = nmsim({"run", s.string(), "-o", notes.string(), "-q", "--seed", "5"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(io::DatasetReader(notes).read_provenance().seed, 5u);
}

}  // namespace
}  // namespace nmsim::cli_test
