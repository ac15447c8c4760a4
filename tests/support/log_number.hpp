#pragma once
// Reading a number a child process printed into its log, e.g. the port a server bound after
// being given port 0 ("listening 40585", "metrics on http://127.0.0.1:40585/metrics").

#include <cctype>
#include <string>

namespace headlined::testing {

// The decimal number right after the first `marker` in `log`, once a character that is not
// a digit follows it (so a number still being written is not read half); 0 until then.
inline int number_after(const std::string& log, const std::string& marker) {
  const auto at = log.find(marker);
  if (at == std::string::npos) return 0;
  std::size_t end = at + marker.size();
  while (end < log.size() && std::isdigit(static_cast<unsigned char>(log[end]))) ++end;
  if (end == at + marker.size() || end == log.size()) return 0;
  return std::stoi(log.substr(at + marker.size(), end - at - marker.size()));
}

}  // namespace headlined::testing
