#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>

#include "headlined/core/time.hpp"
#include "headlined/notify/channels.hpp"
#include "headlined/notify/dispatcher.hpp"
#include "notify_fixture.hpp"
#include "support/local_server.hpp"
#include "support/temp_dir.hpp"
#include "support/write_faults.hpp"

namespace headlined::notify::testing {
namespace {

using headlined::testing::LocalServer;
using namespace std::chrono_literals;

// A webhook receiver that answers from a script of statuses (the last one repeats) and
// counts what it received.
class ScriptedReceiver {
 public:
  explicit ScriptedReceiver(std::vector<int> statuses, std::string retry_after = "")
      : statuses_(std::move(statuses)), retry_after_(std::move(retry_after)) {
    server_.server().Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      std::size_t i = std::min(requests_.size(), statuses_.size() - 1);
      res.status = statuses_[i];
      if (!retry_after_.empty()) res.set_header("Retry-After", retry_after_);
      requests_.push_back(req.get_header_value("Idempotency-Key"));
      if (res.status < 300) accepted_.push_back(nlohmann::json::parse(req.body));
    });
    server_.start();
  }
  std::string url() const { return server_.url("/hook"); }
  std::size_t requests() {
    std::lock_guard lock(mutex_);
    return requests_.size();
  }
  std::vector<nlohmann::json> accepted() {
    std::lock_guard lock(mutex_);
    return accepted_;
  }

 private:
  std::mutex mutex_;
  std::vector<int> statuses_;
  std::string retry_after_;
  std::vector<std::string> requests_;
  std::vector<nlohmann::json> accepted_;
  LocalServer server_;  // last: stopped before the state its handler touches is destroyed
};

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen(); }

  void reopen() {
    store_.reset();
    auto opened = store::Store::open(dir_.file("headlined.db"));
    ASSERT_TRUE(opened) << opened.error().to_string();
    store_ = std::move(*opened);
  }

  // Stores the seed article owing one delivery through channel "hook"; returns its due time.
  UnixTime add_article() {
    Snapshot s = seed_snapshot();
    s.fetched_at = t0_;
    auto id = store_->commit_article(s, {Match{"investment", {"招商引资"}, "…招商引资…"}},
                                     {{"investment", "hook"}});
    EXPECT_TRUE(id) << id.error().to_string();
    return t0_;
  }

  std::unique_ptr<Dispatcher> dispatcher_for(const std::string& url, int max_attempts = 8,
                                             double jitter = 0.2) {
    ChannelSpec spec;
    spec.name = "hook";
    spec.type = ChannelType::Webhook;
    spec.url = url;
    spec.max_attempts = max_attempts;
    spec.timeout = 5s;
    std::map<std::string, std::unique_ptr<Channel>> channels;
    channels.emplace("hook", std::make_unique<WebhookChannel>(spec));
    RetryPolicy policy;
    policy.initial = 10s;
    policy.maximum = 3600s;
    policy.jitter = jitter;
    auto d = std::make_unique<Dispatcher>(
        *store_, std::move(channels), std::map<std::string, ChannelSpec>{{"hook", spec}}, policy);
    d->on_event([this](const DispatchEvent& e) { events_.push_back(e); });
    return d;
  }

  Delivery only_delivery() {
    auto all = store_->deliveries();
    EXPECT_TRUE(all && all->size() == 1u);
    return all && !all->empty() ? all->front() : Delivery{};
  }

  headlined::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::vector<DispatchEvent> events_;
  UnixTime t0_ = now_unix() - 60;  // fetched a minute ago: due at once
};

TEST_F(DispatcherTest, BackoffDoublesUpToTheMaximum) {
  auto d = dispatcher_for("http://127.0.0.1:1/");
  EXPECT_EQ(d->backoff(1), 10s);
  EXPECT_EQ(d->backoff(2), 20s);
  EXPECT_EQ(d->backoff(3), 40s);
  EXPECT_EQ(d->backoff(9), 2560s);
  EXPECT_EQ(d->backoff(10), 3600s);
  EXPECT_EQ(d->backoff(1000), 3600s);
}

