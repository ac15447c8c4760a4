// The WebSub subscriber against a hub written in the test suite from the spec (websub_hub.hpp):
// subscribe, intent verification, signed content distribution (every signature method),
// lease renewal, unsubscribing a removed source, re-subscribing after a restart; and hostile
// cases: a forged signature, a challenge nobody asked for, an oversized push, a hub that
// never verifies. Time is the test's own clock: leases and timeouts pass without waiting.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>

#include "headlined/daemon/websub_subscriber.hpp"
#include "support/local_server.hpp"
#include "support/temp_dir.hpp"
#include "websub_hub.hpp"

namespace headlined::daemon {
namespace {

using headlined::testing::LocalServer;
using headlined::testing::TempDir;

constexpr const char* kTopic = "https://news.example/feed.xml";
constexpr const char* kFeed =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>N</title>"
    "<item><title>Pushed</title><link>https://news.example/a.html</link></item>"
    "</channel></rss>";

class WebSubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Store::open(dir.file("h.db"));
    ASSERT_TRUE(opened) << opened.error().to_string();
    store = std::move(*opened);
    settings.listen = "127.0.0.1:0";
    settings.lease = std::chrono::seconds(86400);
    settings.verify_timeout = std::chrono::seconds(300);
    settings.max_body_bytes = 4096;
    source.name = "news";
    source.url = kTopic;
    source.allow_private_addresses = true;  // the test's hub is on loopback
    start_subscriber();
  }

  // A subscriber with a callback server of its own; called again, it is a restart (same
  // database, a new process listening on another port).
  void start_subscriber() {
    callback.reset();  // stops serving before the subscriber it calls goes
    subscriber.reset();
    callback = std::make_unique<LocalServer>();
    callback->start();
    // Behind a reverse proxy that keeps a path prefix.
    settings.public_base_url = callback->url("/hooks");
    subscriber = std::make_unique<WebSubSubscriber>(
        *store, settings,
        [this](PushedFeed pushed) {
          std::lock_guard lock(mutex);
          pushes.push_back(std::move(pushed));
        },
        [this] { return now.load(); });
    ASSERT_TRUE(subscriber->load());
    // No request reaches the server before the routes are in.
    subscriber->install(callback->server());
  }

  void TearDown() override { callback.reset(); }

  // A POST straight to the subscriber's callback, as a hub (or a forger) would send it.
  int post_to_callback(const std::string& path, const std::string& body,
                       const httplib::Headers& headers) {
    httplib::Client client("127.0.0.1", callback->port());
    auto res = client.Post(path, headers, body, "application/rss+xml");
    return res ? res->status : 0;
  }

  void subscribe_and_verify(TestHub& hub) {
    subscriber->note_links(source, {hub.url(), kTopic}, kTopic);
    subscriber->maintain({source});
    ASSERT_TRUE(hub.wait([](auto&, auto& v) { return !v.empty(); }));
    ASSERT_TRUE(hub.verifications().back().echoed);
  }

  std::size_t push_count() {
    std::lock_guard lock(mutex);
    return pushes.size();
  }

  TempDir dir;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<LocalServer> callback;
  config::WebSubSettings settings;
  Source source;
  std::atomic<UnixTime> now{1'700'000'000};
  std::unique_ptr<WebSubSubscriber> subscriber;
  std::mutex mutex;
  std::vector<PushedFeed> pushes;
};

// The path of the callback the hub was given (after the host).
std::string path_of(const std::string& url) {
  return url.substr(url.find('/', url.find("://") + 3));
}

TEST_F(WebSubTest, SubscribesVerifiesAndTakesSignedPushesOfEveryMethod) {
  TestHub hub(true, 7200);
  subscribe_and_verify(hub);
  const TestHub::Request request = hub.requests().at(0);
  EXPECT_EQ(request.mode, "subscribe");
  EXPECT_EQ(request.topic, kTopic);
  EXPECT_EQ(request.lease_seconds, "86400");
  EXPECT_TRUE(request.callback.starts_with(settings.public_base_url + "/websub/"))
      << request.callback;
  EXPECT_GE(request.secret.size(), 32u);  // a per-subscription secret
  auto state = subscriber->push_state("news");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->state, "active");
  EXPECT_TRUE(state->receiving);
  ASSERT_TRUE(state->lease_expires);
  EXPECT_EQ(*state->lease_expires, now.load() + 7200);  // the hub's lease, not ours

