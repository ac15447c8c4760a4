// `headlined migrate-db`: a SQLite database filled through the store with every kind of row
// is copied by the real binary into a real PostgreSQL (the ctest `postgres` fixture), and
// the target, opened with Store::open, answers what a user asks as the source did.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "cli_fixture.hpp"
#include "headlined/core/time.hpp"
#include "headlined/match/near_duplicate.hpp"
#include "headlined/store/store.hpp"
#include "support/postgres_server.hpp"
#include "support/story_texts.hpp"
#include "support/temp_dir.hpp"

namespace headlined::cli::testing {
namespace {

using headlined::testing::PostgresServer;

// A page as fetched, before decoding: GBK bytes with NULs inside.
std::string gbk_page(const std::string& tag) {
  return std::string("<html>\xb6\xab\xb8\xdb\0\x01\xff", 13) + tag + "</html>";
}

Snapshot chinese_snapshot(const std::string& url, const std::string& title, const std::string& body,
                          UnixTime fetched_at) {
  Snapshot s = seed_article(url, fetched_at);
  s.article.title = title;
  s.article.body = body;
  s.raw_page = gbk_page(url);
  s.signature = match::sign_body(body);
  return s;
}

void expect_same_snapshot(const Snapshot& a, const Snapshot& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.article.url, b.article.url);
  EXPECT_EQ(a.original_url, b.original_url);
  EXPECT_EQ(a.article.title, b.article.title);
  EXPECT_EQ(a.article.subtitle, b.article.subtitle);
  EXPECT_EQ(a.article.byline, b.article.byline);
  EXPECT_EQ(a.article.attribution, b.article.attribution);
  EXPECT_EQ(a.article.published, b.article.published);
  EXPECT_EQ(a.article.body, b.article.body);
  EXPECT_EQ(a.article.source_name, b.article.source_name);
  EXPECT_EQ(a.raw_page, b.raw_page);
  EXPECT_EQ(a.charset, b.charset);
  EXPECT_EQ(a.fetched_at, b.fetched_at);
}

void expect_same_deliveries(const std::vector<Delivery>& a, const std::vector<Delivery>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE("delivery " + std::to_string(a[i].id));
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].snapshot_id, b[i].snapshot_id);
    EXPECT_EQ(a[i].subscription, b[i].subscription);
    EXPECT_EQ(a[i].channel, b[i].channel);
    EXPECT_EQ(a[i].status, b[i].status);
    EXPECT_EQ(a[i].attempts, b[i].attempts);
    EXPECT_EQ(a[i].next_attempt_at, b[i].next_attempt_at);
    EXPECT_EQ(a[i].last_error, b[i].last_error);
    EXPECT_EQ(a[i].created_at, b[i].created_at);
    EXPECT_EQ(a[i].sent_at, b[i].sent_at);
    EXPECT_EQ(a[i].key, b[i].key);
    EXPECT_EQ(a[i].batch_key, b[i].batch_key);
    EXPECT_EQ(a[i].window_end, b[i].window_end);
    EXPECT_EQ(a[i].terms, b[i].terms);
  }
}

std::vector<std::int64_t> ids_of(const std::vector<Delivery>& deliveries) {
  std::vector<std::int64_t> out;
  for (const Delivery& d : deliveries) out.push_back(d.id);
  return out;
}

