#pragma once
// Columns as editors count them: characters, not bytes. An error after Chinese text at byte
// 40 of a line may stand at character 16; every "line:column" and "column N" the project
// prints counts this way.

#include <cstddef>
#include <string_view>

namespace headlined {

// The number of UTF-8 characters in `text`: every byte that does not continue a sequence
// (10xxxxxx) starts one. An invalid byte counts as one character, as editors show it.
inline std::size_t count_characters(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The 1-based column of byte `offset` in `line` (the text from the line's first byte).
inline int character_column(std::string_view line, std::size_t offset) {
  return static_cast<int>(count_characters(line.substr(0, offset))) + 1;
}

}  // namespace headlined
