#include "headlined/config/jsonc.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <vector>

#include "headlined/core/characters.hpp"

namespace headlined::config {

namespace {

// A config file needs four or five levels; the limit keeps every later walk of the value
// (nlohmann's copy and dump are recursive) safe from a hostile or broken file.
constexpr std::size_t kMaxDepth = 64;

// Thrown inside the parser only and turned into a value at its boundary.
struct Failure {
  std::size_t offset;
  std::string message;
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_word_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Length of the well-formed UTF-8 sequence at s[i], or 0. Strings must be valid UTF-8
// because nlohmann::json refuses to dump anything else.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b = byte(i);
  std::size_t n = b < 0x80           ? 1
                  : (b >> 5) == 0x6  ? 2
                  : (b >> 4) == 0xE  ? 3
                  : (b >> 3) == 0x1E ? 4
                                     : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  if (n == 2 && b < 0xC2) return 0;                          // overlong
  if (n == 3 && b == 0xE0 && byte(i + 1) < 0xA0) return 0;   // overlong
  if (n == 3 && b == 0xED && byte(i + 1) >= 0xA0) return 0;  // surrogate
  if (n == 4 &&
      (b > 0xF4 || (b == 0xF0 && byte(i + 1) < 0x90) || (b == 0xF4 && byte(i + 1) >= 0x90)))
    return 0;
  return n;
}

struct Frame {
  bool is_object = false;
  nlohmann::json value;
  std::string pointer;
  std::size_t begin = 0;
  std::string key;  // the member whose value is being parsed (objects)
  std::map<std::string, std::size_t> key_offsets;  // duplicate detection
  std::size_t next_index = 0;                      // arrays
};

// Iterative: the nesting lives in `stack_`, not on the call stack.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text_.size(); ++i) {
      if (i % kBlock == 0)
        block_characters_.push_back(
            i == 0 ? 0
                   : block_characters_.back() + count_characters(text_.substr(i - kBlock, kBlock)));
      if (text_[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  std::expected<JsoncDocument, JsoncSyntaxError> run() {
    try {
      parse_document();
      return std::move(doc_);
    } catch (const Failure& f) {
      return std::unexpected(JsoncSyntaxError{position(f.offset), f.message});
    }
  }

  // Columns count characters as an editor does; a byte-order mark is not one.
  // A config written on one line (a generated one) has every value on it, so the count
  // goes through per-block totals rather than from the line's start each time.
  Position position(std::size_t offset) const {
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    auto line = static_cast<std::size_t>(it - line_starts_.begin());
    std::size_t start = line_starts_[line - 1];
    if (start == 0 && text_.starts_with("\xEF\xBB\xBF") && offset >= 3) start = 3;
    return Position{static_cast<int>(line),
                    static_cast<int>(characters_before(offset) - characters_before(start)) + 1};
  }

  // The number of characters in text_[0, offset).
  std::size_t characters_before(std::size_t offset) const {
    offset = std::min(offset, text_.size());
    const std::size_t block = offset / kBlock;
    if (block >= block_characters_.size()) return count_characters(text_.substr(0, offset));
    return block_characters_[block] +
           count_characters(text_.substr(block * kBlock, offset - block * kBlock));
  }

 private:
  enum class State { Value, KeyOrClose, ValueOrClose, CommaOrClose };

  [[noreturn]] void fail(std::size_t offset, std::string message) const {
    throw Failure{offset, std::move(message)};
  }

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }

  void skip_space() {
    while (!at_end()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
        std::size_t nl = text_.find('\n', pos_);
        pos_ = nl == std::string_view::npos ? text_.size() : nl + 1;
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
        std::size_t close = text_.find("*/", pos_ + 2);
        if (close == std::string_view::npos) fail(pos_, "unterminated comment: missing '*/'");
        pos_ = close + 2;
      } else if (c == '/') {
        fail(pos_, "unexpected '/': comments start with '//' or '/*'");
      } else {
        return;
      }
    }
  }

  void parse_document() {
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
    skip_space();
    if (at_end()) fail(pos_, "empty file: expected a JSON object");
    State state = State::Value;
    bool done = false;
    while (!done) {
      skip_space();
      switch (state) {
        case State::Value:
          done = parse_value(state);
          break;
        case State::KeyOrClose:
          if (peek() == '}') {
            ++pos_;
            done = close_container(state);
          } else {
            parse_key();
            state = State::Value;
          }
          break;
        case State::ValueOrClose:
          if (peek() == ']') {
            ++pos_;
            done = close_container(state);
          } else {
            state = State::Value;
          }
          break;
        case State::CommaOrClose:
          done = after_member(state);
          break;
      }
    }
    skip_space();
    if (!at_end()) fail(pos_, "unexpected text after the end of the document");
  }