TEST_F(DispatcherTest, RetriesThroughTwo503sThenSendsExactlyOnce) {
  ScriptedReceiver receiver({503, 503, 200});
  auto dispatcher = dispatcher_for(receiver.url());
  UnixTime now = add_article();

  EXPECT_EQ(dispatcher->run_once(now), 0);
  Delivery d = only_delivery();
  EXPECT_EQ(d.attempts, 1);
  EXPECT_EQ(d.last_error, "HTTP 503: the receiver is unavailable for now");
  // backoff(1) = 10s with +/-20% jitter
  EXPECT_GE(d.next_attempt_at, now + 8);
  EXPECT_LE(d.next_attempt_at, now + 12);

  EXPECT_EQ(dispatcher->run_once(now + 5), 0);  // not due yet: nothing is sent
  EXPECT_EQ(receiver.requests(), 1u);

  now = d.next_attempt_at;
  EXPECT_EQ(dispatcher->run_once(now), 0);
  d = only_delivery();
  EXPECT_EQ(d.attempts, 2);
  EXPECT_GE(d.next_attempt_at, now + 16);  // backoff(2) = 20s +/-20%
  EXPECT_LE(d.next_attempt_at, now + 24);

  now = d.next_attempt_at;
  EXPECT_EQ(dispatcher->run_once(now), 1);
  d = only_delivery();
  EXPECT_EQ(d.status, DeliveryStatus::Sent);
  EXPECT_EQ(d.attempts, 3);
  EXPECT_EQ(d.sent_at, std::optional<UnixTime>(now));
  ASSERT_EQ(receiver.requests(), 3u);

  // Sent means sent: later runs, and runs after reopening the store, send nothing more.
  EXPECT_EQ(dispatcher->run_once(now + 100000), 0);
  dispatcher.reset();
  reopen();
  EXPECT_EQ(dispatcher_for(receiver.url())->run_once(now + 200000), 0);
  EXPECT_EQ(receiver.requests(), 3u);
  auto accepted = receiver.accepted();
  ASSERT_EQ(accepted.size(), 1u);
  EXPECT_EQ(accepted[0]["id"], d.key);  // a message of one delivery carries its own key
  EXPECT_EQ(accepted[0]["terms"], nlohmann::json({"招商引资"}));
  EXPECT_EQ(accepted[0]["snippet"], "…招商引资…");

  ASSERT_EQ(events_.size(), 3u);
  EXPECT_FALSE(events_[0].sent);
  EXPECT_EQ(events_[0].error, "HTTP 503: the receiver is unavailable for now");
  EXPECT_TRUE(events_[2].sent);
}

TEST_F(DispatcherTest, RetryAfterIsHonoured) {
  ScriptedReceiver receiver({429}, "3600");
  auto dispatcher = dispatcher_for(receiver.url());
  UnixTime now = add_article();
  dispatcher->run_once(now);
  Delivery d = only_delivery();
  EXPECT_EQ(d.status, DeliveryStatus::Pending);
  EXPECT_EQ(d.next_attempt_at, now + 3600);  // longer than the 10s backoff, so it wins
  EXPECT_EQ(store_->next_due_delivery().value(), std::optional<UnixTime>(now + 3600));
}

TEST_F(DispatcherTest, ABadRequestIsDeadAtOnce) {
  ScriptedReceiver receiver({400});
  auto dispatcher = dispatcher_for(receiver.url());
  UnixTime now = add_article();
  dispatcher->run_once(now);
  Delivery d = only_delivery();
  EXPECT_EQ(d.status, DeliveryStatus::Dead);
  EXPECT_EQ(d.attempts, 1);
  EXPECT_EQ(d.last_error.rfind("HTTP 400", 0), 0u) << d.last_error;
  ASSERT_EQ(events_.size(), 1u);
  EXPECT_TRUE(events_[0].dead);
  dispatcher->run_once(now + 100000);
  EXPECT_EQ(receiver.requests(), 1u);
}

