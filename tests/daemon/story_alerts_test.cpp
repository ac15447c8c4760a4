// One story, one alert (docs/stories.md), through the whole daemon: pages served by a local
// site in two templates, collected from a feed, matched, stored and put in stories.

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <string>
#include <vector>

#include "headlined/store/store.hpp"
#include "recording_sink.hpp"
#include "support/local_server.hpp"
#include "support/story_texts.hpp"
#include "support/temp_dir.hpp"

namespace headlined::daemon {
namespace {

using headlined::testing::LocalServer;
using headlined::testing::TempDir;

using headlined::testing::city_paper;
using headlined::testing::portal;

class StoryAlerts : public ::testing::Test {
 protected:
  // Serves `pages` (path -> HTML) and an RSS feed listing them in order, runs the daemon
  // once with one subscription, and returns the deliveries it made.
  std::vector<Delivery> run_once(const std::vector<std::pair<std::string, std::string>>& pages,
                                 const std::string& alerts_setting) {
    std::vector<std::string> paths;
    for (const auto& [path, html] : pages) {
      site_.server().Get(path, [html](const httplib::Request&, httplib::Response& res) {
        res.set_content(html, "text/html; charset=utf-8");
      });
      paths.push_back(path);
    }
    // The feed is written when asked for: the site's port is known only once it runs.
    site_.server().Get("/rss", [this, paths](const httplib::Request&, httplib::Response& res) {
      std::string items;
      for (const std::string& path : paths)
        items += "<item><title>x</title><link>" + site_.url(path) + "</link></item>";
      res.set_content("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>" +
                          items + "</channel></rss>",
                      "application/rss+xml");
    });
    site_.start();
    const std::string text = R"({"database": ")" + dir_.file("h.db") +
                             R"(", "crawl": {"host_delay_ms": 0},
        "sources": [{"name": "news", "type": "feed", "url": ")" +
                             site_.url("/rss") + R"("}],
        "channels": [{"name": "log", "type": "console"}],
        "subscriptions": [{"name": "harbour", "query": "码头", "channels": ["log"])" +
                             alerts_setting + "}]}";
    RecordingSink sink;
    auto daemon = daemon_from_text(text, dir_.file("c.jsonc"), sink);
    EXPECT_TRUE(daemon);
    if (!daemon) return {};
    std::atomic<bool> stop{false};
    daemon->run_once(stop);
    EXPECT_EQ(sink.stored.size(), pages.size());
    daemon.reset();
    auto store = store::Store::open(dir_.file("h.db"));
    EXPECT_TRUE(store);
    if (!store) return {};
    auto all = (*store)->deliveries();
    EXPECT_TRUE(all) << all.error().to_string();
    return all ? *all : std::vector<Delivery>{};
  }

  LocalServer site_;
  TempDir dir_;
};

using headlined::testing::kHarbourFollowUp;
using headlined::testing::kHarbourReport;
using headlined::testing::kHarbourReprint;

TEST_F(StoryAlerts, TheSameStoryInTwoTemplatesAlertsOnce) {
  auto deliveries =
      run_once({{"/city/1.html", city_paper("东港码头复航", kHarbourReport)},
                {"/portal/7.html", portal("台风后东港码头恢复通航", kHarbourReprint)}},
               "");
  EXPECT_EQ(deliveries.size(), 1u);
}

TEST_F(StoryAlerts, TwoStoriesInOneTemplateAlertTwice) {
  auto deliveries = run_once({{"/city/1.html", city_paper("东港码头复航", kHarbourReport)},
                              {"/city/2.html", city_paper("东港码头货运回升", kHarbourFollowUp)}},
                             "");
  EXPECT_EQ(deliveries.size(), 2u);
}

TEST_F(StoryAlerts, PerArticleAlertsSendEveryCopy) {
  auto deliveries =
      run_once({{"/city/1.html", city_paper("东港码头复航", kHarbourReport)},
                {"/portal/7.html", portal("台风后东港码头恢复通航", kHarbourReprint)}},
               R"(, "alerts": "article")");
  EXPECT_EQ(deliveries.size(), 2u);
}

}  // namespace
}  // namespace headlined::daemon
