#pragma once
// A real web front on 127.0.0.1 (port 0) over a real SQLite database filled through the
// store, and an httplib client to ask it: what every web test starts from.

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <string>

#include "headlined/store/store.hpp"
#include "headlined/web/front.hpp"
#include "headlined/web/http_listener.hpp"
#include "support/temp_dir.hpp"

namespace headlined::web::testing {

// The seed's article (title, sub-title, byline, attribution, two paragraphs).
inline Snapshot seed_snapshot(const std::string& url, UnixTime fetched_at) {
  Snapshot s;
  s.article.url = url;
  s.article.attribution = "淄博日报";
  s.article.subtitle = "一季度招商引资两项重要指标均居全市首位";
  s.article.title = "高青:请进优质合伙人共赢未来";
  s.article.byline = "□本报记者 董振霞 通讯员 王克军";
  s.article.body =
      "日前,我市公布今年一季度全市招商引资综合情况,高青县两项重要指标均居全市首位。\n"
      "从京津冀到苏沪浙,高青县聚焦“高质量招商引资”,马不停蹄,精准出击。";
  s.article.source_name = "zibo";
  s.original_url = url + "?from=rss";
  s.raw_page = "<html><body><script>alert('raw')</script>" + s.article.body + "</body></html>";
  s.charset = "gb18030";
  s.fetched_at = fetched_at;
  return s;
}

inline Snapshot english_snapshot(const std::string& url, const std::string& title,
                                 const std::string& body, UnixTime fetched_at,
                                 const std::string& source = "coast") {
  Snapshot s;
  s.article.url = url;
  s.article.title = title;
  s.article.body = body;
  s.article.source_name = source;
  s.original_url = url;
  s.raw_page = "<html>" + body + "</html>";
  s.charset = "utf-8";
  s.fetched_at = fetched_at;
  return s;
}

class WebTest : public ::testing::Test {
 protected:
  // Fills the database through `fill`, then starts the front with `options` (database and
  // defaults filled in) and a listener with `limits`.
  void start(const std::function<void(store::Store&)>& fill, FrontOptions options = {},
             ListenerLimits limits = {}) {
    {
      auto store = store::Store::open(database());
      ASSERT_TRUE(store) << store.error().to_string();
      fill(**store);
    }
    options.database = database();
    if (options.settings.contact.empty()) options.settings.contact = "takedown@example.org";
    auto front = Front::open(options);
    ASSERT_TRUE(front) << front.error().to_string();
    front_ = std::move(*front);
    auto listener = HttpListener::start("127.0.0.1:0", limits,
                                        [this](httplib::Server& s) { front_->install(s); });
    ASSERT_TRUE(listener) << listener.error().to_string();
    listener_ = std::move(*listener);
  }

  std::string database() const { return dir_.file("web.db"); }
  int port() const { return listener_->port(); }

  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port());
    c.set_connection_timeout(std::chrono::seconds(5));
    c.set_read_timeout(std::chrono::seconds(10));
    return c;
  }

  // GET `path`; fails the test when no answer comes.
  httplib::Result get(const std::string& path, const httplib::Headers& headers = {}) const {
    httplib::Client c = client();
    auto res = c.Get(path, headers);
    EXPECT_TRUE(res) << "no answer to GET " << path;
    return res;
  }

  headlined::testing::TempDir dir_;
  std::unique_ptr<Front> front_;
  std::unique_ptr<HttpListener> listener_;
};

// Commits `s` with no matches; returns its id.
inline std::int64_t add(store::Store& store, const Snapshot& s,
                        const std::vector<Match>& matches = {}) {
  auto id = store.commit_article(s, matches, {});
  EXPECT_TRUE(id) << id.error().to_string();
  return id ? *id : 0;
}

}  // namespace headlined::web::testing
