#include "snippet.hpp"

#include <string.h>

#include <algorithm>

#include "headlined/text/utf8.hpp"
#include "utf8_decode.hpp"

namespace headlined::match {

namespace {

constexpr std::string_view kEllipsis = "…";

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Moves `pos` back over up to `count` code points; returns how many it moved.
std::size_t step_back(std::string_view s, std::size_t& pos, std::size_t count) {
  std::size_t moved = 0;
  while (moved < count && pos > 0) {
    std::size_t lead = pos - 1;
    for (int k = 0; k < 3 && lead > 0 && is_continuation(s[lead]); ++k) --lead;
    pos = lead;
    ++moved;
  }
  return moved;
}

std::size_t step_forward(std::string_view s, std::size_t& pos, std::size_t count) {
  std::size_t moved = 0;
  while (moved < count && pos < s.size()) {
    decode_utf8(s, pos);
    ++moved;
  }
  return moved;
}

// The bytes of a valid UTF-8 sequence, by its lead byte's high nibble (continuation bytes,
// 8 to B, never lead in valid text).
constexpr unsigned char kSequenceLength[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};

// As step_forward, for valid UTF-8: each lead byte says how far the next one is.
std::size_t step_forward_valid(std::string_view s, std::size_t& pos, std::size_t count) {
  std::size_t moved = 0;
  while (moved < count && pos < s.size()) {
    pos += kSequenceLength[static_cast<unsigned char>(s[pos]) >> 4];
    ++moved;
  }
  pos = std::min(pos, s.size());
  return moved;
}

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

}  // namespace

std::string cut_snippet(std::string_view paragraph, std::size_t hit_begin, std::size_t hit_end,
                        std::size_t width, bool valid_utf8) {
  hit_begin = std::min(hit_begin, paragraph.size());
  hit_end = std::clamp(hit_end, hit_begin, paragraph.size());
  auto forward = valid_utf8 ? step_forward_valid : step_forward;
  std::size_t hit_points = 0;
  for (std::size_t pos = hit_begin; pos < hit_end;) hit_points += forward(paragraph, pos, 1);
  const std::size_t room = width > hit_points ? width - hit_points : 0;
  std::size_t first = hit_begin;
  std::size_t before = step_back(paragraph, first, room / 3);
  std::size_t last = hit_end;
  const std::size_t after = forward(paragraph, last, room - before);
  // Short of text after the hit: give the rest of the room to what comes before it.
  if (before + after < room) step_back(paragraph, first, room - before - after);

  // Sized once: appending the three parts one by one reallocated the string twice.
  const bool cut_before = first > 0;
  const bool cut_after = last < paragraph.size();
  std::string out;
  out.reserve(last - first + (cut_before + cut_after) * kEllipsis.size());
  if (cut_before) out += kEllipsis;
  out += paragraph.substr(first, last - first);
  if (cut_after) out += kEllipsis;
  return out;
}

std::string snippet_at(std::string_view original, std::span<const std::uint32_t> origin,
                       std::size_t begin, std::size_t end, bool valid_utf8) {
  if (origin.empty() || begin >= end || end >= origin.size()) return leading_snippet(original);
  const std::size_t hit_begin = origin[begin];
  std::size_t hit_end = origin[end - 1];
  text::next_code_point(original, hit_end);  // past the character the hit's last byte came from
  // memrchr: string_view::rfind steps back a byte at a time through the whole paragraph.
  const void* newline = memrchr(original.data(), '\n', hit_begin);
  std::size_t line_begin =
      newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - original.data()) + 1
              : 0;
  std::size_t line_end = original.find('\n', hit_end);
  if (line_end == std::string_view::npos) line_end = original.size();
  while (line_begin < hit_begin && is_blank(original[line_begin])) ++line_begin;
  while (line_end > hit_end && is_blank(original[line_end - 1])) --line_end;
  const std::string_view line = original.substr(line_begin, line_end - line_begin);
  return cut_snippet(line, hit_begin - line_begin, hit_end - line_begin, kSnippetWidth, valid_utf8);
}

std::string leading_snippet(std::string_view original) {
  std::size_t begin = 0;
  while (begin < original.size()) {
    std::size_t end = original.find('\n', begin);
    if (end == std::string_view::npos) end = original.size();
    std::size_t b = begin;
    std::size_t e = end;
    while (b < e && is_blank(original[b])) ++b;
    while (e > b && is_blank(original[e - 1])) --e;
    if (b < e) return cut_snippet(original.substr(b, e - b), 0, 0);
    begin = end + 1;
  }
  return "";
}

}  // namespace headlined::match
