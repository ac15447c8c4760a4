#pragma once
// Notification channels. A channel sends one rendered message and says whether the receiver
// accepted it; it never touches the database (the dispatcher does, outside any send).

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "headlined/core/error.hpp"
#include "headlined/core/types.hpp"

namespace headlined::notify {

// One article in a message, with every subscription (of the message's recipient) it matched.
struct MessageItem {
  Snapshot snapshot;
  std::vector<std::string> subscriptions;  // at least one; the first is the lead
  std::vector<std::string> terms;          // the matched terms, over all subscriptions
  std::string snippet;
};

// Everything a channel needs to say: one article (instant) or a window's articles (digest).
struct Message {
  std::string idempotency_key;
  bool digest = false;
  std::vector<MessageItem> items;  // never empty
  std::string language = "en";     // "en" or "zh": the default templates' language
  MessageTemplate overrides;       // subject/body replacing the defaults, when set

  const MessageItem& lead() const { return items.front(); }
};

struct SendFailure {
  std::string reason;
  // When the receiver asked for a pause (Retry-After), honoured by the dispatcher.
  std::optional<std::chrono::seconds> retry_after;
  bool permanent = false;  // e.g. a 4xx other than 408/429: retrying will not help
  // The receiver refuses the channel's settings (token, signature, keyword or IP rule,
  // unknown chat, 401/403/404/410, SMTP login or relay): every message through the channel
  // would be refused, so the dispatcher pauses the channel rather than fail its messages.
  bool pause = false;
};

using SendResult = std::expected<void, SendFailure>;

class Channel {
 public:
  virtual ~Channel() = default;
  virtual SendResult send(const Message& message) = 0;
  // What the receiver answered to the last send, as it said it ("HTTP 200 {…}", "SMTP 250");
  // empty when nothing came back. For `headlined test-channel`.
  virtual std::string last_answer() const { return {}; }
};

// The JSON payload a generic webhook receives (documented in docs/channels.md).
std::string webhook_payload(const Message& message);

// The channel for a spec; an error names the channel and what is wrong with it.
Result<std::unique_ptr<Channel>> make_channel(const ChannelSpec& spec);

}  // namespace headlined::notify
