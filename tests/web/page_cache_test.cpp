// The rendered-page cache of /s/ID and the listener's own gzip: a cached page is served
// until its snapshot is taken down (410 at once) or its story changes, with the same ETag
// as a fresh render; HEAD and 304 work from the cache; gzip only for clients that accept it.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "../../src/web/content_coding.hpp"
#include "web_fixture.hpp"

namespace headlined::web::testing {
namespace {

TEST(ContentCoding, AcceptsGzipOnlyWhenTheClientDoes) {
  for (const char* yes : {"gzip", "gzip, deflate, br", "deflate, gzip;q=0.5", "GZIP", "x-gzip", "*",
                          "br;q=1.0, gzip; q=0.1", "identity, *;q=0.3"})
    EXPECT_TRUE(accepts_gzip(yes)) << yes;
  for (const char* no : {"", "br", "deflate", "identity", "gzip;q=0", "gzip; q=0.0", "*, gzip;q=0",
                         "gzipped", "gzip;q=zero", "*;q=0"})
    EXPECT_FALSE(accepts_gzip(no)) << no;
}

TEST(ContentCoding, GzipRoundTrips) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "招商引资 line " + std::to_string(i) + "\n";
  const std::string packed = gzip(text);
  ASSERT_GE(packed.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(packed[0]), 0x1f);
  EXPECT_LT(packed.size(), text.size());
  EXPECT_EQ(gunzip(packed), text);
  EXPECT_EQ(gunzip("not gzip at all"), std::nullopt);
  EXPECT_EQ(gunzip(packed.substr(0, packed.size() / 2)), std::nullopt) << "truncated";
}

class CachedSnapshotPage : public WebTest {
 protected:
  const std::string kUrl = "https://zibo.example/news/gaoqing.html";
  std::int64_t id_ = 0;
  std::int64_t other_ = 0;
  void SetUp() override {
    start([&](store::Store& s) {
      id_ = add(s, seed_snapshot(kUrl, 1713055507));
      other_ = add(s, english_snapshot("https://coast.example/ferry.html", "Ferry timetable",
                                       "The harbour ferry runs hourly.", 1713055600));
    });
  }
  std::string path() const { return "/s/" + std::to_string(id_); }

  // A GET that leaves the body as sent (no decompression by the client).
  httplib::Result raw_get(const std::string& target, const httplib::Headers& headers) const {
    httplib::Client c = client();
    c.set_decompress(false);
    auto res = c.Get(target, headers);
    EXPECT_TRUE(res) << "no answer to GET " << target;
    return res;
  }

  // Changes the stored row behind the front's back. Stored snapshots never change, so a
  // page showing the old title afterwards came from the cache. This plain connection has no
  // search tokenizer, so the search index's update trigger goes first (the index is not
  // what these tests look at).
  void sql(const std::string& statement) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(database().c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    const std::string all = "DROP TRIGGER IF EXISTS snapshots_fts_update; " + statement;
    EXPECT_EQ(sqlite3_exec(db, all.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }
};

const httplib::Headers kGzip = {{"Accept-Encoding", "gzip, deflate, br"}};

TEST_F(CachedSnapshotPage, ServesTheCachedPageUntilATakedownThen410AtOnce) {
  auto first = get(path(), kGzip);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);
  sql("UPDATE snapshots SET title = 'changed behind the cache' WHERE id = " + std::to_string(id_));
  auto cached = get(path(), kGzip);
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->status, 200);
  EXPECT_NE(cached->body.find("高青:请进优质合伙人共赢未来"), std::string::npos)
      << "the second answer is the cached page";
  EXPECT_EQ(cached->get_header_value("ETag"), first->get_header_value("ETag"));

  {
    auto store = store::Store::open(database());
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->take_down(kUrl, "request by the author", 1713100000));
  }
  for (const httplib::Headers& headers : {kGzip, httplib::Headers{}}) {
    auto gone = get(path(), headers);
    ASSERT_TRUE(gone);
    EXPECT_EQ(gone->status, 410);
    EXPECT_NE(gone->body.find("如有侵权请联系我们进行删除"), std::string::npos);
    EXPECT_EQ(gone->body.find("高青县"), std::string::npos) << "the text is gone";
  }
}

TEST_F(CachedSnapshotPage, ANewCopyOfTheStoryRendersThePageAnew) {
  auto first = get(path(), kGzip);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->body.find("Ferry timetable"), std::string::npos);
  // The other snapshot joins this one's story (as commit_article would for a reprint).
  sql("INSERT OR REPLACE INTO story_members (snapshot_id, story_id, fetched_at, shingles, "
      "sketch) VALUES (" +
      std::to_string(id_) + ", " + std::to_string(id_) + ", 1713055507, 0, x''), (" +
      std::to_string(other_) + ", " + std::to_string(id_) + ", 1713055600, 0, x'')");
  auto again = get(path(), kGzip);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  EXPECT_NE(again->body.find("Ferry timetable"), std::string::npos) << again->body;
  EXPECT_NE(again->get_header_value("ETag"), first->get_header_value("ETag"));
}

