// /feeds/NAME.atom (token per subscription, 404 otherwise) and the /takedown form: CSRF
// token, per-client limit, size limit, the one table the front writes, and methods.
#include <gtest/gtest.h>

#include <vector>

#include "web_fixture.hpp"

namespace headlined::web::testing {
namespace {

const std::string kToken = "s3cret-token-0123456789";

class FeedAndForm : public WebTest {
 protected:
  void SetUp() override {
    FrontOptions options;
    Subscription sub;
    sub.name = "招商";
    sub.feed_token = kToken;
    options.subscriptions.push_back(sub);
    Subscription no_feed;
    no_feed.name = "quiet";
    options.subscriptions.push_back(no_feed);
    options.settings.public_base_url = "https://news.example.org";
    options.form_posts_per_hour = 2;
    start(
        [](store::Store& s) {
          Snapshot seed = seed_snapshot("https://zibo.example/news/gaoqing.html", 1713055507);
          add(s, seed, {Match{"招商", {"招商引资"}, "…招商引资…"}});
        },
        options);
  }

  // The form's token and the cookie it came with.
  std::pair<std::string, std::string> form_token() {
    auto res = get("/takedown");
    EXPECT_TRUE(res && res->status == 200);
    const std::string marker = "name=\"csrf\" value=\"";
    const std::size_t at = res->body.find(marker);
    EXPECT_NE(at, std::string::npos);
    std::string token = res->body.substr(at + marker.size());
    token = token.substr(0, token.find('"'));
    std::string cookie = res->get_header_value("Set-Cookie");
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
    return {token, cookie.substr(0, cookie.find(';'))};
  }

  httplib::Result post_form(const httplib::Params& params, const std::string& cookie) {
    httplib::Client c = client();
    return c.Post("/takedown", {{"Cookie", cookie}}, params);
  }

  std::vector<store::TakedownRequest> stored_requests() {
    auto store = store::Store::open(database());
    EXPECT_TRUE(store);
    auto requests = (*store)->takedown_requests();
    EXPECT_TRUE(requests);
    return requests ? *requests : std::vector<store::TakedownRequest>{};
  }
};

TEST_F(FeedAndForm, FeedNeedsTheSubscriptionsToken) {
  auto ok = get("/feeds/%E6%8B%9B%E5%95%86.atom?token=" + kToken);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->get_header_value("Content-Type"), "application/atom+xml; charset=utf-8");
  EXPECT_NE(ok->body.find("<title>高青:请进优质合伙人共赢未来</title>"), std::string::npos);
  EXPECT_NE(ok->body.find("href=\"https://news.example.org/a/"), std::string::npos);
  for (const std::string& path : std::vector<std::string>{
           "/feeds/%E6%8B%9B%E5%95%86.atom", "/feeds/%E6%8B%9B%E5%95%86.atom?token=wrong",
           "/feeds/%E6%8B%9B%E5%95%86.atom?token=" + kToken + "x",
           "/feeds/quiet.atom?token=", "/feeds/nosuch.atom?token=" + kToken}) {
    auto res = get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404) << path;
    EXPECT_EQ(res->body.find("<feed"), std::string::npos);
  }
}

TEST_F(FeedAndForm, FormStoresARequestWithAValidToken) {
  auto [token, cookie] = form_token();
  auto res = post_form({{"csrf", token},
                        {"url", "https://zibo.example/news/gaoqing.html"},
                        {"contact", "author@example.com"},
                        {"reason", "<b>mine</b>"}},
                       cookie);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  auto requests = stored_requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].url, "https://zibo.example/news/gaoqing.html");
  EXPECT_EQ(requests[0].contact, "author@example.com");
  EXPECT_EQ(requests[0].reason, "<b>mine</b>");
  EXPECT_EQ(requests[0].client, "127.0.0.1");
}

TEST_F(FeedAndForm, FormRefusesMissingOrForeignTokens) {
  auto [token, cookie] = form_token();
  const httplib::Params fields = {{"url", "https://zibo.example/a"}, {"contact", "x@example.com"}};
  httplib::Params with_token = fields;
  with_token.emplace("csrf", token);
  httplib::Params forged = fields;
  forged.emplace("csrf", "1700000000.00000000000000000000000000000000");
  for (const auto& [params, cookie_sent] : std::vector<std::pair<httplib::Params, std::string>>{
           {fields, cookie},  // no token in the form
           {with_token, ""},  // no cookie
           {forged, "headlined_csrf=1700000000.00000000000000000000000000000000"},  // not ours
       }) {
    auto res = post_form(params, cookie_sent);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403);
  }
  EXPECT_TRUE(stored_requests().empty());
}

TEST_F(FeedAndForm, FormIsRateLimitedPerClient) {
  auto [token, cookie] = form_token();
  const httplib::Params params = {
      {"csrf", token}, {"url", "https://zibo.example/a"}, {"contact", "x@example.com"}};
  for (int i = 0; i < 2; ++i) {
    auto res = post_form(params, cookie);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
  }
  auto third = post_form(params, cookie);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->status, 429);
  EXPECT_EQ(stored_requests().size(), 2u);
}

TEST_F(FeedAndForm, FormRejectsBadFieldsAndOversizedBodies) {
  auto [token, cookie] = form_token();
  auto bad_url =
      post_form({{"csrf", token}, {"url", "javascript:alert(1)"}, {"contact", "x"}}, cookie);
  ASSERT_TRUE(bad_url);
  EXPECT_EQ(bad_url->status, 400);
  auto huge = post_form({{"csrf", token},
                         {"url", "https://zibo.example/a"},
                         {"contact", "x"},
                         {"reason", std::string(64 * 1024, 'x')}},
                        cookie);
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
  EXPECT_TRUE(stored_requests().empty());
}

TEST_F(FeedAndForm, OnlyGetHeadAndTheFormsPostAreAllowed) {
  httplib::Client c = client();
  auto head = c.Head("/");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  auto put = c.Put("/takedown", "x", "text/plain");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 405);
  EXPECT_EQ(put->get_header_value("Allow"), "GET, HEAD, POST");
  auto del = c.Delete("/s/1");
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 405);
  auto post = c.Post("/search", "q=x", "application/x-www-form-urlencoded");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
}

}  // namespace
}  // namespace headlined::web::testing
