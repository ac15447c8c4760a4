#pragma once
// The outbox dispatcher: takes due deliveries and turns them into messages (one per article
// and channel, naming every subscription it matched; or one digest per window), claims each
// message's deliveries under its idempotency key, sends outside any transaction, then marks
// them sent, or schedules a retry with exponential backoff and jitter, or marks them dead
// after the channel's max attempts. Rate-limited channels defer excess messages in order.
//
// A receiver that refuses the channel itself (a bad token or signature, a keyword or IP
// rule, an unknown chat, HTTP 401/403/404/410, an SMTP login or relay refused) pauses that
// channel: the reason is recorded (channel_state; `headlined status` shows it), its
// deliveries stay pending without counting attempts, and one message probes it every
// `paused_probe` (an hour), and at once when a new dispatcher starts (start-up, reload) or
// `headlined redeliver` lifts the pause. A changed URL lifts it too. Other channels go on.
//
// Each channel is a queue, oldest delivery first: when a message fails and waits for its
// retry, the channel's younger messages wait behind it (they are neither sent nor counted as
// attempts), so a receiver that was down gets its backlog in the order the articles were
// stored once it is back, and only one message probes it meanwhile.
//
// When the database cannot record an outcome (disk full, read-only), the outcome is kept in
// memory and written once it can be: a message that went out is not sent again by this
// dispatcher, and a failed one is not retried before its backoff. A restart or a reload (a
// new dispatcher) in that state may send such a message once more, under the same key.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "headlined/notify/channel.hpp"
#include "headlined/store/store.hpp"

namespace headlined::notify {

struct RetryPolicy {
  std::chrono::seconds initial{10};
  std::chrono::seconds maximum{24 * 3600};
  double jitter = 0.2;  // +/- this fraction
  // How often a paused channel is tried again (one message) while its receiver refuses it.
  std::chrono::seconds paused_probe{3600};
};

// This dispatcher as one of several nodes sharing the database (docs/scaling.md). With a
// name, it sends through a channel only while it holds the channel's lease (one node per
// channel at a time: its order and rate limit hold across nodes), and claims each message's
// deliveries for itself before the send; a claim lasts the lease period plus the channel's
// timeout, so only a node that died mid-send loses it, and the next node sends the message
// again under the same key. Without a name (the default) there are no leases or claims.
struct NodeSettings {
  std::string name;
  std::chrono::milliseconds lease_period{std::chrono::seconds(60)};
};

// Called after each attempt (one message), for logging and the demo's live output.
struct DispatchEvent {
  Delivery delivery;  // the message's lead delivery
  bool sent = false;
  bool dead = false;
  std::string error;
  std::size_t deliveries = 1;    // how many deliveries the message covered
  bool channel_paused = false;   // this attempt paused the channel (`error` says why)
  bool channel_resumed = false;  // this attempt, a paused channel's probe, went through
};

class Dispatcher {
 public:
  Dispatcher(store::Store& store, std::map<std::string, std::unique_ptr<Channel>> channels,
             std::map<std::string, ChannelSpec> specs, RetryPolicy policy = {});

  void on_event(std::function<void(const DispatchEvent&)> callback);

  // Delivery modes, languages and templates by subscription name. A delivery for a
  // subscription not listed is sent instantly with the English templates.
  void set_subscriptions(const std::vector<Subscription>& subscriptions);

  void set_node(NodeSettings node) { node_ = std::move(node); }

  // Sends every message due at `now`; returns how many deliveries were sent.
  int run_once(UnixTime now);

  // Takes over the outcomes `previous` could not record yet (the database refused the
  // write), so the dispatcher that replaces it on a reload neither sends those messages
  // again nor forgets to record them. Neither may be running a round meanwhile.
  void adopt_unrecorded(Dispatcher& previous);

  // The delay before retry number `attempts` (1-based) through `channel`, before jitter:
  // doubling from the channel's (else the policy's) initial delay up to its maximum.
  std::chrono::seconds backoff(int attempts, const std::string& channel = "") const;

 private:
  struct Group;
  void dispatch(Group& group, UnixTime now, int& sent);
  bool hold_for_rate_limit(const Group& group, const ChannelSpec& spec, UnixTime now);
  void fail_group(const Group& group, const std::string& reason, UnixTime next_attempt_at,
                  bool dead);
  // Records the pause (or a failed probe's new start) and puts the group off until the
  // next probe, its attempts uncounted.
  void pause_channel(const Group& group, const ChannelSpec& spec, const std::string& reason,
                     UnixTime now);
  void emit(const DispatchEvent& event) const;
  // With a node name: takes or renews the channel's lease; false while another node holds it.
  bool hold_channel(const std::string& channel);
  // How long a channel lease or a claim lasts: the lease period plus the channel's timeout.
  std::chrono::milliseconds claim_span(const std::string& channel) const;
  // Writes the outcomes the database refused earlier; returns the ids still unwritten.
  std::set<std::int64_t> record_unrecorded(UnixTime now);
  void keep_unrecorded(const Group& group, bool sent, UnixTime now, std::string reason,
                       UnixTime next_attempt_at, bool dead);

  store::Store& store_;
  std::map<std::string, std::unique_ptr<Channel>> channels_;
  std::map<std::string, ChannelSpec> specs_;
  std::map<std::string, Subscription> subscriptions_;
  RetryPolicy policy_;
  NodeSettings node_;
  std::function<void(const DispatchEvent&)> callback_;
  // Per round: channels paused, and until when a rate-limited channel is full.
  std::map<std::string, store::ChannelDisabled> disabled_;
  // Paused channels a probe goes to this round whatever the time: on the first round of a
  // new dispatcher (start-up, reload), every one.
  bool first_round_ = true;
  std::set<std::string> probe_now_;
  std::map<std::string, UnixTime> full_until_;
  std::map<std::int64_t, std::optional<Snapshot>> snapshots_;
  // Per round: channels whose oldest due message failed; the rest of them waits.
  std::set<std::string> halted_;
  // Outcomes the database could not record yet (see above), oldest first.
  struct Unrecorded {
    std::vector<std::int64_t> ids;
    bool sent = false;
    UnixTime at = 0;
    std::string reason;
    UnixTime next_attempt_at = 0;
    bool dead = false;
  };
  std::vector<Unrecorded> unrecorded_;
};

}  // namespace headlined::notify
