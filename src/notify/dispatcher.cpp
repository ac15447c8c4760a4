// The outbox dispatcher. Each delivery is sent outside any transaction; its outcome is then
// recorded by one short store call, so a crash between the two at worst repeats a send
// (which the idempotency key lets the receiver drop) and never loses one.
#include "headlined/notify/dispatcher.hpp"

#include <algorithm>
#include <random>

namespace headlined::notify {

namespace {

constexpr int kBatch = 100;

// Spreads retries of many deliveries that failed together (a receiver outage) apart.
std::chrono::seconds jittered(std::chrono::seconds base, double jitter) {
  if (jitter <= 0 || base.count() == 0) return base;
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_real_distribution<double> factor(1.0 - jitter, 1.0 + jitter);
  auto s = static_cast<std::int64_t>(static_cast<double>(base.count()) * factor(rng));
  return std::chrono::seconds(std::max<std::int64_t>(1, s));
}

}  // namespace

Dispatcher::Dispatcher(store::Store& store,
                       std::map<std::string, std::unique_ptr<Channel>> channels,
                       std::map<std::string, ChannelSpec> specs, RetryPolicy policy)
    : store_(store), channels_(std::move(channels)), specs_(std::move(specs)), policy_(policy) {}

void Dispatcher::on_event(std::function<void(const DispatchEvent&)> callback) {
  callback_ = std::move(callback);
}

std::chrono::seconds Dispatcher::backoff(int attempts) const {
  std::chrono::seconds delay = policy_.initial;
  // Doubling step by step (not 2^n) cannot overflow however many attempts are recorded.
  for (int i = 1; i < attempts && delay < policy_.maximum; ++i) delay *= 2;
  return std::min(delay, policy_.maximum);
}

int Dispatcher::run_once(UnixTime now) {
  auto due = store_.due_deliveries(now, kBatch);
  if (!due) {
    if (callback_) callback_(DispatchEvent{Delivery{}, false, false, due.error().to_string()});
    return 0;
  }
  auto emit = [&](const Delivery& d, bool sent, bool dead, std::string error) {
    if (callback_) callback_(DispatchEvent{d, sent, dead, std::move(error)});
  };
  // Several deliveries (subscriptions x channels) usually share one snapshot.
  std::map<std::int64_t, std::optional<Snapshot>> snapshots;
  int sent = 0;
  for (Delivery d : *due) {
    auto cached = snapshots.find(d.snapshot_id);
    if (cached == snapshots.end()) {
      auto loaded = store_.snapshot_by_id(d.snapshot_id);
      if (!loaded) {  // the database is in trouble: try again next round, count nothing
        emit(d, false, false, loaded.error().to_string());
        continue;
      }
      cached = snapshots.emplace(d.snapshot_id, std::move(*loaded)).first;
    }
    ++d.attempts;
    if (!cached->second) {
      d.status = DeliveryStatus::Dead;
      d.last_error = "snapshot " + std::to_string(d.snapshot_id) + " no longer exists";
      auto marked = store_.mark_failed(d.id, d.last_error, now, true);
      emit(d, false, true, marked ? d.last_error : marked.error().to_string());
      continue;
    }

    auto channel = channels_.find(d.channel);
    if (channel == channels_.end() || !channel->second) {
      // Kept pending rather than dead: a config reload may bring the channel back.
      d.last_error = "channel '" + d.channel + "' is not configured";
      d.next_attempt_at = now + jittered(backoff(d.attempts), policy_.jitter).count();
      auto marked = store_.mark_failed(d.id, d.last_error, d.next_attempt_at, false);
      emit(d, false, false, marked ? d.last_error : marked.error().to_string());
      continue;
    }

    Message message{d.idempotency_key(), d.subscription, d.terms, d.snippet, *cached->second};
    SendResult result = channel->second->send(message);
    if (result) {
      d.status = DeliveryStatus::Sent;
      d.sent_at = now;
      d.last_error.clear();
      auto marked = store_.mark_sent(d.id, now);
      if (marked) ++sent;
      emit(d, marked.has_value(), false, marked ? "" : marked.error().to_string());
      continue;
    }

    const SendFailure& failure = result.error();
    auto spec = specs_.find(d.channel);
    int max_attempts =
        spec != specs_.end() ? spec->second.max_attempts : ChannelSpec{}.max_attempts;
    bool dead = failure.permanent || d.attempts >= max_attempts;
    auto delay = jittered(backoff(d.attempts), policy_.jitter);
    if (failure.retry_after) delay = std::max(delay, *failure.retry_after);
    d.last_error = failure.reason;
    d.status = dead ? DeliveryStatus::Dead : DeliveryStatus::Pending;
    d.next_attempt_at = dead ? now : now + delay.count();
    auto marked = store_.mark_failed(d.id, failure.reason, d.next_attempt_at, dead);
    emit(d, false, dead, marked ? failure.reason : marked.error().to_string());
  }
  return sent;
}

}  // namespace headlined::notify
