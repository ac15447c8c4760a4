#pragma once
// What a receiver's answer means. Each service documents its own answers (HTTP statuses, an
// error code in a 200 body, SMTP reply codes); this reads them into one verdict: accepted,
// try again later, this message is refused, or every message through this channel will be
// refused until its settings change (a bad token or signature, a keyword or IP rule, an
// unknown chat, a deleted webhook, a refused login). The dispatcher pauses a channel on
// the last, and `headlined test-channel` prints the meaning.

#include <chrono>
#include <optional>
#include <string>

#include "headlined/notify/channel.hpp"

namespace headlined::notify {

enum class AnswerKind { Accepted, RetryLater, MessageRefused, ChannelRefused };

struct Answer {
  AnswerKind kind = AnswerKind::Accepted;
  // What the answer means to an admin, e.g. "DingTalk's keyword rule: the message contains
  // none of the robot's keywords"; empty when there is nothing to add to "accepted".
  std::string meaning;
  std::optional<std::chrono::seconds> retry_after;
};

// An HTTP answer through a webhook channel: `preset` is "" for the generic webhook, or the
// service's name. `retry_after` is the Retry-After header, when there was one.
Answer read_http_answer(const std::string& preset, long status, const std::string& body,
                        std::optional<std::chrono::seconds> retry_after);

// An SMTP transaction that failed: libcurl's `error` text ("RCPT failed: 550", "Login
// denied", ...), the server's last reply code (0 when none), and whether libcurl reported
// the login refused.
Answer read_smtp_answer(const std::string& error, long reply, bool login_denied);

// The dispatcher's terms: nothing for Accepted, else a failure whose reason is `summary`
// followed by the meaning.
SendResult to_send_result(const Answer& answer, const std::string& summary);

}  // namespace headlined::notify
