// PgStore when its connection breaks under it (the server restarted, a failover, a pooler
// dropping it): here the server ends the store's session itself (pg_terminate_backend), which
// is what the store sees in all those cases, without stopping the server the other tests
// share. The statement that finds it fails and names the database; the store reports the
// outage as its write fault (the daemon pauses on it); the next statement reconnects, with
// the session's settings again; and a lease is never assumed across the gap.

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "headlined/store/store.hpp"
#include "support/postgres_server.hpp"

namespace headlined::store {
namespace {

using headlined::testing::PostgresServer;

constexpr std::int64_t kReconnectNowMs = 1'700'000'000'000;

class PgReconnect : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server.started()) << server.failure();
    // The name picks out this test's sessions in pg_stat_activity.
    application = "pg_reconnect_" + std::to_string(getpid()) + "_" + std::to_string(++opened);
    url = server.fresh_schema_url() + "&application_name=" + application;
  }

  // Ends every session of this test's stores, as a server restart would (waiting up to 5 s
  // for each to be gone, so the store's next statement surely finds it closed).
  void cut_connections() {
    ASSERT_NE(server.query(server.url(),
                           "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
                           "WHERE "
                           "application_name = '" +
                               application + "'"),
              "0");
  }

  PostgresServer& server = PostgresServer::instance();
  std::string application;
  std::string url;
  static inline int opened = 0;
};

TEST_F(PgReconnect, ABrokenConnectionIsAWriteFaultUntilTheNextStatementReconnects) {
  auto store = Store::open(url);
  ASSERT_TRUE(store) << store.error().to_string();
  ASSERT_FALSE((*store)->write_fault());
  cut_connections();

  auto lost = (*store)->snapshot_count();
  ASSERT_FALSE(lost) << "a statement on a terminated session succeeded";
  EXPECT_NE(lost.error().to_string().find("postgresql://headlined@127.0.0.1:"), std::string::npos)
      << lost.error().to_string();
  auto fault = (*store)->write_fault();
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->kind, WriteFault::Kind::Unavailable);
  EXPECT_EQ(fault->cause, "server unreachable");
  EXPECT_GT(fault->since, 0);

  // The first reconnect comes with the next statement; the fault ends with it.
  ASSERT_TRUE((*store)->probe_write()) << "no reconnect";
  EXPECT_FALSE((*store)->write_fault());
  auto count = (*store)->snapshot_count();
  ASSERT_TRUE(count) << count.error().to_string();
  EXPECT_EQ(*count, 0);
}

TEST_F(PgReconnect, AReadOnlyStoreStaysReadOnlyOnItsNewConnection) {
  {
    auto writable = Store::open(url);  // makes the schema
    ASSERT_TRUE(writable) << writable.error().to_string();
  }
  auto store = Store::open_read_only(url);
  ASSERT_TRUE(store) << store.error().to_string();
  cut_connections();
  EXPECT_FALSE((*store)->snapshot_count());
  ASSERT_TRUE((*store)->snapshot_count()) << "no reconnect";
  // The session setting came back with the new connection: writes are still refused.
  EXPECT_FALSE((*store)->probe_write());
  EXPECT_EQ((*store)->pragma_value("default_transaction_read_only").value_or(""), "on");
}

// A node whose connection broke while it held a lease, and came back after the lease expired
// and another node took it: its renewal fails while cut off (an error, neither "renewed" nor
// "lost"), and once reconnected finds the lease taken rather than assuming it still holds it.
TEST_F(PgReconnect, ALeaseThatExpiredWhileCutOffIsNotAssumedAfterTheReconnect) {
  auto a = Store::open(url);
  ASSERT_TRUE(a) << a.error().to_string();
  auto b = Store::open(url);
  ASSERT_TRUE(b) << b.error().to_string();
  ASSERT_TRUE(
      (*a)->take_lease(LeaseKind::Source, "coast", "a", kReconnectNowMs, kReconnectNowMs + 1000)
          .value());
  cut_connections();  // both nodes' sessions; b reconnects at its next statement
  EXPECT_FALSE((*a)->take_lease(LeaseKind::Source, "coast", "a", kReconnectNowMs + 500,
                                kReconnectNowMs + 1500));
  EXPECT_FALSE((*b)->leases(kReconnectNowMs));  // b notices too, and comes back first
  ASSERT_TRUE((*b)->take_lease(LeaseKind::Source, "coast", "b", kReconnectNowMs + 1200,
                               kReconnectNowMs + 2200)
                  .value_or(false));
  auto renewed = (*a)->take_lease(LeaseKind::Source, "coast", "a", kReconnectNowMs + 1300,
                                  kReconnectNowMs + 2300);
  ASSERT_TRUE(renewed) << renewed.error().to_string();
  EXPECT_FALSE(*renewed) << "a took over b's lease on its way back";
  auto held = (*a)->leases(kReconnectNowMs + 1300);
  ASSERT_TRUE(held);
  ASSERT_EQ(held->size(), 1u);
  EXPECT_EQ(held->front().node, "b");
}

}  // namespace
}  // namespace headlined::store
