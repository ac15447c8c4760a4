#pragma once
// `headlined test-channel NAME [--config FILE]` (src/cli/command_test_channel.cpp).

#include <CLI/CLI.hpp>

#include <string>

namespace headlined::cli {

struct TestChannelOptions {
  std::string channel;
  std::string config_path;
  CLI::App* command = nullptr;  // set by add_test_channel_command
};

void add_test_channel_command(CLI::App& app, TestChannelOptions& options);
int command_test_channel(const TestChannelOptions& options);

}  // namespace headlined::cli