TEST_F(CachedSnapshotPage, SameETagAnd304WithOrWithoutGzipCachedOrNot) {
  auto fresh_plain = raw_get(path(), {});    // rendered
  auto fresh_gzip = raw_get(path(), kGzip);  // rendered and cached
  auto cached_gzip = raw_get(path(), kGzip);
  auto cached_plain = raw_get(path(), {});
  ASSERT_TRUE(fresh_plain && fresh_gzip && cached_gzip && cached_plain);
  const std::string etag = fresh_plain->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(fresh_gzip->get_header_value("ETag"), etag);
  EXPECT_EQ(cached_gzip->get_header_value("ETag"), etag);
  EXPECT_EQ(gunzip(fresh_gzip->body), fresh_plain->body);
  EXPECT_EQ(cached_plain->get_header_value("ETag"), etag);
  EXPECT_EQ(cached_plain->body, fresh_plain->body);
  EXPECT_EQ(gunzip(cached_gzip->body), fresh_plain->body);
  for (const httplib::Headers& headers :
       {httplib::Headers{{"If-None-Match", etag}},
        httplib::Headers{{"If-None-Match", etag}, {"Accept-Encoding", "gzip"}}}) {
    auto not_modified = raw_get(path(), headers);
    ASSERT_TRUE(not_modified);
    EXPECT_EQ(not_modified->status, 304);
    EXPECT_TRUE(not_modified->body.empty());
  }
}

TEST_F(CachedSnapshotPage, HeadAnswersTheHeadersOfTheGet) {
  for (int round = 0; round < 2; ++round) {  // rendered, then cached
    for (const httplib::Headers& headers : {kGzip, httplib::Headers{}}) {
      httplib::Client c = client();
      c.set_decompress(false);
      auto got = c.Get(path(), headers);
      auto head = c.Head(path(), headers);
      ASSERT_TRUE(got && head);
      EXPECT_EQ(head->status, 200);
      EXPECT_TRUE(head->body.empty());
      EXPECT_EQ(head->get_header_value("Content-Length"), std::to_string(got->body.size()));
      EXPECT_EQ(head->get_header_value("Content-Encoding"),
                got->get_header_value("Content-Encoding"));
      EXPECT_EQ(head->get_header_value("ETag"), got->get_header_value("ETag"));
    }
  }
}

TEST_F(CachedSnapshotPage, GzipOnlyWhenAccepted) {
  struct Case {
    const char* accept;
    bool gzipped;
  };
  for (int round = 0; round < 2; ++round) {  // rendered, then cached
    for (const Case& c :
         {Case{"", false}, Case{"br", false}, Case{"gzip;q=0", false}, Case{"deflate", false},
          Case{"gzip, deflate, br", true}, Case{"*", true}}) {
      httplib::Headers headers;
      if (*c.accept) headers.emplace("Accept-Encoding", c.accept);
      for (const std::string& target : {path(), std::string("/"), std::string("/search?q=招商")}) {
        auto res = raw_get(target, headers);
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << target;
        EXPECT_EQ(res->get_header_value("Vary"), "Accept-Encoding") << target;
        EXPECT_EQ(res->get_header_value("Content-Length"), std::to_string(res->body.size()));
        if (c.gzipped) {
          EXPECT_EQ(res->get_header_value("Content-Encoding"), "gzip") << c.accept << target;
          auto plain = gunzip(res->body);
          ASSERT_TRUE(plain) << c.accept << " " << target;
          EXPECT_EQ(plain->rfind("<!doctype html>", 0), 0u);
        } else {
          EXPECT_FALSE(res->has_header("Content-Encoding")) << c.accept << " " << target;
          EXPECT_EQ(res->body.rfind("<!doctype html>", 0), 0u) << c.accept << " " << target;
        }
      }
    }
  }
}

class UncachedSnapshotPage : public WebTest {};

TEST_F(UncachedSnapshotPage, WithoutACacheEveryRequestReadsTheStore) {
  std::int64_t id = 0;
  FrontOptions options;
  options.page_cache_bytes = 0;
  start([&](store::Store& s) { id = add(s, seed_snapshot("https://zibo.example/a.html", 1)); },
        options);
  ASSERT_TRUE(get("/s/" + std::to_string(id), kGzip));
  {
    auto store = store::Store::open(database());
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->take_down("https://zibo.example/a.html", "asked", 2));
  }
  auto gone = get("/s/" + std::to_string(id), kGzip);
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 410);
}

}  // namespace
}  // namespace headlined::web::testing
