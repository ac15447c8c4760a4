#include "form_guard.hpp"

#include <random>

#include "headlined/core/digest.hpp"

namespace headlined::web {

namespace {

constexpr std::int64_t kTokenLifetime = 2 * 3600;
constexpr std::int64_t kWindow = 3600;
// Beyond this many client addresses the oldest-looking entries are dropped, so a flood of
// addresses cannot grow the table without bound.
constexpr std::size_t kMaxClients = 10000;

}  // namespace

FormGuard::FormGuard(int posts_per_hour) : posts_per_hour_(posts_per_hour) {
  std::random_device random;
  for (int i = 0; i < 4; ++i) secret_ += std::to_string(random()) + ".";
}

std::string FormGuard::sign(const std::string& issued, const std::string& client) const {
  return sha256_hex(secret_ + "|" + issued + "|" + client).substr(0, 32);
}

std::string FormGuard::issue_token(const std::string& client, std::int64_t now) const {
  const std::string issued = std::to_string(now);
  return issued + "." + sign(issued, client);
}

bool FormGuard::valid_token(const std::string& token, const std::string& client,
                            std::int64_t now) const {
  const std::size_t dot = token.find('.');
  if (dot == std::string::npos || dot == 0 || dot > 19) return false;
  const std::string issued = token.substr(0, dot);
  if (issued.find_first_not_of("0123456789") != std::string::npos) return false;
  const std::int64_t at = std::stoll(issued);
  if (at > now + 60 || now - at > kTokenLifetime) return false;
  return token.substr(dot + 1) == sign(issued, client);
}

bool FormGuard::allow_post(const std::string& client, std::int64_t now) {
  std::lock_guard lock(mutex_);
  if (posts_.size() >= kMaxClients && !posts_.contains(client)) {
    std::erase_if(posts_, [now](const auto& entry) {
      return entry.second.empty() || now - entry.second.back() >= kWindow;
    });
    if (posts_.size() >= kMaxClients) posts_.erase(posts_.begin());
  }
  std::deque<std::int64_t>& times = posts_[client];
  while (!times.empty() && now - times.front() >= kWindow) times.pop_front();
  if (static_cast<int>(times.size()) >= posts_per_hour_) return false;
  times.push_back(now);
  return true;
}

}  // namespace headlined::web
