#pragma once
// The concrete channels behind make_channel(), for callers that build one directly (tests,
// the demo). Each is safe to call from one dispatcher thread at a time; Console is safe from
// several.

#include <iostream>
#include <memory>
#include <ostream>

#include "headlined/notify/channel.hpp"

namespace headlined::notify {

// POSTs webhook_payload() as JSON. 2xx = sent; 408, 429 and 5xx (and connection errors) are
// retried, honouring Retry-After; 3xx (redirects are not followed) and other 4xx are
// permanent.
class WebhookChannel : public Channel {
 public:
  explicit WebhookChannel(ChannelSpec spec);
  SendResult send(const Message& message) override;
  std::string last_answer() const override { return last_answer_; }

 private:
  ChannelSpec spec_;
  std::string last_answer_;
};

// Sends render_email() over SMTP (smtp:// or smtps://) through libcurl. A refused login,
// sender or recipient pauses the channel; another 5xx refuses the message; anything else
// that fails is retried.
class EmailChannel : public Channel {
 public:
  explicit EmailChannel(ChannelSpec spec);
  SendResult send(const Message& message) override;
  std::string last_answer() const override { return last_answer_; }

 private:
  ChannelSpec spec_;
  std::string last_answer_;
};

// Prints a short multi-line notification; never fails.
class ConsoleChannel : public Channel {
 public:
  explicit ConsoleChannel(std::ostream& out = std::cout) : out_(out) {}
  SendResult send(const Message& message) override;

 private:
  std::ostream& out_;
};

}  // namespace headlined::notify
