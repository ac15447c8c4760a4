#include "headlined/store/pg_url.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <memory>
#include <utility>
#include <vector>

#include "pg_connection.hpp"

namespace headlined::store {

namespace {

bool whole_number(std::string_view text, long long low, long long high) {
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && value >= low && value <= high;
}

bool one_of(std::string_view value, std::initializer_list<std::string_view> allowed) {
  return std::ranges::find(allowed, value) != allowed.end();
}

// What libpq would say at connect about one setting, checked here so that it is a config
// error rather than a server that "cannot be reached".
std::optional<std::string> bad_value(std::string_view keyword, std::string_view value) {
  auto problem = [&](std::string_view expected) {
    return "invalid " + std::string(keyword) + " \"" + std::string(value) + "\" (" +
           std::string(expected) + ")";
  };
  if (keyword == "port") {
    // A comma-separated list, one per host; an empty entry means the default port.
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = value.find(',', start);
      const std::string_view one = value.substr(start, comma - start);
      if (!one.empty() && !whole_number(one, 1, 65535)) return problem("a port 1-65535");
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  } else if (keyword == "sslmode") {
    if (!one_of(value, {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}))
      return problem("disable, allow, prefer, require, verify-ca or verify-full");
  } else if (keyword == "gssencmode") {
    if (!one_of(value, {"disable", "prefer", "require"}))
      return problem("disable, prefer or require");
  } else if (keyword == "target_session_attrs") {
    if (!one_of(value, {"any", "read-write", "read-only", "primary", "standby", "prefer-standby"}))
      return problem("any, read-write, read-only, primary, standby or prefer-standby");
  } else if (keyword == "connect_timeout" || keyword == "keepalives" ||
             keyword == "keepalives_idle" || keyword == "keepalives_interval" ||
             keyword == "keepalives_count" || keyword == "tcp_user_timeout") {
    if (!whole_number(value, 0, 2147483647)) return problem("a whole number");
  }
  return std::nullopt;
}

// The part between "://" and the first '/' or '?': [user[:password]@]host[:port][,...].
std::string_view authority(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  const std::string_view rest = url.substr(scheme + 3);
  return rest.substr(0, rest.find_first_of("/?"));
}

// The passwords written in the URL, as written (user:PASSWORD@, ?password=PASSWORD).
std::vector<std::string> passwords_in(std::string_view url) {
  std::vector<std::string> out;
  const std::string_view server = authority(url);
  if (const std::size_t at = server.rfind('@'); at != std::string_view::npos) {
    const std::string_view user = server.substr(0, at);
    if (const std::size_t colon = user.find(':'); colon != std::string_view::npos)
      out.emplace_back(user.substr(colon + 1));
  }
  for (std::size_t pos = url.find("password="); pos != std::string_view::npos;
       pos = url.find("password=", pos + 1)) {
    if (pos == 0 || (url[pos - 1] != '?' && url[pos - 1] != '&')) continue;
    const std::string_view value = url.substr(pos + 9);
    out.emplace_back(value.substr(0, value.find('&')));
  }
  return out;
}

}  // namespace

std::string pg::without_url_passwords(std::string text, std::string_view url) {
  for (const std::string& secret : passwords_in(url)) {
    for (std::size_t at = text.find(secret); !secret.empty() && at != std::string::npos;
         at = text.find(secret, at + 3))
      text.replace(at, secret.size(), "***");
  }
  return text;
}

std::string masked_postgresql_url(std::string_view url) {
  return pg::mask_password(url);
}

std::optional<std::string> postgresql_url_problem(std::string_view url) {
  const std::string text(url);
  char* message = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(text.c_str(), &message), &PQconninfoFree);
  if (!options) {
    std::string out = message ? message : "cannot be parsed (out of memory)";
    if (message) PQfreemem(message);
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    // libpq quotes the offending token, which may be (part of) a password.
    return pg::without_url_passwords(std::move(out), url);
  }
  std::string host, hostaddr;
  for (const PQconninfoOption* o = options.get(); o->keyword; ++o) {
    if (!o->val) continue;
    const std::string_view keyword = o->keyword;
    if (keyword == "host") host = o->val;
    if (keyword == "hostaddr") hostaddr = o->val;
    if (auto problem = bad_value(keyword, o->val)) return problem;
  }
  // "postgresql://user@/db" or "postgresql://:5432/db": a server was meant, none is named.
  const std::string_view server = authority(url);
  const std::string_view after_user = server.substr(server.rfind('@') + 1);
  const bool user_or_port =
      server.find('@') != std::string_view::npos || after_user.starts_with(':');
  const bool no_host = after_user.empty() || after_user.starts_with(':');
  if (user_or_port && no_host && host.empty() && hostaddr.empty())
    return std::string(
        "no host after the user or before the port (write the server's name, or "
        "leave the part before '/' empty for the local Unix socket)");
  return std::nullopt;
}

}  // namespace headlined::store