  // Parses one value or opens a container. Returns true when the document is complete.
  bool parse_value(State& state) {
    if (at_end()) fail(pos_, "unexpected end of file: expected a value");
    std::size_t begin = pos_;
    char c = text_[pos_];
    if (c == '{' || c == '[') {
      if (stack_.size() >= kMaxDepth) fail(pos_, "nesting too deep");
      Frame frame;
      frame.is_object = c == '{';
      frame.value = frame.is_object ? nlohmann::json::object() : nlohmann::json::array();
      frame.pointer = current_pointer();
      frame.begin = begin;
      stack_.push_back(std::move(frame));
      ++pos_;
      state = c == '{' ? State::KeyOrClose : State::ValueOrClose;
      return false;
    }
    nlohmann::json value;
    if (c == '"') {
      value = parse_string();
    } else if (c == '-' || is_digit(c)) {
      value = parse_number();
    } else if (is_word_char(c)) {
      std::size_t end = pos_;
      while (end < text_.size() && is_word_char(text_[end])) ++end;
      std::string_view word = text_.substr(pos_, end - pos_);
      if (word == "true") {
        value = true;
      } else if (word == "false") {
        value = false;
      } else if (word == "null") {
        value = nullptr;
      } else {
        fail(pos_, "unexpected '" + std::string(word) + "': strings must be in double quotes");
      }
      pos_ = end;
    } else if (c == '\'') {
      fail(pos_, "strings must use double quotes, not single quotes");
    } else if (c == ',' || c == '}' || c == ']' || c == ':') {
      fail(pos_, std::string("expected a value before '") + c + "'");
    } else {
      fail(pos_, "expected a value");
    }
    return complete_value(std::move(value), begin, state);
  }

  std::string current_pointer() const {
    if (stack_.empty()) return "";
    const Frame& top = stack_.back();
    return top.is_object ? pointer_append(top.pointer, top.key)
                         : pointer_append(top.pointer, top.next_index);
  }

  bool complete_value(nlohmann::json value, std::size_t begin, State& state) {
    std::string pointer = current_pointer();
    doc_.values[pointer] = Location{position(begin), begin, pos_};
    if (stack_.empty()) {
      doc_.value = std::move(value);
      return true;
    }
    Frame& top = stack_.back();
    if (top.is_object) {
      top.value[top.key] = std::move(value);
    } else {
      top.value.push_back(std::move(value));
      ++top.next_index;
    }
    state = State::CommaOrClose;
    return false;
  }

  bool close_container(State& state) {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    // The container's location is recorded by complete_value under its parent's pointer.
    return complete_value(std::move(frame.value), frame.begin, state);
  }

  void parse_key() {
    if (at_end()) fail(pos_, "unexpected end of file: expected '}'");
    if (peek() != '"') {
      if (peek() == '\'') fail(pos_, "object keys must use double quotes, not single quotes");
      if (is_word_char(peek())) fail(pos_, "object keys must be in double quotes");
      fail(pos_, "expected a member name in double quotes or '}'");
    }
    std::size_t begin = pos_;
    std::string key = parse_string();
    Frame& top = stack_.back();
    if (auto it = top.key_offsets.find(key); it != top.key_offsets.end()) {
      Position first = position(it->second);
      fail(begin, "duplicate key '" + key + "' (first at line " + std::to_string(first.line) +
                      ", column " + std::to_string(first.column) + ")");
    }
    top.key_offsets.emplace(key, begin);
    top.key = key;
    doc_.keys[pointer_append(top.pointer, key)] = position(begin);
    skip_space();
    if (peek() != ':') fail(pos_, "expected ':' after member name '" + key + "'");
    ++pos_;
  }

  bool after_member(State& state) {
    Frame& top = stack_.back();
    char close = top.is_object ? '}' : ']';
    char c = peek();
    if (c == ',') {
      ++pos_;
      // A trailing comma is accepted: the next state still allows the closing bracket.
      state = top.is_object ? State::KeyOrClose : State::ValueOrClose;
      return false;
    }
    if (c == close) {
      ++pos_;
      return close_container(state);
    }
    if (at_end()) {
      Position open = position(top.begin);
      fail(pos_, std::string("unexpected end of file: '") + (top.is_object ? '{' : '[') +
                     "' at line " + std::to_string(open.line) + ", column " +
                     std::to_string(open.column) + " is not closed");
    }
    fail(pos_, top.is_object ? "expected ',' or '}' after object member"
                             : "expected ',' or ']' after array element");
  }

