#pragma once
// The WebSub subscriber (W3C WebSub §5-§7): subscribes a source whose feed announced a hub,
// answers the hub's intent verification only for requests of its own that are pending,
// renews leases before they end, unsubscribes sources removed from the config, and hands
// each pushed body whose X-Hub-Signature verifies to the daemon, which processes it as a
// polled feed. Its state is kept in the store, so a restart re-subscribes.
//
// Threads: install()'s routes run on the HTTP listener's threads; note_links() on the poll
// workers; maintain() on one thread (it is the only one sending requests to hubs).

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "headlined/config/config.hpp"
#include "headlined/core/types.hpp"
#include "headlined/daemon/websub_protocol.hpp"
#include "headlined/fetch/fetcher.hpp"
#include "headlined/store/store.hpp"

namespace httplib {
class Server;
}

namespace headlined::daemon {

// What `headlined sources` and the scheduler read about one source's push.
struct PushState {
  std::string state;  // "active", "pending", "failed", "unsubscribing"
  std::string hub;
  std::optional<UnixTime> lease_expires;
  std::string last_error;
  bool receiving = false;  // pushes are accepted (active, or pending a renewal within a lease)
};

// One pushed body whose signature verified, for the source it was subscribed for.
struct PushedFeed {
  std::string source;
  fetch::Response page;  // status 200, url = the topic, raw_body = the body (not decoded)
};

class WebSubSubscriber {
 public:
  using Clock = std::function<UnixTime()>;
  using PushHandler = std::function<void(PushedFeed)>;

  // `on_push` is called on a listener thread and must be quick (queue the work).
  WebSubSubscriber(store::Store& store, config::WebSubSettings settings, PushHandler on_push,
                   Clock clock);

  // Reads the subscriptions kept in the store. An error names the database.
  Result<void> load();

  // GET and POST <path prefix>/websub/<token> on `server`.
  void install(httplib::Server& server);

  // After a poll of `source` found `links` (hub empty: none announced). A new hub or topic
  // makes maintain() subscribe (again).
  void note_links(const Source& source, const WebSubLinks& links, const std::string& feed_url);

  // Sends what is due: subscriptions for sources that announced a hub, renewals of leases
  // near their end, a retry of failed ones after a while, timeouts of verifications that
  // never came, and unsubscriptions of sources no longer in `sources`.
  void maintain(const std::vector<Source>& sources);

  std::optional<PushState> push_state(const std::string& source) const;
  const config::WebSubSettings& settings() const { return settings_; }

  // The callback URL of a token (what the hub is given).
  std::string callback_url(const std::string& token) const;

  // Counters for the metrics and the tests.
  struct Counts {
    int accepted = 0;          // pushes handed on
    int bad_signature = 0;     // ignored (answered 2xx as the spec asks)
    int unknown_callback = 0;  // 404: no subscription of ours has that token
    int too_large = 0;         // 413
    int wrong_topic = 0;       // a Link rel="self" naming another topic: ignored (2xx)
    int verified = 0;          // challenges echoed
    int refused_challenges = 0;
  };
  Counts counts() const;

 private:
  void handle_verification(const std::string& token, const std::string& mode,
                           const std::string& topic, const std::string& challenge,
                           const std::string& lease, const std::string& reason, int& status,
                           std::string& body);
  // POST to the hub; an error names the hub and the status. `police`: only public addresses
  // may be connected to (the source does not allow internal ones).
  Result<void> send(const store::WebSubRecord& record, const std::string& mode, bool police) const;
  void save(const store::WebSubRecord& record);

  store::Store& store_;
  config::WebSubSettings settings_;
  PushHandler on_push_;
  Clock clock_;

  mutable std::mutex mutex_;
  std::map<std::string, store::WebSubRecord> records_;  // by source
  // Hubs and topics the polls found, for maintain() to act on.
  std::map<std::string, WebSubLinks> announced_;
  bool renew_all_ = false;  // set by load(): the first maintain() re-subscribes every one
  Counts counts_;
};

}  // namespace headlined::daemon
