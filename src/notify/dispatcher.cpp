// The outbox dispatcher. A message's deliveries are claimed under its idempotency key before
// the send and marked after it, each by one short store call, so a crash between the two at
// worst repeats the send with the same key (which the receiver can drop) and never loses one.
#include "headlined/notify/dispatcher.hpp"

#include <algorithm>
#include <random>

#include "headlined/core/time.hpp"
#include "headlined/core/unique_key.hpp"
#include "headlined/notify/digest_schedule.hpp"

namespace headlined::notify {

namespace {

constexpr int kBatch = 200;  // articles per round (each with all its due deliveries)

// Spreads retries of many deliveries that failed together (a receiver outage) apart.
std::chrono::seconds jittered(std::chrono::seconds base, double jitter) {
  if (jitter <= 0 || base.count() == 0) return base;
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_real_distribution<double> factor(1.0 - jitter, 1.0 + jitter);
  auto s = static_cast<std::int64_t>(static_cast<double>(base.count()) * factor(rng));
  return std::chrono::seconds(std::max<std::int64_t>(1, s));
}

void add_unique(std::vector<std::string>& to, const std::vector<std::string>& from) {
  for (const std::string& s : from)
    if (std::ranges::find(to, s) == to.end()) to.push_back(s);
}

}  // namespace

struct Dispatcher::Group {
  bool digest = false;
  std::vector<Delivery> members;