class MigrateDb : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& server = PostgresServer::instance();
    ASSERT_TRUE(server.started()) << server.failure();
    url = server.fresh_schema_url();
    db_path = dir.file("headlined.db");
    ASSERT_NO_FATAL_FAILURE(fill_source());
  }

  // Every kind of row a daemon leaves, through the store, then the store closed: the
  // daemon is stopped before a migration.
  void fill_source() {
    auto opened = store::Store::open(db_path);
    ASSERT_TRUE(opened) << opened.error().to_string();
    std::unique_ptr<store::Store> s = std::move(*opened);
    now = now_unix();

    // A report and its reprint (one story), both matched; the report with three deliveries.
    auto report =
        s->commit_article(chinese_snapshot("https://port.example/news/1.html", "东港码头恢复通航",
                                           headlined::testing::kHarbourReport, now - 7200),
                          {Match{"harbour", {"码头"}, "…东港码头外堤…"}},
                          {{"harbour", "hook"}, {"harbour", "mail"}, {"harbour", "ops"}});
    ASSERT_TRUE(report) << report.error().to_string();
    report_id = *report;
    auto reprint = s->commit_article(
        chinese_snapshot("https://portal.example/a/9.html", "台风后东港码头恢复通航",
                         headlined::testing::kHarbourReprint, now - 3600),
        {Match{"harbour", {"码头"}, "…東港碼頭…"}, Match{"reprints", {"轉自"}, "…本文轉自…"}},
        {{"reprints", "hook", false}});
    ASSERT_TRUE(reprint) << reprint.error().to_string();
    reprint_id = *reprint;
    // The newest snapshot, taken down: its id must not come back on PostgreSQL either.
    auto gone = s->commit_article(
        chinese_snapshot(kGoneUrl, "撤稿", "这篇文章应权利人要求已删除。", now - 60), {}, {});
    ASSERT_TRUE(gone) << gone.error().to_string();
    gone_id = *gone;
    ASSERT_TRUE(s->take_down(kGoneUrl, "rights holder asked", now - 30));

    // Deliveries in every state: sent under a batch key, dead, failing, pending.
    auto all = s->deliveries();
    ASSERT_TRUE(all) << all.error().to_string();
    ASSERT_EQ(all->size(), 4u);
    auto id_of = [&](const std::string& subscription, const std::string& channel) {
      for (const Delivery& d : *all)
        if (d.subscription == subscription && d.channel == channel) return d.id;
      return std::int64_t{0};
    };
    const std::int64_t sent = id_of("harbour", "hook");
    ASSERT_TRUE(s->claim_batch({sent}, "batch-key-1"));
    ASSERT_TRUE(s->mark_batch_sent({sent}, now - 100));
    ASSERT_TRUE(s->mark_failed(id_of("harbour", "mail"), "HTTP 410 Gone", now, true));
    ASSERT_TRUE(s->mark_failed(id_of("harbour", "ops"), "HTTP 503", now + 3600, false));

    ASSERT_TRUE(s->disable_channel({"mail", "HTTP 410 Gone", "https://mail.example/hook", now}));
    ASSERT_TRUE(
        s->add_takedown_request({0, "https://portal.example/a/9.html", "legal@portal.example",
                                 "转载未授权", "10.0.0.7", now - 10}));

    Source feed;
    feed.name = "port";
    feed.url = "https://port.example/rss.xml";
    ASSERT_TRUE(s->upsert_source(feed));
    ASSERT_TRUE(s->record_poll_success("port", "\"etag-1\"", "Mon, 30 Nov 2026 08:00:00 GMT",
                                       now - 60, now + 240));
    ASSERT_TRUE(s->record_poll_interval("port", 240, "new articles at most polls"));
    Source portal;
    portal.name = "portal";
    portal.kind = SourceKind::Auto;
    portal.url = "https://portal.example/";
    ASSERT_TRUE(s->upsert_source(portal));
    ASSERT_TRUE(
        s->record_discovery("portal", "list", "https://portal.example/news/", "no feed announced"));
    ASSERT_TRUE(s->record_poll_failure("portal", "HTTP 503", now - 20, now + 600));
    ASSERT_TRUE(s->record_poll_failure("portal", "HTTP 503", now - 10, now + 1200));
    store::WebSubRecord websub;
    websub.source = "port";
    websub.hub = "https://hub.example/";
    websub.topic = "https://port.example/rss.xml";
    websub.callback_token = "token-1";
    websub.secret = "secret-1";
    websub.state = "active";
    websub.requested_at = now - 500;
    websub.lease_expires = now + 86400;
    ASSERT_TRUE(s->save_websub(websub));

    // What a user sees, to compare the target with.
    for (std::int64_t id : {report_id, reprint_id}) {
      auto snapshot = s->snapshot_by_id(id);
      ASSERT_TRUE(snapshot && *snapshot);
      snapshots.push_back(**snapshot);
    }
    deliveries = s->deliveries().value();
    due = s->due_deliveries(now, 100).value();
    ASSERT_EQ(due.size(), 1u) << "the reprint's pending delivery";
    sources = s->source_states().value();
    hook_sends = s->message_send_times("hook", 0).value();
    ASSERT_EQ(hook_sends.size(), 1u);
    s.reset();
    // The report's page back in its row, as a database from before snapshot_pages leaves a
    // row the daemon has not moved yet: the copy must read pages from both places.
    ASSERT_NO_FATAL_FAILURE(move_page_into_row(report_id));
  }

  void move_page_into_row(std::int64_t id) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
    const std::string n = std::to_string(id);
    const std::string sql =
        "UPDATE snapshots SET raw_page = (SELECT raw_page FROM snapshot_pages WHERE snapshot_id "
        "= " +
        n + ") WHERE id = " + n + "; DELETE FROM snapshot_pages WHERE snapshot_id = " + n;
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error ? error : "");
    sqlite3_free(error);
    EXPECT_EQ(sqlite3_changes(db), 1);
    sqlite3_close(db);
  }

  Output migrate(const std::string& extra = "") {
    return headlined("migrate-db --from " + shell_quoted(db_path) + " --to " + shell_quoted(url) +
                     extra + " 2>&1");
  }

  std::unique_ptr<store::Store> open_target() {
    auto opened = store::Store::open(url);
    EXPECT_TRUE(opened) << opened.error().to_string();
    return opened ? std::move(*opened) : nullptr;
  }

  const std::string kGoneUrl = "https://port.example/news/withdrawn.html";
  headlined::testing::TempDir dir;
  std::string db_path;
  std::string url;
  UnixTime now = 0;
  std::int64_t report_id = 0;
  std::int64_t reprint_id = 0;
  std::int64_t gone_id = 0;
  std::vector<Snapshot> snapshots;
  std::vector<Delivery> deliveries;
  std::vector<Delivery> due;
  std::vector<store::SourceState> sources;
  std::vector<UnixTime> hook_sends;
};