TEST_F(DispatcherTest, MaxAttemptsEndsInDead) {
  ScriptedReceiver receiver({500});
  auto dispatcher = dispatcher_for(receiver.url(), /*max_attempts=*/3, /*jitter=*/0);
  UnixTime now = add_article();
  dispatcher->run_once(now);
  EXPECT_EQ(only_delivery().next_attempt_at, now + 10);
  dispatcher->run_once(now + 10);
  EXPECT_EQ(only_delivery().next_attempt_at, now + 30);
  dispatcher->run_once(now + 30);
  Delivery d = only_delivery();
  EXPECT_EQ(d.status, DeliveryStatus::Dead);
  EXPECT_EQ(d.attempts, 3);
  dispatcher->run_once(now + 100000);
  EXPECT_EQ(receiver.requests(), 3u);
}

TEST_F(DispatcherTest, UnknownChannelStaysPendingForAReload) {
  store::Store& store = *store_;
  Dispatcher dispatcher(store, {}, {}, RetryPolicy{10s, 3600s, 0});
  UnixTime now = add_article();
  EXPECT_EQ(dispatcher.run_once(now), 0);
  Delivery d = only_delivery();
  EXPECT_EQ(d.status, DeliveryStatus::Pending);
  EXPECT_EQ(d.last_error, "channel 'hook' is not configured");
  EXPECT_EQ(d.next_attempt_at, now + 10);
}

}  // namespace
}  // namespace headlined::notify::testing

namespace headlined::notify::testing {
namespace {

// A receiver whose answer can be changed while it runs; records every request.
// Several nodes (docs/scaling.md): a dispatcher with a node name leaves a channel whose lease
// another node holds, and a message another node claimed, to that node; once the claim has
// expired (its node died mid-send), it sends the message again under the same key.
TEST_F(DispatcherTest, ANodeLeavesAnotherNodesChannelAndClaimAloneUntilTheyExpire) {
  ScriptedReceiver receiver({200});
  auto dispatcher = dispatcher_for(receiver.url());
  dispatcher->set_node({"b", 60s});
  const UnixTime now = add_article();
  const Delivery d = only_delivery();
  std::int64_t now_ms = now_unix_ms();

  // Node a sends through the channel: b sends nothing, and keeps off the channel's lease.
  ASSERT_TRUE(store_->take_lease(store::LeaseKind::Channel, "hook", "a", now_ms, now_ms + 60000));
  EXPECT_EQ(dispatcher->run_once(now), 0);
  EXPECT_EQ(receiver.requests(), 0u);
  ASSERT_TRUE(store_->release_lease(store::LeaseKind::Channel, "hook", "a"));

  // Node a claimed the message and may be sending it: b leaves it.
  ASSERT_TRUE(store_->claim_deliveries({d.id}, d.key, "a", now_ms, now_ms + 60000).value());
  EXPECT_EQ(dispatcher->run_once(now), 0);
  EXPECT_EQ(receiver.requests(), 0u);

  // Node a died: its claim has expired, and b sends the message under the key a claimed.
  now_ms = now_unix_ms();
  ASSERT_TRUE(store_->claim_deliveries({d.id}, d.key, "a", now_ms - 2000, now_ms - 1000).value());
  EXPECT_EQ(dispatcher->run_once(now), 1);
  ASSERT_EQ(receiver.accepted().size(), 1u);
  EXPECT_EQ(receiver.accepted()[0]["id"], d.key);
  EXPECT_EQ(only_delivery().status, DeliveryStatus::Sent);
  auto leases = store_->leases(now_unix_ms());
  ASSERT_TRUE(leases && leases->size() == 1u);
  EXPECT_EQ(leases->front().node, "b");  // b holds the channel now
}

class SwitchableReceiver {
 public:
  SwitchableReceiver() {
    server_.server().Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      res.status = status_;
      keys_.push_back(req.get_header_value("webhook-id"));
      if (res.status < 300) accepted_.push_back(nlohmann::json::parse(req.body));
    });
    server_.start();
  }
  std::string url() const { return server_.url("/hook"); }
  void answer(int status) {
    std::lock_guard lock(mutex_);
    status_ = status;
  }
  std::vector<std::string> keys() {
    std::lock_guard lock(mutex_);
    return keys_;
  }
  std::vector<nlohmann::json> accepted() {
    std::lock_guard lock(mutex_);
    return accepted_;
  }

