#pragma once
// Just enough RFC 5322 / 2047 / base64 decoding to check received mail in tests, written
// independently of the code under test.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace headlined::notify::testing {

inline std::string base64_decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  int bits = 0;
  unsigned buffer = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) continue;  // padding, line breaks
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

inline std::string normalize_newlines(std::string_view raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') continue;
    out += raw[i];
  }
  return out;
}

// The header block, as unfolded lines "Name: value".
inline std::vector<std::string> header_lines(std::string_view raw) {
  std::string text = normalize_newlines(raw);
  std::string head = text.substr(0, text.find("\n\n"));
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos <= head.size()) {
    std::size_t end = head.find('\n', pos);
    if (end == std::string::npos) end = head.size();
    std::string line = head.substr(pos, end - pos);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !lines.empty()) {
      lines.back() += line;  // folded continuation (whitespace kept as in RFC 5322 unfolding)
    } else if (!line.empty()) {
      lines.push_back(line);
    }
    pos = end + 1;
  }
  return lines;
}

inline std::optional<std::string> header(std::string_view raw, std::string_view name) {
  for (const auto& line : header_lines(raw)) {
    if (line.size() > name.size() && line[name.size()] == ':' &&
        std::equal(name.begin(), name.end(), line.begin(),
                   [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      std::string value = line.substr(name.size() + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      return value;
    }
  }
  return std::nullopt;
}

// Decodes "=?UTF-8?B?...?=" words; whitespace between adjacent encoded words is dropped.
inline std::string decode_rfc2047(std::string_view value) {
  std::string out;
  std::string pending_space;
  std::size_t i = 0;
  bool last_was_word = false;
  while (i < value.size()) {
    if (value.substr(i).starts_with("=?")) {
      std::size_t q1 = value.find('?', i + 2);
      std::size_t q2 = q1 == value.npos ? value.npos : value.find('?', q1 + 1);
      std::size_t end = q2 == value.npos ? value.npos : value.find("?=", q2 + 1);
      if (end != value.npos) {
        std::string charset(value.substr(i + 2, q1 - i - 2));
        char encoding = value[q1 + 1];
        if ((charset == "UTF-8" || charset == "utf-8") && (encoding == 'B' || encoding == 'b')) {
          if (!last_was_word) out += pending_space;
          pending_space.clear();
          out += base64_decode(value.substr(q2 + 1, end - q2 - 1));
          last_was_word = true;
          i = end + 2;
          continue;
        }
      }
    }
    if (value[i] == ' ' || value[i] == '\t' || value[i] == '\r' || value[i] == '\n') {
      pending_space += value[i];
    } else {
      out += pending_space;
      pending_space.clear();
      out += value[i];
      last_was_word = false;
    }
    ++i;
  }
  if (!last_was_word) out += pending_space;
  return out;
}

// The body after the blank line, base64-decoded.
inline std::string decoded_body(std::string_view raw) {
  std::string text = normalize_newlines(raw);
  auto split = text.find("\n\n");
  return split == std::string::npos ? "" : base64_decode(text.substr(split + 2));
}

}  // namespace headlined::notify::testing
