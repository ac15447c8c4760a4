// `headlined test-channel NAME [--config FILE]`: one test message through a configured
// channel, and what its receiver answered, read as the daemon would read it (a DingTalk
// keyword rule, a wrong WeCom key, an SMTP login refused, ...). It sends, so unlike the
// admin commands it needs the channel's secrets (environment variables, credential files).
#include <algorithm>
#include <iostream>

#include "cli/admin_support.hpp"
#include "cli/test_channel.hpp"
#include "headlined/core/time.hpp"
#include "headlined/daemon/config_check.hpp"
#include "headlined/daemon/redact.hpp"
#include "headlined/notify/channel.hpp"

#ifndef HEADLINED_CONFIG_FILE
#define HEADLINED_CONFIG_FILE "/etc/headlined/headlined.jsonc"
#endif

namespace headlined::cli {

namespace {

constexpr std::string_view kTestChannelCommand = "test-channel";

// A message like the ones the channel will carry: rendered with the language and templates
// of the first subscription that uses the channel, so a keyword rule is tried for real.
notify::Message test_message(const config::Config& config, const ChannelSpec& spec) {
  notify::Message message;
  message.idempotency_key = "headlined-test-" + std::to_string(now_unix());
  Snapshot snapshot;
  snapshot.article.url = "https://example.invalid/headlined/test-message";
  snapshot.article.title = "headlined test message / 测试消息";
  snapshot.article.source_name = "headlined";
  snapshot.article.body =
      "A test message sent by `headlined test-channel`: the channel works.\n"
      "这是 headlined test-channel 发送的测试消息。";
  snapshot.original_url = snapshot.article.url;
  snapshot.fetched_at = now_unix();
  std::string subscription = "test";
  message.overrides = spec.message_template;
  for (const config::SubscriptionEntry& entry : config.subscriptions) {
    const Subscription& s = entry.subscription;
    if (std::ranges::find(s.channels, spec.name) == s.channels.end()) continue;
    subscription = s.name;
    message.language = s.language;
    if (!s.message_template.subject.empty()) message.overrides.subject = s.message_template.subject;
    if (!s.message_template.body.empty()) message.overrides.body = s.message_template.body;
    break;
  }
  message.items.push_back({snapshot, {subscription}, {"test"}, "headlined test message"});
  return message;
}

std::string type_name(const ChannelSpec& spec) {
  if (spec.type == ChannelType::Email) return "email";
  if (spec.type == ChannelType::Console) return "console";
  return spec.preset.empty() ? "webhook" : spec.preset;
}

}  // namespace

void add_test_channel_command(CLI::App& app, TestChannelOptions& options) {
  CLI::App* sub = app.add_subcommand(
      "test-channel", "send one test message through a channel and explain the receiver's answer");
  sub->add_option("name", options.channel, "the channel's name in the config")->required();
  sub->add_option("-c,--config", options.config_path, "config file")
      ->default_val(HEADLINED_CONFIG_FILE);
  sub->footer(
      "It sends, so it needs the channel's secrets: run it where the config's {\"env\": …} "
      "variables are set and its {\"file\": …} files can be read.\nExit status: 0 accepted, "
      "1 refused or failed, 2 bad usage or config.");
  options.command = sub;
}

int command_test_channel(const TestChannelOptions& options) {
  config::LoadResult loaded =
      daemon::load_and_check_config(options.config_path, config::Secrets::Read);
  if (!loaded.ok()) {
    for (const config::ConfigError& e : loaded.errors)
      report(kTestChannelCommand, e.to_string(), kExitUsage);
    return kExitUsage;
  }
  const config::Config& config = loaded.config;
  auto spec = std::ranges::find_if(config.channels,
                                   [&](const ChannelSpec& c) { return c.name == options.channel; });
  if (spec == config.channels.end()) {
    std::string names;
    for (const ChannelSpec& c : config.channels) names += (names.empty() ? "" : ", ") + c.name;
    return report(kTestChannelCommand,
                  "no channel '" + options.channel + "' in " + options.config_path +
                      (names.empty() ? " (it has none)" : " (it has: " + names + ")"),
                  kExitUsage);
  }
  auto channel = notify::make_channel(*spec);
  if (!channel) return report(kTestChannelCommand, channel.error().to_string(), kExitUsage);

  // Nothing secret reaches the terminal either (tokens sit in URLs and answers).
  const std::vector<std::string> secrets = daemon::secrets_of(config);
  auto shown = [&](const std::string& text) { return daemon::redact(text, secrets); };

  std::cout << "channel '" << spec->name << "' (" << type_name(*spec)
            << "): sending a test message";
  if (!spec->url.empty()) std::cout << " to " << shown(spec->url);
  if (!spec->smtp_url.empty()) std::cout << " through " << shown(spec->smtp_url);
  std::cout << "\n";
  const notify::SendResult result = (*channel)->send(test_message(config, *spec));
  const std::string answer = (*channel)->last_answer();
  std::cout << "answer: " << (answer.empty() ? "(none)" : shown(answer)) << "\n";
  if (result) {
    std::cout << "accepted: the receiver took the message\n";
    return kExitDone;
  }
  const notify::SendFailure& failure = result.error();
  std::cout << "refused: " << shown(failure.reason) << "\n";
  std::cout << "the daemon would "
            << (failure.pause       ? "pause the channel (its deliveries wait) until this is fixed"
                : failure.permanent ? "give up on that message (dead; the others still go)"
                                    : "try again later")
            << "\n";
  return kExitFailed;
}

}  // namespace headlined::cli
