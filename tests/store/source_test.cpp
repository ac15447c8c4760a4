#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace headlined::store::testing {
namespace {

Source feed(const std::string& url = "https://news.example.cn/rss.xml") {
  Source s;
  s.name = "zibo";
  s.url = url;
  return s;
}

TEST_P(StoreTest, UpsertSourceRegistersThenUpdates) {
  ASSERT_TRUE(store_->upsert_source(feed()));
  auto st = store_->source_state("zibo");
  ASSERT_TRUE(st) << st.error().to_string();
  EXPECT_EQ(st->url, "https://news.example.cn/rss.xml");
  EXPECT_EQ(st->consecutive_failures, 0);
  EXPECT_FALSE(st->last_success);
  EXPECT_EQ(st->next_attempt_at, 0);

  ASSERT_TRUE(
      store_->record_poll_success("zibo", "\"v1\"", "Sun, 14 Apr 2024 00:45:07 GMT", 1000, 1300));
  ASSERT_TRUE(store_->upsert_source(feed()));  // same URL: the fetch state survives
  st = store_->source_state("zibo");
  EXPECT_EQ(st->etag, "\"v1\"");
  EXPECT_EQ(st->last_success, std::optional<UnixTime>(1000));

  ASSERT_TRUE(store_->upsert_source(feed("https://news.example.cn/new.xml")));
  st = store_->source_state("zibo");
  EXPECT_EQ(st->url, "https://news.example.cn/new.xml");
  EXPECT_EQ(st->etag, "");  // validators of the old URL are dropped
  EXPECT_EQ(st->last_modified, "");
  EXPECT_EQ(store_->source_states().value().size(), 1u);
}

TEST_P(StoreTest, DiscoveryIsKeptUntilTheUrlChangesOrItIsForgotten) {
  Source home = feed("https://news.example.cn/");
  home.kind = SourceKind::Auto;
  ASSERT_TRUE(store_->upsert_source(home));
  EXPECT_EQ(store_->source_state("zibo")->discovered_kind, "");
  ASSERT_TRUE(store_->record_discovery("zibo", "feed", "https://news.example.cn/rss.xml",
                                       "the page announces it"));
  ASSERT_TRUE(store_->record_poll_success("zibo", "\"v1\"", "", 1000, 1300));
  ASSERT_TRUE(store_->upsert_source(home));  // a restart: the choice and validators stay
  auto st = store_->source_state("zibo");
  EXPECT_EQ(st->discovered_kind, "feed");
  EXPECT_EQ(st->discovered_url, "https://news.example.cn/rss.xml");
  EXPECT_EQ(st->discovered_reason, "the page announces it");
  EXPECT_EQ(st->etag, "\"v1\"");

  // The same choice again keeps the validators; another one drops them.
  ASSERT_TRUE(store_->record_discovery("zibo", "feed", "https://news.example.cn/rss.xml", "again"));
  EXPECT_EQ(store_->source_state("zibo")->etag, "\"v1\"");
  ASSERT_TRUE(store_->record_discovery("zibo", "sitemap", "https://news.example.cn/map.xml", "x"));
  EXPECT_EQ(store_->source_state("zibo")->etag, "");

  ASSERT_TRUE(store_->upsert_source(feed("https://other.example.cn/")));
  st = store_->source_state("zibo");
  EXPECT_EQ(st->discovered_kind, "");
  EXPECT_EQ(st->discovered_url, "");
  EXPECT_FALSE(store_->record_discovery("nobody", "feed", "https://x.example/", ""));
}

TEST_P(StoreTest, PollFailuresCountUpAndSuccessResets) {
  ASSERT_TRUE(store_->upsert_source(feed()));
  ASSERT_TRUE(store_->record_poll_failure("zibo", "HTTP 503", 1000, 1060));
  ASSERT_TRUE(store_->record_poll_failure("zibo", "timeout", 1060, 1180));
  auto st = store_->source_state("zibo");
  EXPECT_EQ(st->consecutive_failures, 2);
  EXPECT_EQ(st->last_error, "timeout");
  EXPECT_EQ(st->next_attempt_at, 1180);

  ASSERT_TRUE(store_->record_poll_success("zibo", "\"e\"", "lm", 1200, 1500));
  ASSERT_TRUE(store_->record_poll_success("zibo", "\"e\"", "lm", 1500, 1800));
  reopen();
  st = store_->source_state("zibo");
  ASSERT_TRUE(st);
  EXPECT_EQ(st->consecutive_failures, 0);
  EXPECT_EQ(st->last_error, "");
  EXPECT_EQ(st->last_success, std::optional<UnixTime>(1500));
  EXPECT_EQ(st->next_attempt_at, 1800);
  EXPECT_EQ(st->etag, "\"e\"");
  EXPECT_EQ(st->last_modified, "lm");

  // Empty validators clear the stored ones (a poll that missed articles must refetch).
  ASSERT_TRUE(store_->record_poll_success("zibo", "", "", 1800, 2100));
  EXPECT_EQ(store_->source_state("zibo")->etag, "");
  EXPECT_EQ(store_->source_state("zibo")->last_modified, "");
}

TEST_P(StoreTest, UnknownSourceIsAnErrorNamingIt) {
  auto st = store_->source_state("nope");
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().what.find("'nope'"), std::string::npos);
  auto r = store_->record_poll_failure("nope", "x", 1, 2);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().what.find("record_poll_failure"), std::string::npos);
}

}  // namespace
}  // namespace headlined::store::testing
