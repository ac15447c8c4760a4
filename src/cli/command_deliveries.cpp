// `headlined deliveries`: the outbox as the dispatcher sees it, or only the dead deliveries
// (--failed) an admin may want to redeliver, with the paused channels holding some back.
#include <iostream>

#include "cli/admin_support.hpp"
#include "cli/delivery_commands.hpp"
#include "headlined/core/delivery_status.hpp"

namespace headlined::cli {

namespace {

nlohmann::json delivery_json(const Delivery& d) {
  return {{"id", d.id},
          {"snapshot_id", d.snapshot_id},
          {"subscription", d.subscription},
          {"channel", d.channel},
          {"status", delivery_status_name(d.status)},
          {"attempts", d.attempts},
          {"next_attempt_at", time_json(d.next_attempt_at)},
          {"last_error", d.last_error},
          {"created_at", time_json(d.created_at)},
          {"sent_at", time_json(d.sent_at)},
          {"idempotency_key", d.message_key()}};
}

}  // namespace

DeliveryCommands::DeliveryCommands(CLI::App& app) {
  auto add_store_options = [&](CLI::App* sub) {
    sub->add_option("-c,--config", options_.store.config_path, "config file naming the database");
    sub->add_option("--db", options_.store.database, "database file (instead of the config's)");
    sub->footer("Exit status: 0 done, 1 failed or nothing found, 2 bad usage or config.");
  };
  deliveries_ = app.add_subcommand(
      "deliveries", "the delivery outbox: pending, sent and dead deliveries, newest last");
  add_store_options(deliveries_);
  deliveries_->add_flag("--json", options_.store.json, "print JSON");
  deliveries_->add_flag("--failed", options_.failed,
                        "only dead deliveries (failed for good; see `headlined redeliver`)");
  deliveries_->add_flag("--pending", options_.pending, "only deliveries still to be sent");
  deliveries_->add_option("--limit", options_.limit, "only the last this many")
      ->check(CLI::PositiveNumber);

  redeliver_ = app.add_subcommand(
      "redeliver",
      "queue a dead (or sent) delivery again, or lift a paused channel's pause, for the "
      "running daemon to send within a second");
  add_store_options(redeliver_);
  redeliver_->footer(
      "Keys: a dead delivery goes out under the idempotency key it already had (its receiver "
      "never accepted it, or can drop it as a repeat); a sent delivery goes out as a new "
      "message with a new key.\nExit status: 0 done, 1 failed or nothing found, 2 bad usage "
      "or config.");
  auto* id = redeliver_->add_option("id", options_.id, "the delivery's id");
  auto* all = redeliver_->add_flag("--all-failed", options_.all_failed,
                                   "every dead delivery, and every paused channel's pending ones");
  auto* channel = redeliver_->add_option(
      "--channel", options_.channel,
      "a paused channel (see `headlined status`): lift its pause, its pending deliveries due now");
  id->excludes(all);
  channel->excludes(id);
  channel->excludes(all);
}

std::optional<int> DeliveryCommands::run_chosen() const {
  if (*deliveries_) return command_deliveries(options_);
  if (*redeliver_) return command_redeliver(options_);
  return std::nullopt;
}

int command_deliveries(const DeliveryOptions& options) {
  auto store = open_store_for("deliveries", options.store);
  if (!store) return store.error();
  std::optional<DeliveryStatus> only;
  if (options.failed) only = DeliveryStatus::Dead;
  if (options.pending) only = DeliveryStatus::Pending;
  auto found = (*store)->deliveries(only);
  if (!found) return report("deliveries", found.error().to_string(), kExitFailed);
  std::vector<Delivery> shown = std::move(*found);
  if (options.limit > 0 && shown.size() > static_cast<std::size_t>(options.limit))
    shown.erase(shown.begin(), shown.end() - options.limit);
  auto disabled = (*store)->disabled_channels();

  if (options.store.json) {
    nlohmann::json out = {{"deliveries", nlohmann::json::array()},
                          {"disabled_channels", nlohmann::json::array()}};
    for (const Delivery& d : shown) out["deliveries"].push_back(delivery_json(d));
    if (disabled) {
      for (const auto& c : *disabled)
        out["disabled_channels"].push_back(
            {{"channel", c.channel}, {"reason", c.reason}, {"at", time_json(c.at)}});
    }
    std::cout << out.dump(2) << "\n";
  } else {
    for (const Delivery& d : shown) {
      std::cout << "#" << d.id << "  " << delivery_status_name(d.status) << "  " << d.subscription
                << " -> " << d.channel << "  snapshot " << d.snapshot_id << "  attempts "
                << d.attempts;
      if (d.status == DeliveryStatus::Pending)
        std::cout << "  next " << time_text(d.next_attempt_at);
      if (d.sent_at) std::cout << "  sent " << time_text(d.sent_at);
      if (!d.last_error.empty()) std::cout << "  error: " << d.last_error;
      std::cout << "\n";
    }
    if (disabled) {
      for (const auto& c : *disabled)
        std::cout << "channel '" << c.channel << "' paused since " << time_text(c.at) << ": "
                  << c.reason << "\n";
    }
  }
  if (shown.empty() && options.failed) return kExitFailed;  // "nothing found"
  return kExitDone;
}

}  // namespace headlined::cli
