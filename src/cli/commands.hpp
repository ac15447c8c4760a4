#pragma once
// Sub-command bodies; each returns the process exit status.

#include <string>

namespace headlined::cli {

struct CommandOptions {
  std::string config_path;
  std::string database;
  std::string target;
  bool once = false;
  bool json = false;
};

int command_run(const CommandOptions& options);
int command_check_config(const CommandOptions& options);
int command_show(const CommandOptions& options);
int command_demo(const CommandOptions& options);

}  // namespace headlined::cli
