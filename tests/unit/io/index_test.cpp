// /index written whole or in pieces (as a dataset run does) reads back as the same table.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "core/error.hpp"
#include "io/dataset_reader.hpp"
#include "io/dataset_writer.hpp"
#include "io_test_support.hpp"

namespace nmsim::io {
namespace {

using test::make_trial;
using test::ScratchDir;

// Rows [from, to) of a table like a dataset's index: integers, strings (empty and non-ASCII
// included) and reals (NaN included).
ColumnTable rows(std::size_t from, std::size_t to) {
  std::vector<std::int64_t> trial;
  std::vector<std::string> status, reason;
  std::vector<double> value;
  for (std::size_t i = from; i < to; ++i) {
    trial.push_back(static_cast<std::int64_t>(i));
    status.push_back(i % 3 == 0 ? "failed" : "ok");
    reason.push_back(i % 3 == 0 ? "numerical failure at t = " + std::to_string(i) + " s (θ → ∞)" : "");
    value.push_back(i % 4 == 0 ? NAN : 0.1 * static_cast<double>(i));
  }
  ColumnTable t;
  t.add("trial", std::move(trial));
  t.add("status", std::move(status));
  t.add("failure_reason", std::move(reason));
  t.add("value:a.b", std::move(value));
  return t;
}

// Equal column by column; reals compared bitwise, so NaN equals NaN.
void expect_same_table(const ColumnTable& a, const ColumnTable& b) {
  ASSERT_EQ(a.columns().size(), b.columns().size());
  for (std::size_t c = 0; c < a.columns().size(); ++c) {
    EXPECT_EQ(a.columns()[c].first, b.columns()[c].first);
    ASSERT_EQ(a.columns()[c].second.index(), b.columns()[c].second.index()) << a.columns()[c].first;
    if (const auto* x = std::get_if<std::vector<double>>(&a.columns()[c].second)) {
      const auto& y = std::get<std::vector<double>>(b.columns()[c].second);
      ASSERT_EQ(x->size(), y.size());
      EXPECT_EQ(std::memcmp(x->data(), y.data(), x->size() * sizeof(double)), 0) << a.columns()[c].first;
    } else {
      EXPECT_TRUE(a.columns()[c].second == b.columns()[c].second) << a.columns()[c].first;
    }
  }
}

TEST(Index, WrittenInPiecesReadsBackAsWrittenWhole) {
  ScratchDir dir;
  constexpr std::size_t kRows = 1000;
  {
    DatasetWriter whole(dir / "whole.h5");
    whole.write_trial(make_trial(0, 0.1));
    whole.write_index(rows(0, kRows));
    whole.commit();
  }
  {
    DatasetWriter pieces(dir / "pieces.h5");
    pieces.begin_index(rows(0, 0), kRows);
    // Uneven blocks interleaved with trials, as a run stores them.
    for (std::size_t from = 0, step = 1; from < kRows; from += step, step = step * 3 + 1) {
      pieces.append_index(rows(from, std::min(kRows, from + step)));
      pieces.write_trial(make_trial(from, 0.1));
    }
    pieces.commit();
  }
  const ColumnTable whole = DatasetReader(dir / "whole.h5").read_index();
  ASSERT_EQ(whole.rows(), kRows);
  expect_same_table(whole, rows(0, kRows));
  expect_same_table(DatasetReader(dir / "pieces.h5").read_index(), whole);
}

TEST(Index, EmptyIndexAndMisuse) {
  ScratchDir dir;
  {
    DatasetWriter w(dir / "empty.h5");
    w.begin_index(rows(0, 0), 0);
    w.commit();
  }
  EXPECT_EQ(DatasetReader(dir / "empty.h5").read_index().rows(), 0u);

  DatasetWriter w(dir / "bad.h5");
  EXPECT_THROW(w.append_index(rows(0, 1)), InternalError);  // before begin_index
  w.begin_index(rows(0, 0), 3);
  ColumnTable other;
  other.add("trial", std::vector<std::int64_t>{0});
  EXPECT_THROW(w.append_index(other), InternalError);  // other columns
  EXPECT_THROW(w.append_index(rows(0, 4)), InternalError);  // more rows than announced
  w.append_index(rows(0, 2));
  EXPECT_THROW(w.commit(), InternalError);  // one row missing
  EXPECT_THROW(w.begin_index(rows(0, 0), 3), InternalError);  // twice
  w.append_index(rows(2, 3));
  w.commit();
  expect_same_table(DatasetReader(dir / "bad.h5").read_index(), rows(0, 3));
}

}  // namespace
}  // namespace nmsim::io
