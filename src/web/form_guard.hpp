#pragma once
// What protects the takedown form: a CSRF token (double submit: the same signed token in a
// SameSite=Strict cookie and in the form, bound to the client's address and valid for two
// hours) and a limit on submissions per client address.

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace headlined::web {

class FormGuard {
 public:
  explicit FormGuard(int posts_per_hour);

  // A fresh token for a form shown to `client` at `now` (seconds since the epoch).
  std::string issue_token(const std::string& client, std::int64_t now) const;
  // True when `token` was issued by this process for `client` less than two hours ago.
  bool valid_token(const std::string& token, const std::string& client, std::int64_t now) const;

  // Counts a submission; false when the client has used up its hour's allowance.
  bool allow_post(const std::string& client, std::int64_t now);

 private:
  std::string sign(const std::string& issued, const std::string& client) const;

  std::string secret_;  // random per process: a restart invalidates open forms
  int posts_per_hour_;
  std::mutex mutex_;
  std::map<std::string, std::deque<std::int64_t>> posts_;  // client -> times in the last hour
};

}  // namespace headlined::web
