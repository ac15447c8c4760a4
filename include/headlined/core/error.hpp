#pragma once
// Errors that cross a module boundary are values: what failed and where (a URL, a file:line,
// a source or channel name), so one bad input is reported and the rest keeps going.

#include <expected>
#include <string>
#include <utility>

namespace headlined {

struct Error {
  std::string what;   // the reason, e.g. "HTTP 503" or "unterminated phrase"
  std::string where;  // the place, e.g. a URL, "config.json:12:7", or "channel 'ops'"
  // The same answer would come on every attempt (robots.txt disallows the URL, the address
  // policy refuses it): not worth a retry, and not a reason to poll the page listing it again.
  bool permanent = false;

  std::string to_string() const { return where.empty() ? what : where + ": " + what; }
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string what, std::string where = {}) {
  return std::unexpected<Error>(Error{std::move(what), std::move(where)});
}

// An error that trying again cannot change (see Error::permanent).
inline std::unexpected<Error> fail_permanently(std::string what, std::string where = {}) {
  return std::unexpected<Error>(Error{std::move(what), std::move(where), true});
}

}  // namespace headlined
