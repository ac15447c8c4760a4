#pragma once
// Runs a shell command the way an admin would type it and keeps what it printed: for tests
// that drive the real `headlined` binary.

#include <string>
#include <utility>

namespace headlined::testing {

struct CommandOutput {
  int status = -1;  // the exit status; -1 when it could not run or was killed by a signal
  std::string out;  // its stdout (append " 2>&1" to the command for stderr too)
};

CommandOutput run_command(const std::string& shell_command);

// The command with its stderr folded into what it printed: {exit status, output}.
std::pair<int, std::string> run_command_merged(const std::string& shell_command);

}  // namespace headlined::testing
