// The daemon's pipeline against a real local news site: what gets stored, what is skipped,
// and how one broken source or page leaves the others untouched.

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "headlined/config/config.hpp"
#include "headlined/daemon/config_check.hpp"
#include "headlined/daemon/daemon.hpp"
#include "recording_sink.hpp"
#include "support/local_server.hpp"
#include "support/temp_dir.hpp"

namespace headlined::daemon {
namespace {

using headlined::testing::LocalServer;
using headlined::testing::TempDir;

std::string article_page(const std::string& title, const std::string& text) {
  return "<html><head><meta charset=\"utf-8\"><title>" + title +
         "</title></head><body><article><h1>" + title + "</h1><p>" + text + "</p><p>" + text +
         "</p></article></body></html>";
}

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& s = site.server();
    s.Get("/feed.xml", [this](const httplib::Request& req, httplib::Response& res) {
      ++feed_requests;
      if (req.get_header_value("If-None-Match") == "\"v1\"") {
        ++conditional_hits;
        res.status = 304;
        return;
      }
      std::string items;
      for (const char* path : {"/a/1.html", "/a/2.html", "/a/missing.html"})
        items += "<item><title>t</title><link>" + site.url(path) + "</link></item>";
      res.set_header("ETag", "\"v1\"");
      res.set_content("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>" +
                          items + "</channel></rss>",
                      "application/rss+xml");
    });
    s.Get("/broken.xml", [](const httplib::Request&, httplib::Response& res) {
      res.status = 500;
      res.set_content("oops", "text/plain");
    });
    s.Get("/a/1.html", [this](const httplib::Request&, httplib::Response& res) {
      ++article_requests;
      res.set_content(
          article_page("新能源项目开工", "淄博新能源产业项目集中开工，总投资86.5亿元。"),
          "text/html; charset=utf-8");
    });
    s.Get("/a/2.html", [this](const httplib::Request&, httplib::Response& res) {
      ++article_requests;
      res.set_content(article_page("Harbour reopens", "The harbour reopened on Monday."),
                      "text/html");
    });
    site.start();
  }

  std::unique_ptr<Daemon> make_daemon(RecordingSink& sink) {
    std::string text = R"({
      "database": ")" + dir.file("h.db") +
                       R"(",
      "sources": [
        {"name": "good", "type": "feed", "url": ")" +
                       site.url("/feed.xml") + R"("},
        {"name": "broken", "type": "feed", "url": ")" +
                       site.url("/broken.xml") + R"("}
      ],
      "channels": [{"name": "log", "type": "console"}],
      "subscriptions": [{"name": "energy", "query": "新能源", "channels": ["log"]}]
    })";
    return daemon_from_text(text, dir.file("test.jsonc"), sink);
  }

  TempDir dir;
  LocalServer site;
  std::atomic<int> feed_requests{0}, article_requests{0}, conditional_hits{0};
  std::atomic<bool> stop{false};
};

TEST_F(PipelineTest, StoresNewArticlesAndIsolatesABrokenSourceAndPage) {
  RecordingSink sink;
  auto daemon = make_daemon(sink);
  ASSERT_TRUE(daemon);
  daemon->run_once(stop);

  EXPECT_EQ(sink.stored.size(), 2u);
  EXPECT_EQ(sink.failed.size(), 1u);  // the 404 article
  PollReport good = sink.poll_of("good");
  EXPECT_TRUE(good.ok);
  EXPECT_EQ(good.items, 3);
  EXPECT_EQ(good.stored, 2);
  EXPECT_EQ(good.failed, 1);
  PollReport broken = sink.poll_of("broken");
  EXPECT_FALSE(broken.ok);
  EXPECT_NE(broken.error.find("500"), std::string::npos) << broken.error;

  auto state = daemon->store().source_state("broken");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->consecutive_failures, 1);
  EXPECT_NE(state->last_error.find("500"), std::string::npos);
  auto good_state = daemon->store().source_state("good");
  ASSERT_TRUE(good_state);
  EXPECT_TRUE(good_state->last_success.has_value());

  auto snapshot = daemon->store().snapshot_by_url(site.url("/a/1.html"));
  ASSERT_TRUE(snapshot && *snapshot);
  EXPECT_EQ((*snapshot)->article.title, "新能源项目开工");
  auto matches = daemon->store().matches_for((*snapshot)->id);
  ASSERT_TRUE(matches);
  ASSERT_EQ(matches->size(), 1u);
  EXPECT_EQ((*matches)[0].subscription, "energy");
}

TEST_F(PipelineTest, SecondPollSkipsStoredArticlesBeforeFetchingThem) {
  RecordingSink sink;
  auto daemon = make_daemon(sink);
  ASSERT_TRUE(daemon);
  daemon->run_once(stop);
  const int fetched_first = article_requests.load();
  EXPECT_EQ(fetched_first, 2);

  daemon->run_once(stop);
  // The feed had a failed article, so its ETag was not kept: the feed is read again, the two
  // stored articles are skipped without a request, nothing is stored twice.
  EXPECT_EQ(conditional_hits.load(), 0);
  EXPECT_EQ(article_requests.load(), fetched_first);
  EXPECT_EQ(sink.stored.size(), 2u);
  EXPECT_EQ(sink.poll_of("good").skipped, 2);
}