 private:
  std::mutex mutex_;
  int status_ = 200;
  std::vector<std::string> keys_;
  std::vector<nlohmann::json> accepted_;
  LocalServer server_;  // last: stopped before the state its handler touches is destroyed
};

class MessageDispatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Store::open(dir_.file("headlined.db"));
    ASSERT_TRUE(opened) << opened.error().to_string();
    store_ = std::move(*opened);
  }

  ChannelSpec hook_spec() {
    ChannelSpec spec;
    spec.name = "hook";
    spec.type = ChannelType::Webhook;
    spec.url = receiver_.url();
    spec.timeout = 5s;
    return spec;
  }

  std::unique_ptr<Dispatcher> dispatcher(const ChannelSpec& spec,
                                         const std::vector<Subscription>& subscriptions = {},
                                         double jitter = 0) {
    std::map<std::string, std::unique_ptr<Channel>> channels;
    channels.emplace(spec.name, std::make_unique<WebhookChannel>(spec));
    RetryPolicy policy;
    policy.jitter = jitter;
    auto d =
        std::make_unique<Dispatcher>(*store_, std::move(channels),
                                     std::map<std::string, ChannelSpec>{{spec.name, spec}}, policy);
    d->set_subscriptions(subscriptions);
    d->on_event([this](const DispatchEvent& e) { events_.push_back(e); });
    return d;
  }

  // Stores article `n` (its own URL and title), fetched at `at`, matching `subscriptions`,
  // each owing a delivery through "hook".
  void add_article(int n, UnixTime at, const std::vector<std::string>& subscriptions) {
    Snapshot s = seed_snapshot();
    s.article.url += "?n=" + std::to_string(n);
    s.article.title = "Article " + std::to_string(n);
    s.fetched_at = at;
    std::vector<Match> matches;
    std::vector<store::NewDelivery> deliveries;
    for (const std::string& sub : subscriptions) {
      matches.push_back({sub, {"term-" + sub}, "snippet of " + std::to_string(n)});
      deliveries.push_back({sub, "hook"});
    }
    auto id = store_->commit_article(s, matches, deliveries);
    ASSERT_TRUE(id) << id.error().to_string();
  }

  std::vector<std::string> accepted_titles() {
    std::vector<std::string> titles;
    for (const auto& body : receiver_.accepted()) titles.push_back(body["article"]["title"]);
    return titles;
  }

  headlined::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::vector<DispatchEvent> events_;
  SwitchableReceiver receiver_;
  UnixTime t0_ = 1699999200;  // 2023-11-14T22:00:00Z, a multiple of 30 minutes
};

TEST_F(MessageDispatchTest, OneArticleThroughTwoSubscriptionsIsOneMessageNamingBoth) {
  add_article(1, t0_, {"investment", "gaoqing"});
  auto d = dispatcher(hook_spec());
  EXPECT_EQ(d->run_once(t0_), 2);
  auto accepted = receiver_.accepted();
  ASSERT_EQ(accepted.size(), 1u);
  EXPECT_EQ(accepted[0]["subscriptions"], nlohmann::json({"investment", "gaoqing"}));
  EXPECT_EQ(accepted[0]["terms"], nlohmann::json({"term-investment", "term-gaoqing"}));
  EXPECT_NE(accepted[0]["text"].get<std::string>().find("investment, gaoqing"), std::string::npos);
  auto all = store_->deliveries(DeliveryStatus::Sent);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].batch_key, (*all)[1].batch_key);  // both went out as one message
  // The message has a key of its own, stored with both and sent to the receiver.
  EXPECT_EQ(accepted[0]["id"], (*all)[0].batch_key);
  EXPECT_NE((*all)[0].batch_key, (*all)[0].key);
  EXPECT_NE((*all)[0].batch_key, (*all)[1].key);
}