  for (const char* method : {"sha1", "sha256", "sha384", "sha512"}) {
    const std::vector<int> statuses = hub.publish(kTopic, kFeed, method);
    ASSERT_EQ(statuses.size(), 1u);
    EXPECT_EQ(statuses[0] / 100, 2) << method;
  }
  ASSERT_EQ(push_count(), 4u);
  EXPECT_EQ(pushes[0].source, "news");
  EXPECT_EQ(pushes[0].page.raw_body, kFeed);
  EXPECT_EQ(pushes[0].page.url, kTopic);
  EXPECT_EQ(subscriber->counts().accepted, 4);
  // Kept: a restart finds it.
  auto records = store->websub_records();
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ(records->at(0).state, "active");
}

TEST_F(WebSubTest, ForgedSignatureIsAcknowledgedButIgnored) {
  TestHub hub;
  subscribe_and_verify(hub);
  const std::vector<int> statuses = hub.publish(kTopic, kFeed, "sha256", "not-the-secret");
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0] / 100, 2);  // the spec: 2xx, then ignore
  // No signature at all, and a method outside the spec's four.
  const std::string path = path_of(hub.requests().at(0).callback);
  EXPECT_EQ(post_to_callback(path, kFeed, {}) / 100, 2);
  EXPECT_EQ(post_to_callback(path, kFeed, {{"X-Hub-Signature", "md5=abcdef"}}) / 100, 2);
  EXPECT_EQ(push_count(), 0u);
  EXPECT_EQ(subscriber->counts().bad_signature, 3);
}

TEST_F(WebSubTest, PushToAnUnknownCallbackOrForAnotherTopicIsRefused) {
  TestHub hub;
  subscribe_and_verify(hub);
  const std::string secret = hub.requests().at(0).secret;
  const std::string signature = "sha256=" + *hub_signature_hex("sha256", secret, kFeed);
  EXPECT_EQ(post_to_callback("/hooks/websub/00112233445566778899aabbccddeeff", kFeed,
                             {{"X-Hub-Signature", signature}}),
            404);
  // The right callback and signature, but the Link header names another topic.
  const std::string path = path_of(hub.requests().at(0).callback);
  EXPECT_EQ(post_to_callback(path, kFeed,
                             {{"X-Hub-Signature", signature},
                              {"Link", "<https://other.example/feed>; rel=\"self\""}}) /
                100,
            2);
  EXPECT_EQ(push_count(), 0u);
  EXPECT_EQ(subscriber->counts().unknown_callback, 1);
  EXPECT_EQ(subscriber->counts().wrong_topic, 1);
}

TEST_F(WebSubTest, OversizedPushIsRefusedWith413) {
  TestHub hub;
  subscribe_and_verify(hub);
  const std::string big(settings.max_body_bytes + 1, 'x');
  const std::vector<int> statuses = hub.publish(kTopic, big);
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0], 413);
  EXPECT_EQ(push_count(), 0u);
  EXPECT_EQ(subscriber->counts().too_large, 1);
}