  std::string parse_string() {
    std::size_t open = pos_;
    ++pos_;
    std::string out;
    while (true) {
      if (at_end() || text_[pos_] == '\n' || text_[pos_] == '\r')
        fail(open, "unterminated string: missing closing '\"' on the same line");
      char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c == '\\') {
        parse_escape(out);
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x20)
        fail(pos_, "control character in string: write it as an escape such as \\t");
      std::size_t n = utf8_sequence_length(text_, pos_);
      if (n == 0) fail(pos_, "invalid UTF-8 in string");
      out.append(text_.substr(pos_, n));
      pos_ += n;
    }
  }

  void parse_escape(std::string& out) {
    std::size_t backslash = pos_;
    if (pos_ + 1 >= text_.size()) fail(backslash, "unterminated string");
    char e = text_[pos_ + 1];
    pos_ += 2;
    switch (e) {
      case '"':
        out += '"';
        return;
      case '\\':
        out += '\\';
        return;
      case '/':
        out += '/';
        return;
      case 'b':
        out += '\b';
        return;
      case 'f':
        out += '\f';
        return;
      case 'n':
        out += '\n';
        return;
      case 'r':
        out += '\r';
        return;
      case 't':
        out += '\t';
        return;
      case 'u':
        break;
      default:
        fail(backslash, std::string("invalid escape '\\") + e + "' in string");
    }
    std::uint32_t cp = read_hex4(backslash);
    if (cp >= 0xDC00 && cp <= 0xDFFF) fail(backslash, "unpaired surrogate in \\u escape");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (text_.substr(pos_, 2) != "\\u") fail(backslash, "unpaired surrogate in \\u escape");
      pos_ += 2;
      std::uint32_t low = read_hex4(backslash);
      if (low < 0xDC00 || low > 0xDFFF) fail(backslash, "unpaired surrogate in \\u escape");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, cp);
  }

  std::uint32_t read_hex4(std::size_t escape_begin) {
    std::uint32_t cp = 0;
    for (int i = 0; i < 4; ++i) {
      int h = pos_ < text_.size() ? hex_value(text_[pos_]) : -1;
      if (h < 0) fail(escape_begin, "invalid \\u escape: expected four hex digits");
      cp = cp * 16 + static_cast<std::uint32_t>(h);
      ++pos_;
    }
    return cp;
  }

  nlohmann::json parse_number() {
    std::size_t begin = pos_;
    std::size_t i = pos_;
    auto digits = [&] {
      std::size_t start = i;
      while (i < text_.size() && is_digit(text_[i])) ++i;
      return i > start;
    };
    if (text_[i] == '-') ++i;
    if (i < text_.size() && text_[i] == '0') {
      ++i;
    } else if (!digits()) {
      fail(begin, "invalid number");
    }
    bool integral = true;
    if (i < text_.size() && text_[i] == '.') {
      ++i;
      integral = false;
      if (!digits()) fail(begin, "invalid number: expected digits after '.'");
    }
    if (i < text_.size() && (text_[i] == 'e' || text_[i] == 'E')) {
      ++i;
      integral = false;
      if (i < text_.size() && (text_[i] == '+' || text_[i] == '-')) ++i;
      if (!digits()) fail(begin, "invalid number: expected digits in the exponent");
    }
    if (i < text_.size() && (is_word_char(text_[i]) || text_[i] == '.'))
      fail(begin, "invalid number");
    const char* first = text_.data() + begin;
    const char* last = text_.data() + i;
    pos_ = i;
    if (integral) {
      std::int64_t n = 0;
      auto [ptr, ec] = std::from_chars(first, last, n);
      if (ec == std::errc() && ptr == last) return n;
    }
    // strtod rather than from_chars: libc++ (the fuzz build) has no floating-point
    // from_chars. The syntax was checked above, and the daemon never changes LC_NUMERIC.
    const std::string number(first, last);
    errno = 0;
    char* end = nullptr;
    const double d = std::strtod(number.c_str(), &end);
    if (errno == ERANGE || end != number.c_str() + number.size())
      fail(begin, "number out of range");
    return d;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::vector<std::size_t> line_starts_;
  // Characters before each kBlock-byte block of the text, for position().
  static constexpr std::size_t kBlock = 256;
  std::vector<std::size_t> block_characters_;
  std::vector<Frame> stack_;
  JsoncDocument doc_;
};

}  // namespace

std::string pointer_append(std::string_view parent, std::string_view token) {
  std::string out(parent);
  out += '/';
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string pointer_append(std::string_view parent, std::size_t index) {
  return std::string(parent) + "/" + std::to_string(index);
}

std::expected<JsoncDocument, JsoncSyntaxError> parse_jsonc(std::string_view text) {
  return Parser(text).run();
}

}  // namespace headlined::config