TEST_F(MessageDispatchTest, ADigestCollectsItsWindowIntoOneMessage) {
  Subscription digest;
  digest.name = "morning";
  digest.channels = {"hook"};
  digest.delivery = DeliveryMode::Digest;
  digest.digest_every = 1800s;
  add_article(1, t0_ + 60, {"morning"});
  add_article(2, t0_ + 600, {"morning"});
  auto d = dispatcher(hook_spec(), {digest});
  EXPECT_EQ(d->run_once(t0_ + 700), 0);  // the window closes at t0 + 30 min
  add_article(3, t0_ + 1700, {"morning"});
  EXPECT_EQ(d->run_once(t0_ + 1799), 0);
  EXPECT_TRUE(receiver_.accepted().empty());
  add_article(4, t0_ + 1900, {"morning"});  // the next window
  EXPECT_EQ(d->run_once(t0_ + 1900), 3);
  auto accepted = receiver_.accepted();
  ASSERT_EQ(accepted.size(), 1u);
  EXPECT_EQ(accepted[0]["event"], "articles.digest");
  ASSERT_EQ(accepted[0]["articles"].size(), 3u);
  EXPECT_EQ(accepted[0]["articles"][0]["article"]["title"], "Article 1");
  EXPECT_EQ(accepted[0]["articles"][2]["article"]["title"], "Article 3");
  EXPECT_NE(accepted[0]["subject"].get<std::string>().find("3 new articles"), std::string::npos);
  EXPECT_EQ(d->run_once(t0_ + 3600), 1);  // the second window: article 4 alone
  ASSERT_EQ(receiver_.accepted().size(), 2u);
  EXPECT_EQ(receiver_.accepted()[1]["articles"].size(), 1u);
}

TEST_F(MessageDispatchTest, ARateLimitedChannelDeliversEverythingInOrder) {
  ChannelSpec spec = hook_spec();
  spec.rate_limit_count = 2;
  spec.rate_limit_window = 60s;
  for (int n = 1; n <= 5; ++n) add_article(n, t0_, {"investment"});
  auto d = dispatcher(spec);
  EXPECT_EQ(d->run_once(t0_), 2);
  EXPECT_EQ(d->run_once(t0_ + 30), 0);  // the window is full: the rest wait
  EXPECT_EQ(d->run_once(t0_ + 60), 2);
  EXPECT_EQ(d->run_once(t0_ + 120), 1);
  EXPECT_EQ(accepted_titles(), (std::vector<std::string>{"Article 1", "Article 2", "Article 3",
                                                         "Article 4", "Article 5"}));
  auto dead = store_->deliveries(DeliveryStatus::Dead);
  EXPECT_TRUE(dead && dead->empty());
}

TEST_F(MessageDispatchTest, AReceiverDownForSeveralAttemptsGetsEachDeliveryOnce) {
  for (int n = 1; n <= 3; ++n) add_article(n, t0_, {"investment"});
  auto d = dispatcher(hook_spec());
  receiver_.answer(503);
  UnixTime now = t0_;
  for (int attempt = 0; attempt < 4; ++attempt) {
    EXPECT_EQ(d->run_once(now), 0);
    now += 3600;  // past any backoff
  }
  receiver_.answer(200);
  EXPECT_EQ(d->run_once(now), 3);
  EXPECT_EQ(d->run_once(now + 86400), 0);
  EXPECT_EQ(accepted_titles(), (std::vector<std::string>{"Article 1", "Article 2", "Article 3"}));
  // Only the oldest message probed the receiver while it was down (every attempt under the
  // same key); the others waited behind it and went out once each when it was back.
  std::map<std::string, int> per_key;
  for (const std::string& key : receiver_.keys()) ++per_key[key];
  EXPECT_EQ(per_key.size(), 3u);
  EXPECT_EQ(per_key[receiver_.keys().front()], 5);
  EXPECT_EQ(receiver_.keys().size(), 7u);
  auto pending = store_->deliveries(DeliveryStatus::Pending);
  EXPECT_TRUE(pending && pending->empty());
}