TEST_F(MigrateDb, CopiesEveryKindOfRowWithItsIds) {
  Output out = migrate();
  ASSERT_EQ(out.status, 0) << out.out;
  EXPECT_NE(out.out.find("verified"), std::string::npos) << out.out;
  auto target = open_target();
  ASSERT_TRUE(target);

  for (const Snapshot& before : snapshots) {
    SCOPED_TRACE(before.article.url);
    auto after = target->snapshot_by_id(before.id);
    ASSERT_TRUE(after && *after);
    expect_same_snapshot(before, **after);
    auto matches = target->matches_for(before.id);
    ASSERT_TRUE(matches);
    EXPECT_FALSE(matches->empty());
  }
  EXPECT_EQ(snapshots[0].raw_page, gbk_page("https://port.example/news/1.html"))
      << "read from the row, where the source kept it";
  // Search, Chinese included, from tokens made on the way (Traditional finds Simplified).
  auto hits = target->search("東港码头", 10);
  ASSERT_TRUE(hits) << hits.error().to_string();
  std::vector<std::int64_t> found;
  for (const store::SearchHit& h : *hits) found.push_back(h.id);
  std::ranges::sort(found);
  EXPECT_EQ(found, (std::vector<std::int64_t>{report_id, reprint_id}));
  // The story, and the reprint's matches.
  auto copies = target->story_copies(reprint_id);
  ASSERT_TRUE(copies);
  ASSERT_EQ(copies->size(), 1u);
  EXPECT_EQ(copies->front().id, report_id);
  EXPECT_EQ(target->matches_for(reprint_id).value().size(), 2u);

  // The outbox: same ids, keys, batch keys and states; the same one due; the send a rate
  // limit counts; the disabled channel.
  expect_same_deliveries(deliveries, target->deliveries().value());
  EXPECT_EQ(ids_of(target->due_deliveries(now, 100).value()), ids_of(due));
  EXPECT_EQ(target->message_send_times("hook", 0).value(), hook_sends);
  auto disabled = target->disabled_channels().value();
  ASSERT_EQ(disabled.size(), 1u);
  EXPECT_EQ(disabled[0].channel, "mail");
  EXPECT_EQ(disabled[0].url, "https://mail.example/hook");

  // The takedown still holds: the URL is refused, its old id answers as taken down, and
  // a new snapshot gets an id past every old one, the taken-down one included.
  EXPECT_TRUE(target->is_tombstoned(kGoneUrl).value());
  EXPECT_TRUE(target->taken_down_id(gone_id).value());
  EXPECT_EQ(target->commit_article(seed_article(kGoneUrl, now), {}, {}).value(), 0);
  auto fresh = target->commit_article(seed_article("https://port.example/news/2.html", now), {},
                                      {{"harbour", "hook"}});
  ASSERT_TRUE(fresh) << fresh.error().to_string();
  EXPECT_GT(*fresh, gone_id);
  auto all = target->deliveries().value();
  EXPECT_GT(all.back().id, deliveries.back().id);

  auto requests = target->takedown_requests().value();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].reason, "转载未授权");
  EXPECT_EQ(requests[0].client, "10.0.0.7");

  // Source state: validators, due times, failures, discovery, interval; WebSub.
  auto after = target->source_states().value();
  ASSERT_EQ(after.size(), sources.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    SCOPED_TRACE(sources[i].name);
    EXPECT_EQ(after[i].name, sources[i].name);
    EXPECT_EQ(after[i].etag, sources[i].etag);
    EXPECT_EQ(after[i].last_modified, sources[i].last_modified);
    EXPECT_EQ(after[i].last_success, sources[i].last_success);
    EXPECT_EQ(after[i].last_error, sources[i].last_error);
    EXPECT_EQ(after[i].consecutive_failures, sources[i].consecutive_failures);
    EXPECT_EQ(after[i].next_attempt_at, sources[i].next_attempt_at);
    EXPECT_EQ(after[i].discovered_url, sources[i].discovered_url);
    EXPECT_EQ(after[i].poll_interval, sources[i].poll_interval);
  }
  auto websub = target->websub_records().value();
  ASSERT_EQ(websub.size(), 1u);
  EXPECT_EQ(websub[0].callback_token, "token-1");
  EXPECT_EQ(websub[0].lease_expires, now + 86400);
}

