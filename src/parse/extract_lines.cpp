// Recognising the short lines around an article: bylines, sources, dates, editor notes.

#include <array>

#include "extract_internal.hpp"
#include "headlined/parse/date.hpp"
#include "text_util.hpp"

namespace headlined::parse::detail {

namespace {

constexpr std::size_t kShortLine = 80;

bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}

bool is_opening_bracket(char32_t cp) {
  return cp == U'《' || cp == U'【' || cp == U'「' || cp == U'“' || cp == U'"' || cp == U'(' ||
         cp == U'（' || cp == U'[' || cp == U'\'';
}

}  // namespace

bool is_byline_line(std::string_view line) {
  if (visible_length(line) > 60) return false;
  static constexpr std::array<std::string_view, 8> kPrefixes = {
      "□", "■", "本报记者", "记者", "作者：", "作者:", "文／", "文/"};
  for (std::string_view p : kPrefixes)
    if (starts_with(line, p)) return line.find("。") == std::string_view::npos;
  // "By Jane Doe", not "By the end of the day, ..."
  return starts_with(line, "By ") && line.size() > 3 && is_upper(line[3]);
}

std::string attribution_in(std::string_view line) {
  struct Marker {
    std::string_view text;
    bool stops_at_space;  // Chinese names end at a space; English ones may contain spaces
  };
  static constexpr std::array<Marker, 7> kMarkers = {{{"本文转自:", true},
                                                      {"本文转自：", true},
                                                      {"转自：", true},
                                                      {"转自:", true},
                                                      {"来源：", true},
                                                      {"来源:", true},
                                                      {"Source:", false}}};
  std::size_t best = std::string_view::npos;
  const Marker* marker = nullptr;
  for (const Marker& m : kMarkers) {
    std::size_t at = line.find(m.text);
    if (at < best) {
      best = at;
      marker = &m;
    }
  }
  if (!marker) return "";
  std::string_view rest = line.substr(best + marker->text.size());
  std::size_t pos = 0;
  std::string value;
  bool started = false;
  std::size_t count = 0;
  while (pos < rest.size() && count < 40) {
    std::size_t start = pos;
    char32_t cp = next_code_point(rest, pos);
    if (!started && (is_space(cp) || is_opening_bracket(cp))) continue;
    started = true;
    if (is_space(cp) ? marker->stops_at_space
                     : (is_punctuation(cp) && cp != '&' && cp != '\'' && cp != '-' && cp != '.'))
      break;
    value.append(rest.substr(start, pos - start));
    ++count;
  }
  value = trim(value);
  while (!value.empty() && value.back() == '.') value.pop_back();
  return value;
}

bool is_labelled_date_line(std::string_view line) {
  if (visible_length(line) > kShortLine || parse_date(line).empty()) return false;
  static constexpr std::array<std::string_view, 10> kLabels = {"发布时间", "发布日期",  "发表时间",
                                                               "时间：",   "时间:",     "日期：",
                                                               "日期:",    "Published", "Posted",
                                                               "Updated"};
  for (std::string_view label : kLabels)
    if (line.find(label) != std::string_view::npos) return true;
  return false;
}

bool is_date_line(std::string_view line) {
  if (is_labelled_date_line(line)) return true;
  // A bare date, perhaps with a weekday or a short label.
  return visible_length(line) <= 30 && !parse_date(line).empty();
}

bool is_editor_line(std::string_view line) {
  if (visible_length(line) > 40) return false;
  static constexpr std::array<std::string_view, 6> kPrefixes = {
      "责任编辑", "编辑：", "编辑:", "(责任编辑", "（责任编辑", "【责任编辑"};
  for (std::string_view p : kPrefixes)
    if (starts_with(line, p)) return true;
  return false;
}

}  // namespace headlined::parse::detail
