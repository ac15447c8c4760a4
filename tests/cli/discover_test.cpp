// `headlined discover URL [--json]` as a user runs it, against a real local site: what a
// source of type "auto" would poll, why, and the steps tried on the way.

#include "cli_fixture.hpp"
#include "support/local_server.hpp"

namespace headlined::cli::testing {
namespace {

using headlined::testing::LocalServer;

const char* kRss =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Local news</title>"
    "</channel></rss>";

TEST(DiscoverCommand, JsonNamesTheAnnouncedFeedAndTheStepsTried) {
  LocalServer site;
  site.server().Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(
        "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/gone.xml\">"
        "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/rss\"></head>"
        "<body>Home</body></html>",
        "text/html");
  });
  site.server().Get("/rss", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kRss, "application/rss+xml");
  });
  site.start();
  Output o = headlined("discover --json " + shell_quoted(site.url("/")));
  ASSERT_EQ(o.status, 0) << o.out;
  nlohmann::json j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["url"], site.url("/"));
  EXPECT_EQ(j["type"], "feed");
  EXPECT_EQ(j["source_url"], site.url("/rss"));
  EXPECT_NE(j["reason"].get<std::string>().find("application/rss+xml"), std::string::npos);
  ASSERT_EQ(j["tried"].size(), 2u);
  EXPECT_NE(j["tried"][0].get<std::string>().find("/gone.xml"), std::string::npos);
  EXPECT_NE(j["tried"][1].get<std::string>().find("a feed with 0 items"), std::string::npos);
}

TEST(DiscoverCommand, TextForAFeedUrlAndErrors) {
  LocalServer site;
  site.server().Get("/rss", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kRss, "application/rss+xml");
  });
  site.start();
  Output o = headlined("discover " + shell_quoted(site.url("/rss")));
  ASSERT_EQ(o.status, 0) << o.out;
  EXPECT_EQ(o.out, "feed " + site.url("/rss") + "\n  why: the URL serves a feed\n");
  // A page that cannot be fetched fails; a URL that is not http(s) is a usage error.
  EXPECT_EQ(headlined("discover " + shell_quoted(site.url("/missing")) + " 2>/dev/null").status, 1);
  EXPECT_EQ(headlined("discover ftp://example.com/ 2>/dev/null").status, 2);
}

}  // namespace
}  // namespace headlined::cli::testing
