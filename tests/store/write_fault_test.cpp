// Writes that fail because the disk is full or the file turned read-only: the store says
// which, keeps what it has (readable, integrity intact), and a later write that succeeds
// (probe_write or any other) clears the fault.
//
// Simulated for real, in this process: a full disk by RLIMIT_FSIZE (writes past the limit
// fail with EFBIG, as they would with ENOSPC on a full filesystem; SQLite reports either as
// SQLITE_FULL or SQLITE_IOERR_WRITE); a read-only file by the immutable attribute (writes
// through the open descriptors fail with EPERM; skipped where the filesystem or privileges
// do not allow setting it).

#include <gtest/gtest.h>

#include <filesystem>

#include "store_fixture.hpp"
#include "support/write_faults.hpp"

namespace headlined::store::testing {
namespace {

using headlined::testing::database_files;
using headlined::testing::FileSizeLimit;
using headlined::testing::ImmutableFiles;

class WriteFaultTest : public SqliteStoreTest {
 protected:
  // An article with a raw page of `bytes` bytes.
  Result<std::int64_t> commit_big(int n, std::size_t bytes) {
    Snapshot s = sample_snapshot("https://news.example.cn/a/" + std::to_string(n) + ".html");
    s.raw_page = std::string(bytes, static_cast<char>('a' + n % 26));
    return store_->commit_article(s, {Match{"investment", {"招商"}, "…"}}, {{"investment", "c"}});
  }

  std::uintmax_t largest_file() const {
    std::uintmax_t most = 0;
    for (const auto& f : database_files(path()))
      most = std::max(most, std::filesystem::file_size(f));
    return most;
  }
};

TEST_F(WriteFaultTest, DiskFullIsReportedStoredDataKeptAndClearedWhenSpaceReturns) {
  ASSERT_TRUE(commit_big(1, 1000));
  EXPECT_FALSE(store_->write_fault());
  int stored = 1;
  {
    // Room for a few 200 KB pages more, then the files cannot grow.
    FileSizeLimit limit(largest_file() + 700 * 1024);
    Result<std::int64_t> last;
    for (int n = 2; n < 50; ++n) {
      last = commit_big(n, 200 * 1024);
      if (!last) break;
      ++stored;
    }
    ASSERT_FALSE(last) << "the size limit never stopped a write";
    EXPECT_LT(stored, 6);
    auto fault = store_->write_fault();
    ASSERT_TRUE(fault);
    EXPECT_EQ(fault->kind, WriteFault::Kind::DiskFull) << fault->cause << ": " << fault->message;
    EXPECT_NE(fault->cause.find("limit"), std::string::npos) << fault->cause;  // EFBIG
    EXPECT_EQ(fault->path, path());
    EXPECT_NE(fault->message.find("commit_article"), std::string::npos) << fault->message;
    EXPECT_NE(last.error().where, "");

    // Reads go on; what was committed is there and intact.
    EXPECT_EQ(store_->snapshot_count().value_or(-1), stored);
    EXPECT_EQ(store_->pragma_value("integrity_check").value_or(""), "ok");
    EXPECT_EQ(store_->deliveries(DeliveryStatus::Pending).value().size(),
              static_cast<std::size_t>(stored));
    // A small write may still fit, but says nothing about room for articles: the fault stays
    // until a probe succeeds.
    (void)store_->mark_sent(1, 1);
    EXPECT_TRUE(store_->write_fault());
    // The failed article left nothing behind: it can be committed once there is room.
    auto again = commit_big(stored + 1, 200 * 1024);
    ASSERT_FALSE(again);
    EXPECT_TRUE(store_->write_fault());
  }
  // Room again: the probe succeeds and clears the fault; the article goes in.
  ASSERT_TRUE(store_->probe_write());
  EXPECT_FALSE(store_->write_fault());
  auto in = commit_big(stored + 1, 200 * 1024);
  ASSERT_TRUE(in) << in.error().to_string();
  EXPECT_EQ(store_->snapshot_count().value_or(-1), stored + 1);
  reopen();
  EXPECT_EQ(store_->pragma_value("integrity_check").value_or(""), "ok");
  EXPECT_EQ(store_->snapshot_count().value_or(-1), stored + 1);
}

TEST_F(WriteFaultTest, AFileTurnedReadOnlyIsReportedAndClearedWhenWritableAgain) {
  ASSERT_TRUE(commit_big(1, 1000));
  ImmutableFiles frozen(database_files(path()));
  if (!frozen.ok()) GTEST_SKIP() << "cannot set the immutable attribute here (not root, or tmpfs)";
  auto refused = commit_big(2, 1000);
  ASSERT_FALSE(refused);
  auto fault = store_->write_fault();
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->kind, WriteFault::Kind::ReadOnly) << fault->cause << ": " << fault->message;
  EXPECT_NE(fault->cause.find("read-only"), std::string::npos);
  EXPECT_FALSE(store_->probe_write());
  EXPECT_TRUE(store_->write_fault());
  EXPECT_EQ(store_->snapshot_count().value_or(-1), 1);
  EXPECT_EQ(store_->pragma_value("integrity_check").value_or(""), "ok");

  frozen.release();
  ASSERT_TRUE(store_->probe_write());
  EXPECT_FALSE(store_->write_fault());
  ASSERT_TRUE(commit_big(2, 1000));
  EXPECT_EQ(store_->snapshot_count().value_or(-1), 2);
}

TEST_F(WriteFaultTest, OrdinaryErrorsAreNoWriteFault) {
  auto unknown = store_->mark_sent(12345, 1);
  ASSERT_FALSE(unknown);
  EXPECT_FALSE(store_->write_fault());
  auto no_source = store_->record_poll_success("nope", "", "", 1, 2);
  ASSERT_FALSE(no_source);
  EXPECT_FALSE(store_->write_fault());
}

}  // namespace
}  // namespace headlined::store::testing