TEST_F(WebSubTest, ChallengeForASubscriptionNeverAskedForIsNotEchoed) {
  httplib::Client client("127.0.0.1", callback->port());
  // Nothing pending at all: an unknown callback token.
  auto res =
      client.Get("/hooks/websub/00112233445566778899aabbccddeeff?hub.mode=subscribe&hub.topic=" +
                 httplib::detail::encode_query_param(kTopic) + "&hub.challenge=evil");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(res->body.find("evil"), std::string::npos);

  // Our callback, but no request of ours is pending any more (it was verified): a replayed
  // or forged verification, or an unsubscribe we never asked for, is refused.
  TestHub hub;
  subscribe_and_verify(hub);
  const std::string path = path_of(hub.requests().at(0).callback);
  for (const char* mode : {"subscribe", "unsubscribe"}) {
    res = client.Get(path + "?hub.mode=" + mode + "&hub.topic=" +
                     httplib::detail::encode_query_param(kTopic) + "&hub.challenge=evil");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404) << mode;
    EXPECT_EQ(res->body.find("evil"), std::string::npos) << mode;
  }
  // A pending request, but for another topic.
  TestHub silent(false);
  subscriber->note_links(source, {silent.url(), "https://news.example/other.xml"}, kTopic);
  subscriber->maintain({source});
  ASSERT_TRUE(silent.wait([](auto& r, auto&) { return !r.empty(); }));
  const std::string pending_path = path_of(silent.requests().at(0).callback);
  res = client.Get(pending_path + "?hub.mode=subscribe&hub.topic=" +
                   httplib::detail::encode_query_param(kTopic) + "&hub.challenge=evil");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(subscriber->counts().refused_challenges, 4);
  EXPECT_EQ(subscriber->push_state("news")->state, "pending");
}

TEST_F(WebSubTest, HubThatNeverVerifiesFailsAfterTheTimeoutAndIsRetriedLater) {
  TestHub hub(false);
  subscriber->note_links(source, {hub.url(), kTopic}, kTopic);
  subscriber->maintain({source});
  ASSERT_TRUE(hub.wait([](auto& r, auto&) { return r.size() == 1; }));
  EXPECT_EQ(subscriber->push_state("news")->state, "pending");
  EXPECT_FALSE(subscriber->push_state("news")->receiving);
  now += settings.verify_timeout.count() - 1;
  subscriber->maintain({source});
  EXPECT_EQ(subscriber->push_state("news")->state, "pending");
  now += 1;
  subscriber->maintain({source});
  auto state = subscriber->push_state("news");
  EXPECT_EQ(state->state, "failed");
  EXPECT_NE(state->last_error.find("did not verify"), std::string::npos) << state->last_error;
  // Asked again an hour later, not at every maintain() in between.
  subscriber->maintain({source});
  EXPECT_EQ(hub.requests().size(), 1u);
  now += 3600;
  subscriber->maintain({source});
  ASSERT_TRUE(hub.wait([](auto& r, auto&) { return r.size() == 2; }));
  EXPECT_EQ(subscriber->push_state("news")->state, "pending");
}

TEST_F(WebSubTest, HubOnAnInternalAddressIsRefusedUnlessTheSourceAllowsIt) {
  TestHub hub;
  source.allow_private_addresses = false;
  subscriber->note_links(source, {hub.url(), kTopic}, kTopic);
  subscriber->maintain({source});
  EXPECT_TRUE(hub.requests().empty());
  auto state = subscriber->push_state("news");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->state, "failed");
  EXPECT_NE(state->last_error.find("127.0.0.1 is a loopback address"), std::string::npos)
      << state->last_error;
  EXPECT_NE(state->last_error.find("allow_private_addresses"), std::string::npos);
}

TEST_F(WebSubTest, LeaseIsRenewedBeforeItEnds) {
  TestHub hub(true, 10000);
  subscribe_and_verify(hub);
  now += 5000;
  subscriber->maintain({source});
  EXPECT_EQ(hub.requests().size(), 1u);  // not yet
  now += 4000;  // within a tenth of the lease (and the verification timeout) of its end
  subscriber->maintain({source});
  ASSERT_TRUE(hub.wait([](auto&, auto& v) { return v.size() == 2; }));
  EXPECT_TRUE(hub.verifications().back().echoed);
  const auto requests = hub.requests();
  EXPECT_EQ(requests[1].callback, requests[0].callback);  // the same subscription renewed
  EXPECT_EQ(*subscriber->push_state("news")->lease_expires, now.load() + 10000);
}

TEST_F(WebSubTest, RemovedSourceIsUnsubscribed) {
  TestHub hub;
  subscribe_and_verify(hub);
  EXPECT_EQ(hub.subscribers(), 1u);
  subscriber->maintain({});  // the source left the config
  ASSERT_TRUE(hub.wait([](auto&, auto& v) { return v.size() == 2; }));
  EXPECT_EQ(hub.requests().back().mode, "unsubscribe");
  EXPECT_TRUE(hub.verifications().back().echoed);
  EXPECT_EQ(hub.subscribers(), 0u);
  EXPECT_FALSE(subscriber->push_state("news"));
  EXPECT_TRUE(store->websub_records()->empty());
}

