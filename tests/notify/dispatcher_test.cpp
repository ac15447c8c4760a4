#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>

#include "headlined/core/time.hpp"
#include "headlined/notify/channels.hpp"
#include "headlined/notify/dispatcher.hpp"
#include "notify_fixture.hpp"
#include "support/local_server.hpp"
#include "support/temp_dir.hpp"

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
  EXPECT_EQ(d.last_error, "HTTP 503");
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
  EXPECT_EQ(accepted[0]["id"], d.idempotency_key());
  EXPECT_EQ(accepted[0]["terms"], nlohmann::json({"招商引资"}));
  EXPECT_EQ(accepted[0]["snippet"], "…招商引资…");

  ASSERT_EQ(events_.size(), 3u);
  EXPECT_FALSE(events_[0].sent);
  EXPECT_EQ(events_[0].error, "HTTP 503");
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

TEST_F(DispatcherTest, NotFoundIsDeadAtOnce) {
  ScriptedReceiver receiver({404});
  auto dispatcher = dispatcher_for(receiver.url());
  UnixTime now = add_article();
  dispatcher->run_once(now);
  Delivery d = only_delivery();
  EXPECT_EQ(d.status, DeliveryStatus::Dead);
  EXPECT_EQ(d.attempts, 1);
  EXPECT_EQ(d.last_error, "HTTP 404");
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
