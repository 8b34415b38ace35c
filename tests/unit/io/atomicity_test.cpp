// The final file appears only on commit(); anything else leaves the folder as it was.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "io/dataset_reader.hpp"
#include "io/dataset_writer.hpp"
#include "io_test_support.hpp"

namespace nmsim::io {
namespace {

namespace fs = std::filesystem;
using test::make_trial;
using test::ScratchDir;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Atomicity, TempFileIsHiddenInTheSameFolder) {
  ScratchDir dir;
  DatasetWriter w(dir / "out.h5");
  EXPECT_EQ(w.temp_path().parent_path(), dir.path());
  const std::string name = w.temp_path().filename().string();
  EXPECT_EQ(name.rfind(".out.h5.tmp-", 0), 0u) << name;
  EXPECT_TRUE(fs::exists(w.temp_path()));
  EXPECT_FALSE(fs::exists(dir / "out.h5"));
}

TEST(Atomicity, DestructorWithoutCommitLeavesNothing) {
  ScratchDir dir;
  {
    DatasetWriter w(dir / "out.h5");
    w.write_trial(make_trial(0, 0.5));
  }
  EXPECT_TRUE(dir.entries().empty());
}

TEST(Atomicity, ExceptionBeforeCommitLeavesNothing) {
  ScratchDir dir;
  try {
    DatasetWriter w(dir / "out.h5");
    w.write_trial(make_trial(0, 0.5));
    throw std::runtime_error("simulation failed");
  } catch (const std::runtime_error&) {
  }
  EXPECT_TRUE(dir.entries().empty());
}

TEST(Atomicity, CommitPublishesTheFileAndRemovesTheTemp) {
  ScratchDir dir;
  fs::path temp;
  {
    DatasetWriter w(dir / "out.h5");
    temp = w.temp_path();
    w.write_trial(make_trial(0, 0.5));
    w.commit();
    EXPECT_TRUE(w.committed());
  }
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.h5"});
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_EQ(DatasetReader(dir / "out.h5").trial_indices().size(), 1u);
}

TEST(Atomicity, ExistingFileIsUntouchedUntilCommit) {
  ScratchDir dir;
  const auto out = dir / "out.h5";
  std::ofstream(out) << "previous result";
  {
    DatasetWriter w(out);
    w.write_trial(make_trial(0, 0.5));
    EXPECT_EQ(slurp(out), "previous result");
  }  // abandoned
  EXPECT_EQ(slurp(out), "previous result");
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.h5"});
  {
    DatasetWriter w(out);
    w.write_trial(make_trial(4, 0.5));
    w.commit();
  }
  EXPECT_EQ(DatasetReader(out).trial_indices(), std::vector<std::uint64_t>{4});
}

TEST(Atomicity, BareFileNameUsesTheCurrentFolder) {
  ScratchDir dir;
  const fs::path cwd = fs::current_path();
  fs::current_path(dir.path());
  {
    DatasetWriter w("bare.h5");
    w.commit();
  }
  fs::current_path(cwd);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"bare.h5"});
}

void expect_output_error(const fs::path& out, const std::string& detail_part) {
  try {
    DatasetWriter w(out);
    FAIL() << "expected InputError for " << out;
  } catch (const InputError& e) {
    EXPECT_EQ(e.key_path(), "output");
    EXPECT_EQ(e.where().file, out.string());
    EXPECT_NE(e.detail().find(detail_part), std::string::npos) << e.what();
  }
}

TEST(Atomicity, MissingFolderIsAnInputError) {
  ScratchDir dir;
  expect_output_error(dir / "no/such/folder/out.h5", "does not exist");
  EXPECT_TRUE(dir.entries().empty());
}

TEST(Atomicity, OutputThatIsAFolderIsAnInputError) {
  ScratchDir dir;
  fs::create_directory(dir / "taken.h5");
  expect_output_error(dir / "taken.h5", "is a folder");
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"taken.h5"});
}

TEST(Atomicity, UnwritableFolderIsAnInputError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores folder permissions";
  ScratchDir dir;
  fs::create_directory(dir / "ro");
  fs::permissions(dir / "ro", fs::perms::owner_read | fs::perms::owner_exec);
  expect_output_error(dir / "ro/out.h5", "Permission denied");
  fs::permissions(dir / "ro", fs::perms::owner_all);
  EXPECT_TRUE(fs::is_empty(dir / "ro"));
}

TEST(Atomicity, ReadOnlyFileSystemIsAnInputError) {
  // Works as root too: /proc refuses new files for everyone.
  if (!fs::is_directory("/proc/self")) GTEST_SKIP() << "no /proc";
  try {
    DatasetWriter w("/proc/self/out.h5");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key_path(), "output");
    EXPECT_NE(std::string(e.what()).find("cannot write the output file"), std::string::npos) << e.what();
  }
}

TEST(Atomicity, MisuseIsReported) {
  ScratchDir dir;
  DatasetWriter w(dir / "out.h5");
  w.write_provenance(test::make_provenance());
  EXPECT_THROW(w.write_provenance(test::make_provenance()), InternalError);
  w.write_trial(make_trial(1, 0.1));
  EXPECT_THROW(w.write_trial(make_trial(1, 0.1)), InternalError);  // duplicate index
  w.commit();
  EXPECT_THROW(w.commit(), InternalError);
  EXPECT_THROW(w.write_trial(make_trial(2, 0.1)), InternalError);
  // The duplicate was rejected before touching the file: the committed file is fine.
  EXPECT_EQ(DatasetReader(dir / "out.h5").trial_indices(), std::vector<std::uint64_t>{1});
}

TEST(Atomicity, InconsistentRecordIsRejectedBeforeWriting) {
  ScratchDir dir;
  DatasetWriter w(dir / "out.h5");
  TrialRecord bad = make_trial(0, 0.1);
  bad.series[0].data.pop_back();  // no longer whole rows
  EXPECT_THROW(w.write_trial(bad), InternalError);
  bad = make_trial(0, 0.1);
  bad.series[1].path = "labels/x";
  EXPECT_THROW(w.write_trial(bad), InternalError);
  bad = make_trial(0, 0.1);
  bad.series[1].path = "emg";
  EXPECT_THROW(w.write_trial(bad), InternalError);
  bad = make_trial(0, 0.1);
  bad.events.set_real(0, "label", 1.0);
  EXPECT_THROW(w.write_trial(bad), InternalError);
  bad = make_trial(0, 0.1);
  bad.phase_stop_s.pop_back();
  EXPECT_THROW(w.write_trial(bad), InternalError);
  // Still usable: nothing reached the file.
  w.write_trial(make_trial(0, 0.1));
  w.commit();
  EXPECT_EQ(DatasetReader(dir / "out.h5").trial_indices(), std::vector<std::uint64_t>{0});
}

TEST(Atomicity, MovedWriterOwnsTheTempFile) {
  ScratchDir dir;
  {
    DatasetWriter a(dir / "out.h5");
    DatasetWriter b(std::move(a));
    b.write_trial(make_trial(0, 0.1));
  }
  EXPECT_TRUE(dir.entries().empty());
}

}  // namespace
}  // namespace nmsim::io
