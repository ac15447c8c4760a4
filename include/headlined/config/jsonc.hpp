#pragma once
// JSON with comments, parsed with the position of every value, so that errors found later
// (a missing field, an unknown channel) can still name a line and column.

#include <cstddef>
#include <expected>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "headlined/config/config.hpp"

namespace headlined::config {

// Where a value stands in the text: its first character, and its byte range.
struct Location {
  Position pos;
  std::size_t begin = 0;  // byte offset of the first character
  std::size_t end = 0;    // byte offset just past the last character
};

struct JsoncDocument {
  nlohmann::json value;
  // Keyed by JSON pointer: "" is the root, "/sources/0/url" a member of an array element.
  std::map<std::string, Location> values;
  std::map<std::string, Position> keys;  // object members only: where the key's quote stands
};

struct JsoncSyntaxError {
  Position pos;
  std::string message;
};

// Standard JSON plus // line comments, /* block */ comments and trailing commas before '}'
// or ']'. Duplicate keys are an error. A UTF-8 byte-order mark is skipped. Nesting is limited
// (a config needs a handful of levels) so no later walk of the value can overflow the stack.
std::expected<JsoncDocument, JsoncSyntaxError> parse_jsonc(std::string_view text);

// "/a" + "b/c" -> "/a/b~1c" (RFC 6901 escaping).
std::string pointer_append(std::string_view parent, std::string_view token);
std::string pointer_append(std::string_view parent, std::size_t index);

}  // namespace headlined::config