TEST_F(PipelineTest, AFeedWhoseArticlesAreAllInIsPolledConditionally) {
  site.server().Get("/a/missing.html", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(article_page("Late arrival", "Now it is there."), "text/html");
  });
  RecordingSink sink;
  auto daemon = make_daemon(sink);
  ASSERT_TRUE(daemon);
  daemon->run_once(stop);
  EXPECT_EQ(sink.stored.size(), 3u);
  daemon->run_once(stop);
  EXPECT_EQ(conditional_hits.load(), 1);
  EXPECT_TRUE(sink.poll_of("good").not_modified);
  EXPECT_EQ(sink.stored.size(), 3u);
}

// Datelines without an offset are stored with the one the page means: the source's
// "time_zone", else Beijing time on a Chinese page, else UTC.
TEST_F(PipelineTest, OffsetLessTimesAreStoredWithTheZoneOfThePage) {
  auto dated = [](const std::string& title, const std::string& text) {
    return "<html><head><meta charset=\"utf-8\"><title>" + title +
           "</title></head><body><article><h1>" + title +
           "</h1><div class=\"info\">2024-04-14 08:30</div><p>" + text + "</p><p>" + text +
           "</p></article></body></html>";
  };
  const std::string chinese =
      dated("新能源项目开工", "淄博新能源产业项目集中开工，总投资86.5亿元。");
  const std::string english =
      dated("Harbour reopens", "The harbour reopened on Monday after the storm, officials said.");
  auto serve = [this](const std::string& path, const std::string& html) {
    site.server().Get(path, [html](const httplib::Request&, httplib::Response& res) {
      res.set_content(html, "text/html; charset=utf-8");
    });
  };
  serve("/z/cn.html", chinese);
  serve("/z/en.html", english);
  serve("/z/ny.html", english);
  serve("/z/cn-in-new-york.html", chinese);
  auto feed = [this](const std::string& path, const std::vector<std::string>& links) {
    std::string items;
    for (const std::string& link : links)
      items += "<item><title>t</title><link>" + site.url(link) + "</link></item>";
    const std::string xml =
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T"
        "</title>" +
        items + "</channel></rss>";
    site.server().Get(path, [xml](const httplib::Request&, httplib::Response& res) {
      res.set_content(xml, "application/rss+xml");
    });
  };
  feed("/by-language.xml", {"/z/cn.html", "/z/en.html"});
  feed("/new-york.xml", {"/z/ny.html", "/z/cn-in-new-york.html"});
  RecordingSink sink;
  auto daemon = daemon_from_text(R"({"database": ")" + dir.file("z.db") + R"(",
      "sources": [
        {"name": "by-language", "type": "feed", "url": ")" +
                                     site.url("/by-language.xml") + R"("},
        {"name": "zoned", "type": "feed", "url": ")" +
                                     site.url("/new-york.xml") + R"(",
         "time_zone": "America/New_York"}
      ],
      "channels": [{"name": "log", "type": "console"}],
      "subscriptions": [{"name": "s", "query": "harbour", "channels": ["log"]}]})",
                                 dir.file("z.jsonc"), sink);
  ASSERT_TRUE(daemon);
  daemon->run_once(stop);
  auto published = [&](const std::string& path) {
    auto snapshot = daemon->store().snapshot_by_url(site.url(path));
    return snapshot && *snapshot ? (*snapshot)->article.published : std::string("(not stored)");
  };
  EXPECT_EQ(published("/z/cn.html"), "2024-04-14T08:30:00+08:00");
  EXPECT_EQ(published("/z/en.html"), "2024-04-14T08:30:00Z");
  EXPECT_EQ(published("/z/ny.html"), "2024-04-14T08:30:00-04:00");
  EXPECT_EQ(published("/z/cn-in-new-york.html"), "2024-04-14T08:30:00-04:00");
}

TEST(ConfigCheck, ReportsAMalformedQueryAtItsLineAndColumn) {
  TempDir dir;
  std::string text =
      "{\n"
      "  \"sources\": [],\n"
      "  \"channels\": [{\"name\": \"log\", \"type\": \"console\"}],\n"
      "  \"subscriptions\": [\n"
      "    {\"name\": \"bad\", \"query\": \"招商 (引资\", \"channels\": [\"log\"]}\n"
      "  ]\n"
      "}\n";
  config::LoadResult loaded = config::load_config_text(text, "x.jsonc");
  ASSERT_TRUE(loaded.ok());
  check_queries(loaded);
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_EQ(loaded.errors[0].pos.line, 5);
  // Columns count characters: the query's first is column 31; the unclosed "(" is its
  // character 3 and the query ends at character 6: the error points between the two.
  EXPECT_GE(loaded.errors[0].pos.column, 31 + 3);
  EXPECT_LE(loaded.errors[0].pos.column, 31 + 6);
  EXPECT_NE(loaded.errors[0].to_string().find("x.jsonc:5:"), std::string::npos);
  EXPECT_NE(loaded.errors[0].message.find("bad"), std::string::npos);
}

}  // namespace
}  // namespace headlined::daemon