  std::vector<std::int64_t> ids() const {
    std::vector<std::int64_t> out;
    for (const Delivery& d : members) out.push_back(d.id);
    return out;
  }
  const Delivery& lead() const { return members.front(); }
};

Dispatcher::Dispatcher(store::Store& store,
                       std::map<std::string, std::unique_ptr<Channel>> channels,
                       std::map<std::string, ChannelSpec> specs, RetryPolicy policy)
    : store_(store), channels_(std::move(channels)), specs_(std::move(specs)), policy_(policy) {}

void Dispatcher::on_event(std::function<void(const DispatchEvent&)> callback) {
  callback_ = std::move(callback);
}

void Dispatcher::set_subscriptions(const std::vector<Subscription>& subscriptions) {
  subscriptions_.clear();
  for (const Subscription& s : subscriptions) subscriptions_[s.name] = s;
}

void Dispatcher::emit(const DispatchEvent& event) const {
  if (callback_) callback_(event);
}

std::chrono::milliseconds Dispatcher::claim_span(const std::string& channel) const {
  std::chrono::milliseconds span = node_.lease_period;
  if (auto spec = specs_.find(channel); spec != specs_.end()) span += spec->second.timeout;
  return span;
}

bool Dispatcher::hold_channel(const std::string& channel) {
  if (node_.name.empty()) return true;
  const std::int64_t now = now_unix_ms();
  auto taken = store_.take_lease(store::LeaseKind::Channel, channel, node_.name, now,
                                 now + claim_span(channel).count());
  if (!taken) {
    emit({Delivery{}, false, false, taken.error().to_string()});
    return false;
  }
  return *taken;
}

std::chrono::seconds Dispatcher::backoff(int attempts, const std::string& channel) const {
  std::chrono::seconds initial = policy_.initial;
  std::chrono::seconds maximum = policy_.maximum;
  if (auto spec = specs_.find(channel); spec != specs_.end()) {
    if (spec->second.retry_initial.count() > 0) initial = spec->second.retry_initial;
    if (spec->second.retry_maximum.count() > 0) maximum = spec->second.retry_maximum;
  }
  std::chrono::seconds delay = initial;
  // Doubling step by step (not 2^n) cannot overflow however many attempts are recorded.
  for (int i = 1; i < attempts && delay < maximum; ++i) delay *= 2;
  return std::min(delay, maximum);
}

std::set<std::int64_t> Dispatcher::record_unrecorded(UnixTime now) {
  std::set<std::int64_t> still;
  std::erase_if(unrecorded_, [&](const Unrecorded& u) {
    auto marked = u.sent ? store_.mark_batch_sent(u.ids, u.at)
                         : store_.mark_batch_failed(u.ids, u.reason, u.next_attempt_at, u.dead);
    if (marked) return true;
    // A failure the database could not count is tried again once its retry is due (its
    // attempt uncounted: nothing goes dead while the database cannot record it).
    if (!u.sent && !u.dead && u.next_attempt_at <= now) return true;
    still.insert(u.ids.begin(), u.ids.end());
    return false;
  });
  return still;
}

void Dispatcher::adopt_unrecorded(Dispatcher& previous) {
  if (&previous == this) return;
  // The older outcomes first, as they happened.
  unrecorded_.insert(unrecorded_.begin(), std::make_move_iterator(previous.unrecorded_.begin()),
                     std::make_move_iterator(previous.unrecorded_.end()));
  previous.unrecorded_.clear();
}

void Dispatcher::keep_unrecorded(const Group& group, bool sent, UnixTime now, std::string reason,
                                 UnixTime next_attempt_at, bool dead) {
  unrecorded_.push_back({group.ids(), sent, now, std::move(reason), next_attempt_at, dead});
}

void Dispatcher::fail_group(const Group& group, const std::string& reason, UnixTime next_attempt_at,
                            bool dead) {
  auto marked = store_.mark_batch_failed(group.ids(), reason, next_attempt_at, dead);
  if (!marked) keep_unrecorded(group, false, 0, reason, next_attempt_at, dead);
  Delivery lead = group.lead();
  lead.attempts += 1;
  lead.last_error = reason;
  lead.status = dead ? DeliveryStatus::Dead : DeliveryStatus::Pending;
  lead.next_attempt_at = next_attempt_at;
  emit({lead, false, dead, marked ? reason : marked.error().to_string(), group.members.size()});
}

// True (after deferring the group) when the channel has sent its limit within the window.
// Everything after a held message waits too, so the channel's messages keep their order.
bool Dispatcher::hold_for_rate_limit(const Group& group, const ChannelSpec& spec, UnixTime now) {
  if (spec.rate_limit_count <= 0) return false;
  UnixTime until = 0;
  if (auto full = full_until_.find(spec.name); full != full_until_.end()) {
    until = full->second;
  } else {
    const std::int64_t window = spec.rate_limit_window.count();
    auto times = store_.message_send_times(spec.name, now - window + 1);
    if (!times) {
      emit({group.lead(), false, false, times.error().to_string(), group.members.size()});
      return true;
    }
    const auto count = static_cast<std::size_t>(spec.rate_limit_count);
    if (times->size() < count) return false;
    until = (*times)[times->size() - count] + window;
    full_until_[spec.name] = until;
  }
  auto deferred = store_.defer_deliveries(group.ids(), until);
  if (!deferred) emit({group.lead(), false, false, deferred.error().to_string(), 1});
  return true;
}

void Dispatcher::dispatch(Group& group, UnixTime now, int& sent) {
  const std::string channel_name = group.lead().channel;
  // An older message through this channel failed this round: this one waits behind it.
  if (halted_.contains(channel_name)) return;
  // Another node sends through this channel now: its messages are that node's to send.
  if (!hold_channel(channel_name)) {
    halted_.insert(channel_name);
    return;
  }
  auto channel = channels_.find(channel_name);
  auto spec = specs_.find(channel_name);
  if (channel == channels_.end() || !channel->second || spec == specs_.end()) {
    // Kept pending rather than dead: a config reload may bring the channel back.
    const int attempts = group.lead().attempts + 1;
    fail_group(group, "channel '" + channel_name + "' is not configured",
               now + jittered(backoff(attempts), policy_.jitter).count(), false);
    return;
  }
  bool probing = false;
  if (auto off = disabled_.find(channel_name); off != disabled_.end()) {
    if (off->second.url == spec->second.url) {
      const UnixTime probe_at = off->second.at + policy_.paused_probe.count();
      if (!probe_now_.erase(channel_name) && now < probe_at) {
        // Paused: pending, uncounted, until the next probe.
        if (auto deferred = store_.defer_deliveries(group.ids(), probe_at); !deferred)
          emit({group.lead(), false, false, deferred.error().to_string(), group.members.size()});
        return;
      }
      probing = true;  // this message tries the receiver; the rest waits for its answer
      halted_.insert(channel_name);
    } else if (store_.enable_channel(channel_name)) {
      // The config now points the channel elsewhere: the old receiver's refusal is void.
      disabled_.erase(off);
    }
  }
  if (hold_for_rate_limit(group, spec->second, now)) return;

  // The articles; a delivery whose snapshot was taken down meanwhile is dead on its own.
  std::vector<Delivery> live;
  for (Delivery& d : group.members) {
    auto cached = snapshots_.find(d.snapshot_id);
    if (cached == snapshots_.end()) {
      auto loaded = store_.snapshot_by_id(d.snapshot_id);
      if (!loaded) {  // the database is in trouble: try again next round, count nothing
        emit({d, false, false, loaded.error().to_string()});
        halted_.insert(channel_name);
        return;
      }
      cached = snapshots_.emplace(d.snapshot_id, std::move(*loaded)).first;
    }
    if (cached->second) {
      live.push_back(d);
      continue;
    }
    const std::string reason = "snapshot " + std::to_string(d.snapshot_id) + " no longer exists";
    fail_group(Group{false, {d}}, reason, now, true);
  }
  if (live.empty()) return;
  group.members = std::move(live);

  // The key is claimed before the send, so a repeat after a crash carries the same one. A
  // delivery sent alone is its own message; a group is a message with a key of its own.
  const Delivery& lead = group.lead();
  std::string key = lead.batch_key;
  if (!node_.name.empty()) {
    // Claimed by this node, under the key claimed before if any (a dead node's message goes
    // out again as the same message).
    if (key.empty()) key = group.members.size() == 1 ? lead.key : make_unique_key();
    const std::int64_t now_ms = now_unix_ms();
    auto claimed = store_.claim_deliveries(group.ids(), key, node_.name, now_ms,
                                           now_ms + claim_span(channel_name).count());
    if (!claimed || !*claimed) {
      // Another node holds one of them (it is sending it), or the claim cannot be written.
      if (!claimed) emit({lead, false, false, claimed.error().to_string(), group.members.size()});
      halted_.insert(channel_name);
      return;
    }
  } else if (key.empty()) {
    key = group.members.size() == 1 ? lead.key : make_unique_key();
    if (auto claimed = store_.claim_batch(group.ids(), key); !claimed) {
      // Nothing is sent under a key the database does not hold (a repeat after a restart
      // would carry another one): the channel waits until the claim can be written.
      emit({lead, false, false, claimed.error().to_string(), group.members.size()});
      halted_.insert(channel_name);
      return;
    }
  }

  Message message;
  message.idempotency_key = key;
  message.digest = group.digest;
  for (const Delivery& d : group.members) {
    auto item = std::ranges::find_if(
        message.items, [&](const MessageItem& i) { return i.snapshot.id == d.snapshot_id; });
    if (item == message.items.end()) {
      message.items.push_back({*snapshots_.at(d.snapshot_id), {}, {}, d.snippet});
      item = message.items.end() - 1;
    }
    add_unique(item->subscriptions, {d.subscription});
    add_unique(item->terms, d.terms);
    if (item->snippet.empty()) item->snippet = d.snippet;
  }
  const ChannelSpec& channel_spec = spec->second;
  message.overrides = channel_spec.message_template;
  if (auto sub = subscriptions_.find(lead.subscription); sub != subscriptions_.end()) {
    message.language = sub->second.language;
    // The subscription's own wording wins over the channel's.
    const MessageTemplate& own = sub->second.message_template;
    if (!own.subject.empty()) message.overrides.subject = own.subject;
    if (!own.body.empty()) message.overrides.body = own.body;
  }

  SendResult result = channel->second->send(message);
  bool resumed = false;
  if (result && probing && store_.enable_channel(channel_name)) {
    // The receiver takes messages again: the channel's backlog follows this round.
    disabled_.erase(channel_name);
    halted_.erase(channel_name);
    resumed = true;
  }
  if (result) {
    auto marked = store_.mark_batch_sent(group.ids(), now);
    if (marked) sent += static_cast<int>(group.members.size());
    // Sent, but the database cannot say so yet: remembered here, so not sent again.
    if (!marked) keep_unrecorded(group, true, now, "", 0, false);
    Delivery done = lead;
    done.status = DeliveryStatus::Sent;
    done.sent_at = now;
    done.attempts += 1;
    done.batch_key = key;
    emit({done, marked.has_value(), false, marked ? "" : marked.error().to_string(),
          group.members.size(), false, resumed});
    return;
  }

  const SendFailure& failure = result.error();
  if (failure.pause) {
    pause_channel(group, channel_spec, failure.reason, now);
    return;
  }
  if (probing) {
    // The probe failed for another reason (the receiver is down): the pause stays, and the
    // next probe comes after a full interval, not next round.
    auto off = disabled_.at(channel_name);
    off.at = now;
    if (store_.disable_channel(off)) disabled_[channel_name] = off;
  }
  int attempts = 0;
  for (const Delivery& d : group.members) attempts = std::max(attempts, d.attempts + 1);
  const bool dead = failure.permanent || attempts >= channel_spec.max_attempts;
  auto delay = jittered(backoff(attempts, channel_name), policy_.jitter);
  if (failure.retry_after) delay = std::max(delay, *failure.retry_after);
  const std::string& reason = failure.reason;
  const UnixTime next_attempt_at = dead ? now : now + delay.count();
  auto marked = store_.mark_batch_failed(group.ids(), reason, next_attempt_at, dead);
  if (!marked) keep_unrecorded(group, false, 0, reason, next_attempt_at, dead);
  // The receiver is down (or refuses this message for now): the channel's younger messages
  // wait for this one's retry. A permanent refusal concerns this message only.
  if (!failure.permanent) halted_.insert(channel_name);
  Delivery failed = lead;
  failed.attempts = attempts;
  failed.last_error = reason;
  failed.status = dead ? DeliveryStatus::Dead : DeliveryStatus::Pending;
  emit({failed, false, dead, marked ? reason : marked.error().to_string(), group.members.size()});
}

void Dispatcher::pause_channel(const Group& group, const ChannelSpec& spec,
                               const std::string& reason, UnixTime now) {
  store::ChannelDisabled off{spec.name, reason, spec.url, now};
  if (store_.disable_channel(off)) disabled_[spec.name] = off;
  const UnixTime until = now + policy_.paused_probe.count();
  // Pending, attempts uncounted: nothing goes dead while the channel's settings are wrong.
  auto deferred = store_.defer_deliveries(group.ids(), until);
  // The database refuses writes: counted as a failed attempt once it takes them again,
  // rather than sent again next round.
  if (!deferred) keep_unrecorded(group, false, 0, reason, until, false);
  halted_.insert(spec.name);
  Delivery lead = group.lead();
  lead.last_error = reason;
  lead.next_attempt_at = until;
  emit({lead, false, false, "channel '" + spec.name + "' paused: " + reason, group.members.size(),
        true});
}

int Dispatcher::run_once(UnixTime now) {
  disabled_.clear();
  full_until_.clear();
  snapshots_.clear();
  halted_.clear();
  const std::set<std::int64_t> unrecorded = record_unrecorded(now);
  probe_now_.clear();
  if (auto off = store_.disabled_channels()) {
    for (const store::ChannelDisabled& c : *off) disabled_[c.channel] = c;
    if (first_round_) {
      // Started or reloaded (the admin may have fixed the channel's settings): each paused
      // channel is tried now, with its oldest message, rather than at its next probe.
      for (const auto& [name, state] : disabled_) {
        if (store_.resume_channel(name, now, false)) probe_now_.insert(name);
      }
      first_round_ = false;
    }
  }
  // With several nodes, deliveries another node claimed are theirs until the claim expires.
  auto due = node_.name.empty() ? store_.due_deliveries(now, kBatch)
                                : store_.due_deliveries_for(node_.name, now, now_unix_ms(), kBatch);
  if (!due) {
    emit({Delivery{}, false, false, due.error().to_string()});
    return 0;
  }
  // Outcomes still held in memory: sent ones are not sent again; failed ones wait for the
  // retry time kept with them. Their channels wait too, so nothing overtakes them.
  std::erase_if(*due, [&](const Delivery& d) {
    if (!unrecorded.contains(d.id)) return false;
    halted_.insert(d.channel);
    return true;
  });

  // Digest deliveries seen for the first time join the window in which they became due (the
  // article's fetch time), so a dispatcher that was down sorts them as if it had not been.
  std::vector<Group> groups;
  std::map<std::string, std::size_t> group_of;
  std::map<UnixTime, std::vector<std::int64_t>> windows;
  for (Delivery& d : *due) {
    auto sub = subscriptions_.find(d.subscription);
    const bool digest = sub != subscriptions_.end() &&
                        sub->second.delivery == DeliveryMode::Digest &&
                        (d.window_end || d.batch_key.empty());
    if (digest && !d.window_end) {
      auto end = next_digest_boundary(sub->second, d.next_attempt_at);
      if (!end) {
        emit({d, false, false, end.error().to_string()});
        continue;
      }
      d.window_end = *end;
      windows[*end].push_back(d.id);
      if (*end > now) continue;
    }
    std::string key = !d.batch_key.empty() ? "batch|" + d.batch_key
                      : digest             ? "digest|" + d.subscription + "|" + d.channel
                               : "article|" + std::to_string(d.snapshot_id) + "|" + d.channel;
    auto [it, fresh] = group_of.emplace(key, groups.size());
    if (fresh) groups.push_back(Group{digest, {}});
    groups[it->second].members.push_back(d);
  }
  for (const auto& [end, ids] : windows) {
    if (auto assigned = store_.assign_digest_window(ids, end); !assigned)
      emit({Delivery{}, false, false, assigned.error().to_string()});
  }
  int sent = 0;
  for (Group& group : groups) dispatch(group, now, sent);
  return sent;
}

}  // namespace headlined::notify