TEST_F(MessageDispatchTest, ABacklogDrainsOldestFirstAfterALongOutageWhateverTheJitter) {
  ChannelSpec spec = hook_spec();
  spec.retry_initial = 1s;
  spec.retry_maximum = 120s;  // at most ~60 attempts in the hour, even at -50%
  spec.max_attempts = 100;
  auto d = dispatcher(spec, {}, 0.5);  // retries spread +/- 50%
  receiver_.answer(503);
  UnixTime now = t0_;
  int n = 0;
  // Down for an hour of rounds, a new article every 10 s: the backlog grows behind the
  // oldest message, which alone is retried.
  for (int round = 0; round < 360; ++round, now += 10) {
    if (round % 10 == 0 && n < 30) add_article(++n, now, {"investment"});
    EXPECT_EQ(d->run_once(now), 0);
  }
  auto pending = store_->deliveries(DeliveryStatus::Pending);
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->size(), static_cast<std::size_t>(n));
  EXPECT_TRUE(store_->deliveries(DeliveryStatus::Dead).value().empty());
  int attempted = 0;
  for (const Delivery& p : *pending) attempted += p.attempts > 0 ? 1 : 0;
  EXPECT_EQ(attempted, 1);

  receiver_.answer(200);
  // Within the head's next retry (at most 180 s away), everything goes out.
  for (int round = 0; round < 20; ++round, now += 10) d->run_once(now);
  std::vector<std::string> expected;
  for (int i = 1; i <= n; ++i) expected.push_back("Article " + std::to_string(i));
  EXPECT_EQ(accepted_titles(), expected);
  EXPECT_EQ(store_->deliveries(DeliveryStatus::Sent).value().size(), static_cast<std::size_t>(n));
}

TEST_F(MessageDispatchTest, ASendTheDatabaseCannotRecordIsNotRepeated) {
  add_article(1, t0_, {"investment"});
  add_article(2, t0_, {"investment"});
  auto d = dispatcher(hook_spec());
  // Both claimed (what a round that crashed after its claims leaves), then the database
  // turns read-only: sending needs no write, marking sent does.
  auto pending = store_->deliveries(DeliveryStatus::Pending).value();
  ASSERT_EQ(pending.size(), 2u);
  for (const Delivery& p : pending) ASSERT_TRUE(store_->claim_batch({p.id}, p.key));
  headlined::testing::ImmutableFiles frozen(
      headlined::testing::database_files(dir_.file("headlined.db")));
  if (!frozen.ok()) GTEST_SKIP() << "cannot set the immutable attribute here (not root, or tmpfs)";

  EXPECT_EQ(d->run_once(t0_), 0);  // sent, but not recorded
  EXPECT_EQ(receiver_.keys().size(), 2u);
  EXPECT_TRUE(store_->write_fault());
  for (int round = 1; round <= 3; ++round) d->run_once(t0_ + round);
  EXPECT_EQ(receiver_.keys().size(), 2u) << "sent again while the database was read-only";

  frozen.release();
  d->run_once(t0_ + 10);  // the outcomes kept in memory are written now
  EXPECT_EQ(store_->deliveries(DeliveryStatus::Sent).value().size(), 2u);
  EXPECT_EQ(receiver_.keys().size(), 2u);
  EXPECT_EQ(accepted_titles(), (std::vector<std::string>{"Article 1", "Article 2"}));
}

TEST_F(MessageDispatchTest, ASendTheDatabaseCannotRecordIsNotRepeatedAfterAReload) {
  add_article(1, t0_, {"investment"});
  auto before_reload = dispatcher(hook_spec());
  // Claimed (what a round that crashed after its claim leaves), then the database turns
  // read-only: the send needs no write, its mark does.
  auto pending = store_->deliveries(DeliveryStatus::Pending).value();
  ASSERT_EQ(pending.size(), 1u);
  ASSERT_TRUE(store_->claim_batch({pending[0].id}, pending[0].key));
  headlined::testing::ImmutableFiles frozen(
      headlined::testing::database_files(dir_.file("headlined.db")));
  if (!frozen.ok()) GTEST_SKIP() << "cannot set the immutable attribute here (not root, or tmpfs)";
  EXPECT_EQ(before_reload->run_once(t0_ + 1), 0);  // sent, not recorded
  ASSERT_EQ(receiver_.keys().size(), 1u);

  // A reload replaces the dispatcher while the database is still read-only.
  auto after_reload = dispatcher(hook_spec());
  after_reload->adopt_unrecorded(*before_reload);
  before_reload.reset();
  for (int round = 2; round <= 4; ++round) after_reload->run_once(t0_ + round);
  EXPECT_EQ(receiver_.keys().size(), 1u) << "sent again after the reload";

  frozen.release();
  after_reload->run_once(t0_ + 10);  // the adopted outcome is written now
  auto sent = store_->deliveries(DeliveryStatus::Sent).value();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].key, pending[0].key);
  EXPECT_EQ(receiver_.keys().size(), 1u);
}

