#pragma once
// `headlined deliveries` (the outbox, or its failed deliveries) and `headlined redeliver`
// (queue failed deliveries again), registered on the CLI in two lines of main.cpp.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>

#include "cli/commands.hpp"

namespace headlined::cli {

struct DeliveryOptions {
  AdminOptions store;  // --config / --db / --json
  bool failed = false;
  bool pending = false;
  int limit = 0;
  std::int64_t id = 0;
  bool all_failed = false;
  std::string channel;  // redeliver --channel NAME
};

int command_deliveries(const DeliveryOptions& options);
int command_redeliver(const DeliveryOptions& options);

class DeliveryCommands {
 public:
  explicit DeliveryCommands(CLI::App& app);
  std::optional<int> run_chosen() const;

 private:
  DeliveryOptions options_;
  CLI::App* deliveries_ = nullptr;
  CLI::App* redeliver_ = nullptr;
};

}  // namespace headlined::cli
