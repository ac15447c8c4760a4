#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "headlined/notify/channels.hpp"
#include "notify_fixture.hpp"
#include "support/local_server.hpp"

namespace headlined::notify::testing {
namespace {

using headlined::testing::LocalServer;

ChannelSpec webhook_spec(const std::string& url) {
  ChannelSpec spec;
  spec.name = "ops";
  spec.type = ChannelType::Webhook;
  spec.url = url;
  spec.headers = {{"X-Team", "news-desk"}};
  spec.timeout = std::chrono::seconds(5);
  return spec;
}

TEST(WebhookPayload, CarriesTheDocumentedFields) {
  auto json = nlohmann::json::parse(webhook_payload(seed_message()));
  EXPECT_EQ(json["id"], "headlined-delivery-42");
  EXPECT_EQ(json["event"], "article.matched");
  EXPECT_EQ(json["subscription"], "investment");
  EXPECT_EQ(json["terms"], nlohmann::json({"招商引资", "高青"}));
  EXPECT_EQ(json["snippet"], "…全市招商引资综合情况…");
  const auto& a = json["article"];
  EXPECT_EQ(a["id"], 7);
  EXPECT_EQ(a["url"], "https://news.example.cn/zibo/2024/04/14/gaoqing.html");
  EXPECT_EQ(a["title"], "一季度招商引资两项重要指标均居全市首位");
  EXPECT_EQ(a["subtitle"], "高青:请进优质合伙人共赢未来");
  EXPECT_EQ(a["byline"], "□本报记者 董振霞 通讯员 王克军");
  EXPECT_EQ(a["attribution"], "淄博日报");
  EXPECT_EQ(a["published"], "2024-04-14T08:45:07+08:00");
  EXPECT_EQ(a["source"], "zibo");
  EXPECT_EQ(a["fetched_at"], "2024-04-14T00:45:07Z");
  EXPECT_EQ(a["body"], "日前,我市公布今年一季度全市招商引资综合情况。\n优化产业链");
  EXPECT_FALSE(a.contains("raw_page"));  // the page itself stays in the store
}

TEST(WebhookPayload, InvalidUtf8BecomesReplacementCharactersAndTheRestIsKept) {
  Message m = seed_message();
  m.items[0].snapshot.article.title = "bad \xff\xfe byte 招商";
  const auto json = nlohmann::json::parse(webhook_payload(m));
  // Each invalid byte is shown as U+FFFD; the valid text around it arrives unchanged.
  EXPECT_EQ(json["article"]["title"], "bad \xef\xbf\xbd\xef\xbf\xbd byte 招商");
  EXPECT_EQ(json["article"]["attribution"], "淄博日报");
}

TEST(WebhookChannel, PostsJsonWithIdempotencyAndCustomHeaders) {
  std::mutex mutex;
  httplib::Request seen;
  LocalServer receiver;  // declared last so it stops before `seen` goes away
  receiver.server().Post("/hook", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    seen = req;
    res.status = 204;
  });
  receiver.start();

  WebhookChannel channel(webhook_spec(receiver.url("/hook")));
  auto result = channel.send(seed_message());
  ASSERT_TRUE(result) << result.error().reason;

  std::lock_guard lock(mutex);
  EXPECT_EQ(seen.get_header_value("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(seen.get_header_value("Idempotency-Key"), "headlined-delivery-42");
  EXPECT_EQ(seen.get_header_value("webhook-id"), "headlined-delivery-42");
  EXPECT_EQ(seen.get_header_value("X-Team"), "news-desk");
  auto json = nlohmann::json::parse(seen.body);
  EXPECT_EQ(json["id"], "headlined-delivery-42");
  EXPECT_EQ(json["article"]["title"], "一季度招商引资两项重要指标均居全市首位");
}

// One receiver answering with a fixed status (and optional Retry-After).
SendResult send_to_status(int status, const std::string& retry_after = "") {
  LocalServer receiver;
  receiver.server().Post("/hook", [&](const httplib::Request&, httplib::Response& res) {
    res.status = status;
    if (!retry_after.empty()) res.set_header("Retry-After", retry_after);
    if (status >= 300 && status < 400) res.set_header("Location", "/elsewhere");
  });
  receiver.server().Post("/elsewhere",
                         [](const httplib::Request&, httplib::Response& res) { res.status = 200; });
  receiver.start();
  WebhookChannel channel(webhook_spec(receiver.url("/hook")));
  return channel.send(seed_message());
}

TEST(WebhookChannel, ClassifiesResponses) {
  auto unavailable = send_to_status(503);
  ASSERT_FALSE(unavailable);
  EXPECT_FALSE(unavailable.error().permanent);
  EXPECT_EQ(unavailable.error().reason, "HTTP 503: the receiver is unavailable for now");
  EXPECT_FALSE(unavailable.error().pause);

  auto timeout = send_to_status(408);
  ASSERT_FALSE(timeout);
  EXPECT_FALSE(timeout.error().permanent);

  auto throttled = send_to_status(429, "120");
  ASSERT_FALSE(throttled);
  EXPECT_FALSE(throttled.error().permanent);
  EXPECT_EQ(throttled.error().retry_after, std::chrono::seconds(120));

  // The channel's own settings are refused: every message would be, so the channel pauses.
  for (int status : {401, 403, 404, 410}) {
    auto refused = send_to_status(status);
    ASSERT_FALSE(refused);
    EXPECT_TRUE(refused.error().pause) << status;
    EXPECT_NE(refused.error().reason.find(std::to_string(status)), std::string::npos);
  }

  auto moved = send_to_status(301);  // not followed, even though /elsewhere would accept
  ASSERT_FALSE(moved);
  EXPECT_TRUE(moved.error().pause);
  EXPECT_NE(moved.error().reason.find("301"), std::string::npos);

  // This message only: the others may still go.
  auto bad = send_to_status(400);
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().permanent);
  EXPECT_FALSE(bad.error().pause);
}

TEST(WebhookChannel, RetryAfterAsHttpDate) {
  auto throttled = send_to_status(503, "Wed, 21 Oct 2099 07:28:00 GMT");
  ASSERT_FALSE(throttled);
  ASSERT_TRUE(throttled.error().retry_after);
  EXPECT_GT(throttled.error().retry_after->count(), 365LL * 24 * 3600);
}

TEST(WebhookChannel, ConnectionRefusedIsRetryable) {
  int port;
  {
    LocalServer closed;  // a port that was just free and is closed again
    port = closed.start();
  }
  WebhookChannel channel(webhook_spec("http://127.0.0.1:" + std::to_string(port) + "/hook"));
  auto result = channel.send(seed_message());
  ASSERT_FALSE(result);
  EXPECT_FALSE(result.error().permanent);
  EXPECT_FALSE(result.error().reason.empty());
}

}  // namespace
}  // namespace headlined::notify::testing