// A receiver that refuses the channel itself (here 401: the token is wrong) would refuse
// every message: the channel pauses with the reason, its deliveries stay pending without
// counting attempts, and one message probes it an hour later.
TEST_F(MessageDispatchTest, ARefusedChannelPausesAndIsProbedHourly) {
  add_article(1, t0_, {"investment"});
  add_article(2, t0_, {"investment"});
  auto d = dispatcher(hook_spec());
  receiver_.answer(401);
  EXPECT_EQ(d->run_once(t0_), 0);
  EXPECT_EQ(receiver_.keys().size(), 1u);  // the second was not even tried
  auto off = store_->disabled_channels();
  ASSERT_TRUE(off);
  ASSERT_EQ(off->size(), 1u);
  EXPECT_NE((*off)[0].reason.find("401"), std::string::npos) << (*off)[0].reason;
  ASSERT_EQ(events_.size(), 1u);
  EXPECT_TRUE(events_[0].channel_paused);
  EXPECT_NE(events_[0].error.find("channel 'hook' paused"), std::string::npos);
  auto pending = store_->deliveries(DeliveryStatus::Pending).value();
  ASSERT_EQ(pending.size(), 2u);
  for (const Delivery& p : pending) EXPECT_EQ(p.attempts, 0);

  for (UnixTime t : {t0_ + 1, t0_ + 600, t0_ + 3599}) d->run_once(t);
  EXPECT_EQ(receiver_.keys().size(), 1u) << "a paused channel is not tried before its hour";

  receiver_.answer(200);  // the admin fixed the token at the receiver's end
  EXPECT_EQ(d->run_once(t0_ + 3600), 2);
  EXPECT_EQ(accepted_titles(), (std::vector<std::string>{"Article 1", "Article 2"}));
  EXPECT_TRUE(store_->disabled_channels().value().empty());
  EXPECT_TRUE(events_[1].channel_resumed);
}

TEST_F(MessageDispatchTest, AProbeThatFailsOtherwiseKeepsThePauseAnotherHour) {
  add_article(1, t0_, {"investment"});
  auto d = dispatcher(hook_spec());
  receiver_.answer(403);
  d->run_once(t0_);
  receiver_.answer(503);  // now the receiver is down as well
  d->run_once(t0_ + 3600);
  EXPECT_EQ(receiver_.keys().size(), 2u);
  d->run_once(t0_ + 3700);  // past the message's own 10 s backoff, within the pause's hour
  EXPECT_EQ(receiver_.keys().size(), 2u);
  ASSERT_EQ(store_->disabled_channels().value().size(), 1u);
  receiver_.answer(200);
  EXPECT_EQ(d->run_once(t0_ + 7200), 1);
}

// A reload (a new dispatcher) and `headlined redeliver --channel` try a paused channel at
// once: the admin has just fixed its settings.
TEST_F(MessageDispatchTest, AReloadOrRedeliverTriesAPausedChannelAtOnce) {
  add_article(1, t0_, {"investment"});
  auto before = dispatcher(hook_spec());
  receiver_.answer(410);
  before->run_once(t0_);
  receiver_.answer(200);
  before->run_once(t0_ + 5);
  EXPECT_EQ(receiver_.keys().size(), 1u);
  auto reloaded = dispatcher(hook_spec());
  EXPECT_EQ(reloaded->run_once(t0_ + 6), 1);

  add_article(2, t0_ + 10, {"investment"});
  receiver_.answer(404);
  reloaded->run_once(t0_ + 10);
  receiver_.answer(200);
  reloaded->run_once(t0_ + 11);
  EXPECT_EQ(receiver_.keys().size(), 3u);  // paused again, not retried
  auto due = store_->resume_channel("hook", t0_ + 12, true);
  ASSERT_TRUE(due);
  EXPECT_EQ(*due, 1);
  EXPECT_EQ(reloaded->run_once(t0_ + 12), 1);
  EXPECT_EQ(accepted_titles(), (std::vector<std::string>{"Article 1", "Article 2"}));
}

