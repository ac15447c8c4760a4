// The answers each service documents for its bot or webhook API (docs/channels.md links
// them). Only answers that name their cause are listed; anything else falls back to what its
// HTTP status or SMTP code means in general.
#include "answers.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace headlined::notify {

namespace {

using nlohmann::json;

Answer accepted() {
  return {AnswerKind::Accepted, "", std::nullopt};
}
Answer retry(std::string meaning, std::optional<std::chrono::seconds> after = std::nullopt) {
  return {AnswerKind::RetryLater, std::move(meaning), after};
}
Answer refused_message(std::string meaning) {
  return {AnswerKind::MessageRefused, std::move(meaning), std::nullopt};
}
Answer refused_channel(std::string meaning) {
  return {AnswerKind::ChannelRefused, std::move(meaning), std::nullopt};
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

std::string string_field(const json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<std::int64_t> int_field(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

// What any HTTP receiver means by a status, when its body adds nothing known.
Answer by_status(long status, std::optional<std::chrono::seconds> retry_after) {
  if (status >= 200 && status < 300) return accepted();
  if (status == 408 || status == 429 || status >= 500)
    return retry(status == 429 ? "the receiver limits how often it takes messages"
                               : "the receiver is unavailable for now",
                 retry_after);
  if (status >= 300 && status < 400)
    return refused_channel("redirects are not followed; point the channel at the final URL");
  if (status == 401) return refused_channel("the receiver refuses the channel's credentials");
  if (status == 403)
    return refused_channel("the receiver forbids this sender (token, permission or IP rule)");
  if (status == 404)
    return refused_channel("nothing at this URL (a deleted webhook, or a wrong token or path)");
  if (status == 410) return refused_channel("the receiver says this endpoint no longer exists");
  return refused_message("the receiver refuses this message");
}

// DingTalk custom robots answer HTTP 200 with {"errcode": N, "errmsg": "…"}.
Answer dingtalk(const json& body) {
  const auto code = int_field(body, "errcode");
  const std::string msg = string_field(body, "errmsg");
  if (!code) return retry("DingTalk's answer names no errcode");
  if (*code == 0) return accepted();
  if (*code == 310000) {
    if (contains(msg, "keyword"))
      return refused_channel(
          "DingTalk's keyword rule: the message contains none of the robot's custom keywords "
          "(add one to the channel's template, or change the robot's security settings)");
    if (contains(msg, "sign"))
      return refused_channel(
          "DingTalk's signature check failed: the channel's \"secret\" is not the robot's "
          "SEC… signing secret (or the robot has no signing enabled)");
    if (contains(msg, "ip") || contains(msg, "whitelist"))
      return refused_channel(
          "DingTalk's IP rule: this machine's address is not in the robot's IP allowlist");
    if (contains(msg, "timestamp"))
      return refused_channel(
          "DingTalk refused the signing time: this machine's clock is off by more than an hour");
    return refused_channel("DingTalk's security settings refuse the message");
  }
  if (*code == 300001 || *code == 400101 || *code == 43004)
    return refused_channel(
        "DingTalk does not know this access_token: copy the robot's whole webhook URL again");
  if (*code == 130101 || *code == 410100)
    return retry("DingTalk limits a robot to 20 messages a minute", std::chrono::minutes(10));
  return retry("DingTalk errcode " + std::to_string(*code));
}

// WeCom group robots answer HTTP 200 with {"errcode": N, "errmsg": "…"}.
Answer wecom(const json& body) {
  const auto code = int_field(body, "errcode");
  if (!code) return retry("WeCom's answer names no errcode");
  if (*code == 0) return accepted();
  if (*code == 93000)
    return refused_channel(
        "WeCom does not know this webhook key: copy the robot's whole webhook URL again (a "
        "removed robot's key stops working)");
  if (*code == 60020)
    return refused_channel("WeCom's IP rule: this machine's address is not allowed");
  if (*code == 45009)
    return retry("WeCom limits a robot to 20 messages a minute", std::chrono::minutes(1));
  if (*code == 40008 || *code == 44004)
    return refused_message("WeCom refuses the message's content or type");
  return retry("WeCom errcode " + std::to_string(*code));
}

// Feishu (Lark) custom bots answer {"code": N, "msg": "…"} (older ones {"StatusCode": N}).
Answer feishu(const json& body) {
  auto code = int_field(body, "code");
  if (!code) code = int_field(body, "StatusCode");
  if (!code) return retry("Feishu's answer names no code");
  if (*code == 0) return accepted();
  if (*code == 19021)
    return refused_channel(
        "Feishu's signature check failed: the channel's \"secret\" is not the bot's signing "
        "secret, or this machine's clock is off by more than an hour");
  if (*code == 19022)
    return refused_channel(
        "Feishu's IP rule: this machine's address is not in the bot's allowlist");
  if (*code == 19024)
    return refused_channel(
        "Feishu's keyword rule: the message contains none of the bot's custom keywords");
  if (*code == 19001)
    return refused_channel("Feishu does not know this webhook: copy the bot's whole URL again");
  if (*code == 11232) return retry("Feishu limits how often a bot sends", std::chrono::minutes(1));
  if (*code == 9499) return refused_message("Feishu refuses the request as malformed");
  return retry("Feishu code " + std::to_string(*code));
}

// Slack incoming webhooks answer in plain text: "ok", or an error word with a 4xx status.
Answer slack(long status, const std::string& body, std::optional<std::chrono::seconds> after) {
  if (contains(body, "invalid_token") || contains(body, "action_prohibited"))
    return refused_channel("Slack refuses this webhook's token (revoked, or the app removed)");
  if (contains(body, "no_service") || contains(body, "no_team") || contains(body, "team_disabled"))
    return refused_channel("Slack has no such webhook (disabled, or the URL is wrong)");
  if (contains(body, "channel_not_found"))
    return refused_channel("Slack cannot find the webhook's channel");
  if (contains(body, "channel_is_archived"))
    return refused_channel("the webhook's Slack channel is archived");
  if (contains(body, "invalid_payload") || contains(body, "no_text"))
    return refused_message("Slack refuses the message's payload");
  return by_status(status, after);
}

// Telegram's Bot API: {"ok": false, "error_code": N, "description": "…", "parameters": …}.
Answer telegram(long status, const json& body, std::optional<std::chrono::seconds> after) {
  if (body.is_object() && body.value("ok", false)) return accepted();
  const std::string description = body.is_object() ? string_field(body, "description") : "";
  const long code =
      body.is_object() ? static_cast<long>(int_field(body, "error_code").value_or(status)) : status;
  if (code == 401) return refused_channel("Telegram does not know this bot token");
  if (contains(description, "chat not found"))
    return refused_channel("Telegram has no chat with this chat_id that the bot can reach");
  if (code == 403)
    return refused_channel("the bot may not write to this chat (blocked, or removed from it)");
  if (code == 429) {
    if (body.is_object() && body.contains("parameters") && body["parameters"].is_object()) {
      if (auto s = int_field(body["parameters"], "retry_after")) after = std::chrono::seconds(*s);
    }
    return retry("Telegram limits how often the bot sends", after);
  }
  if (status >= 200 && status < 300)
    return retry("Telegram did not confirm the message");  // 2xx without "ok": true
  if (code == 400) return refused_message("Telegram refuses the message");
  return by_status(status, after);
}

// Discord webhooks: JSON errors {"message": "…", "code": N}; 429 carries "retry_after".
Answer discord(long status, const json& body, std::optional<std::chrono::seconds> after) {
  const auto code = body.is_object() ? int_field(body, "code") : std::nullopt;
  if (code == 10015) return refused_channel("Discord has no such webhook (deleted?)");
  if (code == 50027) return refused_channel("Discord refuses the webhook's token");
  if (status == 429 && body.is_object()) {
    auto it = body.find("retry_after");
    if (it != body.end() && it->is_number())
      after = std::chrono::seconds(static_cast<std::int64_t>(std::ceil(it->get<double>())));
  }
  return by_status(status, after);
}

// Bark answers {"code": 200, "message": "success"}; an unknown device key is refused.
Answer bark(long status, const json& body, std::optional<std::chrono::seconds> after) {
  const auto code = body.is_object() ? int_field(body, "code") : std::nullopt;
  if (code == 200) return accepted();
  const std::string message = body.is_object() ? string_field(body, "message") : "";
  if (contains(message, "device")) return refused_channel("Bark does not know this device_key");
  if (status >= 200 && status < 300) return retry("Bark did not confirm the message");
  return by_status(status, after);
}

// ServerChan (Turbo) answers {"code": 0, …}; a wrong SendKey is code 40001.
Answer serverchan(long status, const json& body, std::optional<std::chrono::seconds> after) {
  const auto code = body.is_object() ? int_field(body, "code") : std::nullopt;
  if (code == 0) return accepted();
  if (code == 40001) return refused_channel("ServerChan does not know this send_key");
  if (status >= 200 && status < 300)
    return retry(code ? "ServerChan code " + std::to_string(*code)
                      : std::string("ServerChan's answer names no code"));
  return by_status(status, after);
}

}  // namespace

Answer read_http_answer(const std::string& preset, long status, const std::string& body,
                        std::optional<std::chrono::seconds> retry_after) {
  const bool ok = status >= 200 && status < 300;
  if (preset == "slack") return slack(status, body, retry_after);
  const json parsed = json::parse(body, nullptr, false);
  if (preset == "telegram") return telegram(status, parsed, retry_after);
  if (preset == "discord") return discord(status, parsed, retry_after);
  if (preset == "bark") return bark(status, parsed, retry_after);
  if (preset == "serverchan") return serverchan(status, parsed, retry_after);
  // DingTalk, WeCom and Feishu put the verdict in a 200 body.
  if (ok && (preset == "dingtalk" || preset == "wecom" || preset == "feishu")) {
    if (!parsed.is_object())
      return retry("HTTP " + std::to_string(status) + " with a body that is not JSON");
    if (preset == "dingtalk") return dingtalk(parsed);
    if (preset == "wecom") return wecom(parsed);
    return feishu(parsed);
  }
  // ntfy, Gotify and the generic webhook: the status says it; ntfy and Gotify add an "error".
  Answer answer = by_status(status, retry_after);
  if (!ok && parsed.is_object()) {
    std::string detail = string_field(parsed, "error");
    if (std::string more = string_field(parsed, "errorDescription"); !more.empty())
      detail += (detail.empty() ? "" : ": ") + more;
    if (!detail.empty()) answer.meaning += " (" + detail + ")";
  }
  return answer;
}

Answer read_smtp_answer(const std::string& error, long reply, bool login_denied) {
  if (login_denied || reply == 535 || reply == 534 || reply == 538)
    return refused_channel(
        "the SMTP server refuses the login: check the channel's username and password");
  if (reply == 530)
    return refused_channel(
        "the SMTP server requires a login (set username and password), or TLS first");
  if (reply >= 500 && reply < 600) {
    // Sender and recipients are the channel's own settings: refused once, refused always.
    if (error.starts_with("MAIL failed") || error.starts_with("RCPT failed"))
      return refused_channel(
          "the SMTP server refuses the sender or a recipient (relaying denied, unknown "
          "mailbox, or the server does not accept mail from this machine)");
    return refused_message("the SMTP server refuses this message");
  }
  return retry("the SMTP server or the network failed for now");
}

SendResult to_send_result(const Answer& answer, const std::string& summary) {
  if (answer.kind == AnswerKind::Accepted) return {};
  SendFailure failure;
  failure.reason = answer.meaning.empty() ? summary : summary + ": " + answer.meaning;
  failure.retry_after = answer.retry_after;
  failure.permanent = answer.kind != AnswerKind::RetryLater;
  failure.pause = answer.kind == AnswerKind::ChannelRefused;
  return std::unexpected(std::move(failure));
}

}  // namespace headlined::notify
