#include "support/run_command.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <utility>

namespace headlined::testing {

CommandOutput run_command(const std::string& shell_command) {
  CommandOutput result;
  FILE* pipe = popen(shell_command.c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::pair<int, std::string> run_command_merged(const std::string& shell_command) {
  CommandOutput r = run_command(shell_command + " 2>&1");
  return {r.status, std::move(r.out)};
}

}  // namespace headlined::testing