// One channel's refusal holds up no other channel.
TEST_F(MessageDispatchTest, APausedChannelHoldsUpNoOtherChannel) {
  SwitchableReceiver other;
  ChannelSpec other_spec = hook_spec();
  other_spec.name = "other";
  other_spec.url = other.url();
  Snapshot s = seed_snapshot();
  s.fetched_at = t0_;
  ASSERT_TRUE(store_->commit_article(s, {Match{"investment", {"x"}, "x"}},
                                     {{"investment", "hook"}, {"investment", "other"}}));
  std::map<std::string, std::unique_ptr<Channel>> channels;
  channels.emplace("hook", std::make_unique<WebhookChannel>(hook_spec()));
  channels.emplace("other", std::make_unique<WebhookChannel>(other_spec));
  Dispatcher d(*store_, std::move(channels), {{"hook", hook_spec()}, {"other", other_spec}},
               RetryPolicy{10s, 3600s, 0});
  receiver_.answer(403);
  EXPECT_EQ(d.run_once(t0_), 1);
  EXPECT_EQ(other.accepted().size(), 1u);
  ASSERT_EQ(store_->disabled_channels().value().size(), 1u);
  EXPECT_EQ(store_->disabled_channels().value()[0].channel, "hook");
}

TEST_F(MessageDispatchTest, AClaimedMessageKeepsItsKeyAfterACrashBeforeMarking) {
  add_article(1, t0_, {"investment", "gaoqing"});
  // What a crash after the claim and the send, before the mark, leaves behind.
  auto pending = store_->deliveries(DeliveryStatus::Pending);
  ASSERT_TRUE(pending);
  std::vector<std::int64_t> ids;
  for (const Delivery& p : *pending) ids.push_back(p.id);
  // A key the dispatcher would never make itself: the one claimed must be the one sent.
  ASSERT_TRUE(store_->claim_batch(ids, "key-claimed-before-the-crash"));
  EXPECT_EQ(dispatcher(hook_spec())->run_once(t0_), 2);
  ASSERT_EQ(receiver_.keys().size(), 1u);
  EXPECT_EQ(receiver_.keys()[0], "key-claimed-before-the-crash");
}

TEST_F(MessageDispatchTest, AMessageRetriedAfterARestartCarriesTheKeyOfItsFirstAttempt) {
  add_article(1, t0_, {"investment", "gaoqing"});
  receiver_.answer(503);
  EXPECT_EQ(dispatcher(hook_spec())->run_once(t0_), 0);
  ASSERT_EQ(receiver_.keys().size(), 1u);
  const std::string first = receiver_.keys()[0];
  receiver_.answer(200);
  // A new dispatcher (the daemon restarted) sends the same message under the same key.
  EXPECT_EQ(dispatcher(hook_spec())->run_once(t0_ + 100000), 2);
  ASSERT_EQ(receiver_.keys().size(), 2u);
  EXPECT_EQ(receiver_.keys()[1], first);
}

TEST_F(MessageDispatchTest, BackoffIsConfigurablePerChannel) {
  ChannelSpec spec = hook_spec();
  spec.retry_initial = 2s;
  spec.retry_maximum = 86400s;
  auto d = dispatcher(spec);
  EXPECT_EQ(d->backoff(1, "hook"), 2s);
  EXPECT_EQ(d->backoff(3, "hook"), 8s);
  EXPECT_EQ(d->backoff(40, "hook"), 86400s);
  EXPECT_EQ(d->backoff(1), 10s);  // the policy's default elsewhere
}

}  // namespace
}  // namespace headlined::notify::testing
