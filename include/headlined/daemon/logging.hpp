#pragma once
// Logging through spdlog to stderr: under systemd (JOURNAL_STREAM set) each line starts with
// the syslog priority prefix the journal understands ("<4>" for a warning) and carries no
// time stamp (the journal adds one); elsewhere lines are human-readable with the time. Every
// line is passed through redact() first.

#include <string>
#include <vector>

namespace headlined::daemon {

// `level`: trace, debug, info, warn, error or off.
void setup_logging(const std::string& level);

// The secrets to mask from now on (replaces the previous set; called again on reload).
void set_log_secrets(std::vector<std::string> secrets);

}  // namespace headlined::daemon
