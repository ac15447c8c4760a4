#pragma once
// Notification channels. A channel sends one rendered message and says whether the receiver
// accepted it; it never touches the database (the dispatcher does, outside any send).

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "headlined/core/error.hpp"
#include "headlined/core/types.hpp"

namespace headlined::notify {

// Everything a channel needs to say about one match.
struct Message {
  std::string idempotency_key;
  std::string subscription;
  std::vector<std::string> terms;
  std::string snippet;
  Snapshot snapshot;
};

struct SendFailure {
  std::string reason;
  // When the receiver asked for a pause (Retry-After), honoured by the dispatcher.
  std::optional<std::chrono::seconds> retry_after;
  bool permanent = false;  // e.g. a 4xx other than 408/429: retrying will not help
};

using SendResult = std::expected<void, SendFailure>;

class Channel {
 public:
  virtual ~Channel() = default;
  virtual SendResult send(const Message& message) = 0;
};

// The JSON payload a webhook receives (documented in docs/channels.md).
std::string webhook_payload(const Message& message);

// The channel for a spec; an error names the channel and what is wrong with it.
Result<std::unique_ptr<Channel>> make_channel(const ChannelSpec& spec);

}  // namespace headlined::notify