TEST_F(WebSubTest, RestartResubscribesWithTheKeptCallbackAndSecret) {
  TestHub hub;
  subscribe_and_verify(hub);
  const TestHub::Request first = hub.requests().at(0);
  start_subscriber();  // a new process on the same database
  EXPECT_EQ(subscriber->push_state("news")->state, "active");
  subscriber->maintain({source});
  ASSERT_TRUE(hub.wait([](auto&, auto& v) { return v.size() == 2; }));
  const TestHub::Request again = hub.requests().at(1);
  EXPECT_EQ(again.mode, "subscribe");
  EXPECT_EQ(again.secret, first.secret);
  EXPECT_EQ(path_of(again.callback), path_of(first.callback));
  EXPECT_TRUE(hub.verifications().back().echoed);
  // Pushes reach the new process (the hub also still tries the old process's address).
  const std::vector<int> statuses = hub.publish(kTopic, kFeed);
  EXPECT_EQ(std::count_if(statuses.begin(), statuses.end(), [](int s) { return s / 100 == 2; }), 1);
  EXPECT_EQ(push_count(), 1u);
}

TEST(WebSubLinks, FromLinkHeadersFirstThenTheFeed) {
  const std::string atom =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><link rel=\"hub\" "
      "href=\"https://hub.example/\"/>"
      "<link href='/feed.atom' rel='self'/></feed>";
  WebSubLinks links = find_websub_links(atom, {}, "https://news.example/x/feed");
  EXPECT_EQ(links.hub, "https://hub.example/");
  EXPECT_EQ(links.topic, "https://news.example/feed.atom");
  links = find_websub_links(
      atom, {"<https://push.example/hub>; rel=\"hub\"", "<https://news.example/t>; rel=self"},
      "https://news.example/feed");
  EXPECT_EQ(links.hub, "https://push.example/hub");
  EXPECT_EQ(links.topic, "https://news.example/t");
  const std::string rss =
      "<rss xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel><atom:link rel=\"hub\" "
      "href=\"https://pubsubhubbub.example/\"/><item><link>https://a/</link></item></channel></"
      "rss>";
  links = find_websub_links(rss, {}, "https://news.example/rss");
  EXPECT_EQ(links.hub, "https://pubsubhubbub.example/");
  EXPECT_EQ(links.topic, "");
  EXPECT_EQ(find_websub_links("<rss><channel></channel></rss>", {}, "https://a/").hub, "");
}

TEST(WebSubSignature, KnownAnswersAndRefusals) {
  // RFC 4231 test case 2 (HMAC-SHA256 of "what do ya want for nothing?" under "Jefe").
  EXPECT_EQ(*hub_signature_hex("sha256", "Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // RFC 2202 test case 2 (HMAC-SHA1).
  EXPECT_EQ(*hub_signature_hex("sha1", "Jefe", "what do ya want for nothing?"),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  const std::string good = "sha512=" + *hub_signature_hex("sha512", "k", "body");
  EXPECT_EQ(check_hub_signature(good, "k", "body"), SignatureCheck::Valid);
  EXPECT_EQ(check_hub_signature(good, "k", "body!"), SignatureCheck::Mismatch);
  EXPECT_EQ(check_hub_signature(good, "k2", "body"), SignatureCheck::Mismatch);
  EXPECT_EQ(check_hub_signature("", "k", "body"), SignatureCheck::Missing);
  EXPECT_EQ(check_hub_signature("sha256", "k", "body"), SignatureCheck::Malformed);
  EXPECT_EQ(check_hub_signature("md5=00", "k", "body"), SignatureCheck::UnknownMethod);
  EXPECT_EQ(check_hub_signature("sha256=00", "k", "body"), SignatureCheck::Mismatch);
}

}  // namespace
}  // namespace headlined::daemon