TEST_F(MigrateDb, RefusesANonEmptyTargetUnlessForcedToEmptyIt) {
  ASSERT_EQ(migrate().status, 0);
  {
    auto target = open_target();
    ASSERT_TRUE(target);
    ASSERT_TRUE(target->commit_article(seed_article("https://elsewhere.example/x", now), {}, {}));
  }
  Output again = migrate();
  EXPECT_EQ(again.status, 1) << again.out;
  EXPECT_NE(again.out.find("not empty (sources 2, snapshots 3"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("--force"), std::string::npos) << again.out;

  Output forced = migrate(" --force");
  ASSERT_EQ(forced.status, 0) << forced.out;
  EXPECT_NE(forced.out.find("emptied the target first"), std::string::npos) << forced.out;
  auto target = open_target();
  ASSERT_TRUE(target);
  EXPECT_EQ(target->snapshot_count().value(), 2) << "the source's, and nothing else";
  EXPECT_FALSE(target->has_snapshot_url("https://elsewhere.example/x").value());
  expect_same_deliveries(deliveries, target->deliveries().value());

  // A node that still beats on the target is not emptied under.
  ASSERT_TRUE(target->record_heartbeat({"node-a", now, now_unix(), "test", 30000, 0}));
  Output busy = migrate(" --force");
  EXPECT_EQ(busy.status, 1) << busy.out;
  EXPECT_NE(busy.out.find("node 'node-a'"), std::string::npos) << busy.out;
}

TEST_F(MigrateDb, BadInputIsAClearErrorWithThePasswordMasked) {
  Output not_pg = headlined("migrate-db --from " + shell_quoted(db_path) +
                            " --to /var/lib/headlined/other.db 2>&1");
  EXPECT_EQ(not_pg.status, 2) << not_pg.out;
  EXPECT_NE(not_pg.out.find("not a PostgreSQL URL"), std::string::npos) << not_pg.out;

  Output bad_url = headlined("migrate-db --from " + shell_quoted(db_path) +
                             " --to 'postgresql://headlined:hunter2pw@[::1/db' 2>&1");
  EXPECT_EQ(bad_url.status, 2) << bad_url.out;
  EXPECT_EQ(bad_url.out.find("hunter2pw"), std::string::npos) << bad_url.out;

  // Nothing listens on port 1 of the loopback: refused at once.
  Output unreachable = headlined("migrate-db --from " + shell_quoted(db_path) +
                                 " --to 'postgresql://headlined:hunter2pw@127.0.0.1:1/headlined"
                                 "?connect_timeout=5' 2>&1");
  EXPECT_EQ(unreachable.status, 1) << unreachable.out;
  EXPECT_NE(unreachable.out.find("headlined:***@127.0.0.1:1"), std::string::npos)
      << unreachable.out;
  EXPECT_EQ(unreachable.out.find("hunter2pw"), std::string::npos) << unreachable.out;

  Output missing = headlined("migrate-db --from " + shell_quoted(dir.file("none.db")) + " --to " +
                             shell_quoted(url) + " 2>&1");
  EXPECT_EQ(missing.status, 1) << missing.out;
  EXPECT_NE(missing.out.find("none.db"), std::string::npos) << missing.out;

  // A database an older build left: refused with what to do, before the target is touched.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  int version = 0;
  sqlite3_exec(
      db, "PRAGMA user_version",
      [](void* out, int, char** values, char**) {
        *static_cast<int*>(out) = std::atoi(values[0]);
        return 0;
      },
      &version, nullptr);
  const std::string older = "PRAGMA user_version = " + std::to_string(version - 1);
  ASSERT_EQ(sqlite3_exec(db, older.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  Output old = migrate();
  EXPECT_EQ(old.status, 1) << old.out;
  EXPECT_NE(old.out.find("older than this build"), std::string::npos) << old.out;
  EXPECT_EQ(PostgresServer::instance().query(url, "SELECT to_regclass('snapshots') IS NULL"), "t")
      << "nothing made in the target";
}

}  // namespace
}  // namespace headlined::cli::testing
