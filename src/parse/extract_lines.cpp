// Recognising the short lines around an article: bylines, sources, dates, editor notes.

#include <algorithm>
#include <array>
#include <cctype>

#include "extract_internal.hpp"
#include "headlined/parse/date.hpp"
#include "headlined/parse/extract.hpp"
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
  if (visible_length_exceeds(line, 60) || is_caption_line(line)) return false;
  static constexpr std::array<std::string_view, 10> kPrefixes = {
      "□", "■", "本报记者", "记者", "作者：", "作者:", "文／", "文/", "原创：", "原创:"};
  for (std::string_view p : kPrefixes) {
    if (!starts_with(line, p)) continue;
    if (line.find("。") != std::string_view::npos) return false;
    // A square alone is a bullet before a heading ("■ 栏目"); a byline names a role after it.
    if (p == "□" || p == "■")
      return line.find("记者") != std::string_view::npos ||
             line.find("作者") != std::string_view::npos ||
             line.find("通讯员") != std::string_view::npos ||
             line.find("文") != std::string_view::npos;
    return true;
  }
  // "新京报记者 陆一夫", "澎湃新闻记者 段彦超 廖艳": an outlet's reporter line, no prose.
  if (!visible_length_exceeds(line, 30) && line.find("记者 ") != std::string_view::npos &&
      line.find("，") == std::string_view::npos && line.find("。") == std::string_view::npos)
    return true;
  // "By Jane Doe", not "By the end of the day, ..."
  return starts_with(line, "By ") && line.size() > 3 && is_upper(line[3]);
}

std::string parenthesised_reporter(std::string_view line) {
  // "新京报讯（记者 陆一夫）11月25日，..." -> "记者 陆一夫"
  std::size_t open = line.find("（记者");
  std::size_t open_len = std::string_view("（").size();
  if (open == std::string_view::npos) {
    open = line.find("(记者");
    open_len = 1;
  }
  if (open == std::string_view::npos || open > 40) return "";
  std::size_t close = line.find_first_of(")", open);
  std::size_t wide_close = line.find("）", open);
  close = std::min(close, wide_close);
  if (close == std::string_view::npos || close - open > 60) return "";
  return trim(line.substr(open + open_len, close - open - open_len));
}

std::string closing_credit(std::string_view line) {
  // "…举行。（张巨峰）", "…iPhone。(李楠)", "…需要。(文/图 刘玺东 易赛楠)"
  std::string_view closer = line.ends_with(")") ? ")" : line.ends_with("）") ? "）" : "";
  if (closer.empty()) return "";
  std::size_t open = line.rfind(closer == ")" ? "(" : "（");
  if (open == std::string_view::npos) return "";
  std::string_view before = line.substr(0, open);
  bool after_sentence = false;
  for (std::string_view end : {"。", "！", "？", "”", "."})
    if (before.ends_with(end)) after_sentence = true;
  if (!after_sentence || visible_length(before) < 20) return "";
  std::size_t inner_start = open + (closer == ")" ? 1 : std::string_view("（").size());
  std::string inner(line.substr(inner_start, line.size() - closer.size() - inner_start));
  for (std::string_view role : {"文/图", "文／图", "文图", "文/", "文／", "图/", "记者", "通讯员"})
    if (starts_with(inner, role)) inner = trim(std::string_view(inner).substr(role.size()));
  // Personal names: one to four of two or three Han characters, none an outlet ("新华社").
  std::size_t names = 0;
  std::size_t pos = 0;
  std::string name;
  auto close_name = [&] {
    std::size_t len = visible_length(name);
    bool ok = len >= 2 && len <= 3 && !is_outlet_name(name);
    name.clear();
    ++names;
    return ok;
  };
  while (pos < inner.size()) {
    std::size_t start = pos;
    char32_t cp = next_code_point(inner, pos);
    if (is_space(cp) || cp == U'、') {
      if (!name.empty() && !close_name()) return "";
      continue;
    }
    if (!is_cjk(cp) || is_punctuation(cp)) return "";
    name.append(inner, start, pos - start);
  }
  if (name.empty() || !close_name() || names > 4) return "";
  return collapse_whitespace(inner);
}

std::string labelled_author(std::string_view line) {
  if (visible_length_exceeds(line, 80)) return "";
  std::size_t at = line.find("作者");
  if (at == std::string_view::npos) return "";
  std::string_view rest = line.substr(at + std::string_view("作者").size());
  // A label starts a word ("| 作者魏星") or ends at a colon or space ("本文作者：李在山");
  // "原作者女儿：…" in a headline is prose about an original author.
  bool starts_word = at == 0;
  if (!starts_word) {
    std::size_t pos = 0;
    char32_t before = 0;
    while (pos < at) before = next_code_point(line, pos);
    starts_word = is_space(before) || is_punctuation(before);
  }
  bool ends_at_separator = false;
  if (std::size_t pos = 0; !rest.empty()) {
    char32_t after = next_code_point(rest, pos);
    ends_at_separator = is_space(after) || after == U'：' || after == ':';
  }
  if (!starts_word && !ends_at_separator) return "";
  std::string name;
  std::size_t pos = 0;
  while (pos < rest.size()) {
    std::size_t start = pos;
    char32_t cp = next_code_point(rest, pos);
    bool separator = is_space(cp) || cp == U'：' || cp == ':';
    if (name.empty() && separator) continue;
    if (separator || cp == '|' || cp == U'｜' || (is_punctuation(cp) && cp != '.')) break;
    name.append(rest.substr(start, pos - start));
  }
  // The next label of a meta line with no space before it: "作者：某某时间：2019-10-31".
  for (std::string_view next : {"时间", "日期", "来源", "编辑", "发布", "审核", "摄影"})
    if (std::size_t at = name.find(next); at != std::string::npos && at > 0) name.resize(at);
  std::size_t len = visible_length(name);
  if (len < 2 || len > 20 || name == "未知" || name == "佚名") return "";
  // "作者最新文章", "作者简介": a heading about the author, not a name.
  for (std::string_view word : {"最新", "简介", "介绍", "其他", "更多", "信息", "专栏", "文章"})
    if (starts_with(name, word)) return "";
  return name;
}

std::string outlet_after_date(std::string_view line) {
  std::size_t pos = 0;
  std::size_t rest = 0;
  while (pos < line.size()) {
    std::size_t start = pos;
    char32_t cp = next_code_point(line, pos);
    bool date_char = (cp >= '0' && cp <= '9') || cp == '-' || cp == '/' || cp == ':' || cp == '.' ||
                     is_space(cp) || cp == U'年' || cp == U'月' || cp == U'日';
    if (!date_char) {
      rest = start;
      break;
    }
    rest = pos;
  }
  std::string name;
  pos = rest;
  while (pos < line.size()) {
    std::size_t start = pos;
    char32_t cp = next_code_point(line, pos);
    if (is_space(cp) || cp == '[' || cp == U'【' || cp == '|' || cp == U'｜' ||
        (is_punctuation(cp) && cp != '-'))
      break;
    name.append(line.substr(start, pos - start));
  }
  std::size_t len = visible_length(name);
  return len >= 2 && len <= 20 ? name : "";
}

namespace {

// One word: no spaces, digits or punctuation (a hyphen or a middle dot may join its parts).
bool is_single_word(std::string_view name) {
  std::size_t pos = 0;
  while (pos < name.size()) {
    char32_t cp = next_code_point(name, pos);
    if (is_space(cp) || (cp >= '0' && cp <= '9') || (is_punctuation(cp) && cp != '-' && cp != U'·'))
      return false;
  }
  return !name.empty();
}

}  // namespace

std::vector<std::string> split_at_slashes(std::string_view text) {
  std::vector<std::string> parts;
  std::size_t pos = 0;
  for (;;) {
    std::size_t slash = std::min(text.find('/', pos), text.find("／", pos));
    parts.push_back(trim(
        text.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos)));
    if (slash == std::string_view::npos) break;
    pos = slash + (text[slash] == '/' ? 1 : std::string_view("／").size());
  }
  return parts;
}

bool is_outlet_name(std::string_view name) {
  std::size_t len = visible_length(name);
  if (len < 2 || len > 16 || !is_single_word(name)) return false;
  // News agencies, papers, sites, broadcasters, periodicals.
  for (std::string_view end : {"社", "报", "网", "新闻", "台", "刊", "杂志"})
    if (name.ends_with(end)) return true;
  return false;
}

std::string name_before_date(std::string_view line) {
  if (visible_length_exceeds(line, 40)) return "";
  std::size_t digit = line.find_first_of("0123456789");
  if (digit == std::string_view::npos || digit == 0) return "";
  if (parse_date(line.substr(digit, 24)).size() < 16) return "";  // a date with its time
  std::string name = trim(line.substr(0, digit));
  // "原创" marks the piece as the account's own, it is not part of the name.
  for (std::string_view mark : {"原创", "原創"})
    if (starts_with(name, mark)) name = trim(std::string_view(name).substr(mark.size()));
  std::size_t len = visible_length(name);
  if (len < 2 || len > 20 || !is_single_word(name)) return "";
  // Chinese account names; a Latin word there is a label ("Published", "Posted", "Monday").
  bool chinese = false;
  for (std::size_t pos = 0; pos < name.size() && !chinese;)
    chinese = is_cjk(next_code_point(name, pos));
  if (!chinese) return "";
  // A label or a weekday before the date, not a name.
  for (std::string_view word : {"时间", "日期", "发布", "发表", "更新", "星期", "今天", "昨天"})
    if (name.find(word) != std::string::npos) return "";
  return name;
}

std::vector<std::string> source_line_under_headline(const std::vector<Line>& lines,
                                                    const std::string& title) {
  std::size_t title_line = find_title_line(lines, title);
  // Only the lines between the headline and its dateline, a few at most.
  std::size_t end = title_line;
  for (std::size_t i = title_line + 1; i < lines.size() && i <= title_line + 4; ++i)
    if (is_date_line(lines[i].text) || starts_with_date(lines[i].text)) {
      end = i;
      break;
    }
  for (std::size_t i = title_line + 1; i < end; ++i) {
    const std::string& text = lines[i].text;
    if (visible_length_exceeds(text, 30)) continue;
    std::vector<std::string> parts = split_at_slashes(text);
    if (!is_outlet_name(parts.back())) continue;
    // The writers before the outlet are short names.
    bool names = true;
    for (std::size_t k = 0; k + 1 < parts.size(); ++k) {
      std::size_t len = visible_length(parts[k]);
      names = names && len >= 2 && len <= 8 && is_single_word(parts[k]);
    }
    if (names) return parts;
  }
  return {};
}

bool is_caption_line(std::string_view line) {
  if (visible_length_exceeds(line, 80)) return false;
  std::string t = trim(line);
  for (std::string_view end :
       {"截图", "截图）", "截图)", "截图。", "摄", "供图", "资料图", "图片来源"})
    if (t.size() >= end.size() && t.compare(t.size() - end.size(), end.size(), end) == 0)
      return true;
  for (std::string_view start : {"图片来源", "图/", "图：", "▲"})
    if (starts_with(t, start)) return true;
  return false;
}

bool is_disclaimer_line(std::string_view line) {
  std::string_view t = line;
  for (std::string_view bracket : {"【", "［", "[", "（", "("})
    if (starts_with(t, bracket)) t.remove_prefix(bracket.size());
  for (std::string_view label : {"免责声明", "版权声明", "声明：", "声明:"})
    if (starts_with(t, label)) return true;
  return false;
}

bool is_credits_line(std::string_view line) {
  if (visible_length_exceeds(line, 40)) return false;
  std::size_t roles = 0;
  for (std::string_view role : {"供稿", "摄影/", "摄影：", "编辑/", "编辑：", "审核/", "审核："})
    if (line.find(role) != std::string_view::npos) ++roles;
  // Two roles credited: a credits line, not a sentence that mentions an editor.
  return roles >= 2;
}

bool is_original_title_line(std::string_view line) {
  for (std::string_view p : {"原标题：", "原标题:", "（原标题", "(原标题", "（原题为", "(原题为"})
    if (starts_with(line, p)) return !visible_length_exceeds(line, 120);
  return false;
}

std::string attribution_in(std::string_view line) {
  struct Marker {
    std::string_view text;
    bool stops_at_space;  // Chinese names end at a space; English ones may contain spaces
  };
  static constexpr std::array<Marker, 11> kMarkers = {{{"本文转自:", true},
                                                       {"本文转自：", true},
                                                       {"转自：", true},
                                                       {"转自:", true},
                                                       {"来源于：", true},
                                                       {"来源于:", true},
                                                       {"本文来源：", true},
                                                       {"来源：", true},
                                                       {"来源:", true},
                                                       {"来源", true},
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
  // A bare "来源" must be followed by a space or a Latin name ("来源 新华社", "来源CSDN"),
  // else it is a word of the prose.
  if (marker->text == "来源" &&
      (rest.empty() || (rest[0] != ' ' && !starts_with(rest, "\xE3\x80\x80") &&
                        !std::isalnum(static_cast<unsigned char>(rest[0])))))
    return "";
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
  // The next label on the same line ends the name: "来源：证券时报网作者：李在山".
  for (std::string_view next : {"作者", "编辑", "责任编辑", "记者", "发布", "时间", "原标题"})
    if (std::size_t at = value.find(next); at != std::string::npos && at > 0) value.resize(at);
  value = trim(value);
  while (!value.empty() && value.back() == '.') value.pop_back();
  return value;
}

bool is_labelled_date_line(std::string_view line) {
  if (is_update_line(line)) return false;
  if (visible_length_exceeds(line, kShortLine) || parse_date(line).empty()) return false;
  static constexpr std::array<std::string_view, 10> kLabels = {
      "发布时间", "发布日期", "发表时间", "发表于",    "时间：",
      "时间:",    "日期：",   "日期:",    "Published", "Posted"};
  for (std::string_view label : kLabels)
    if (line.find(label) != std::string_view::npos) return true;
  return false;
}

bool is_update_line(std::string_view line) {
  for (std::string_view word : {"更新", "修改", "Updated", "updated", "Modified", "modified"})
    if (line.find(word) != std::string_view::npos) return true;
  return false;
}

bool starts_with_date(std::string_view line) {
  if (visible_length_exceeds(line, kShortLine) || line.empty() || line[0] < '0' || line[0] > '9')
    return false;
  std::string d = parse_date(line.substr(0, 24));
  return d.size() >= 16;  // a date with a time, at the very start: a dateline
}

bool is_date_line(std::string_view line) {
  if (is_update_line(line)) return false;
  if (is_labelled_date_line(line)) return true;
  // A bare date, perhaps with a weekday or a short label.
  return !visible_length_exceeds(line, 30) && !parse_date(line).empty();
}

bool is_editor_line(std::string_view line) {
  if (visible_length_exceeds(line, 40)) return false;
  std::string_view t = line;
  for (std::string_view bracket : {"【", "（", "(", "["})
    if (starts_with(t, bracket)) t.remove_prefix(bracket.size());
  static constexpr std::array<std::string_view, 6> kPrefixes = {
      "责任编辑", "编辑：", "编辑:", "编辑 ", "校对", "本文编辑"};
  for (std::string_view p : kPrefixes)
    if (starts_with(t, p)) return true;
  return false;
}

}  // namespace headlined::parse::detail

namespace headlined::parse {

std::string byline_names(std::string_view byline) {
  std::string text = detail::trim(byline);
  // "原创： 路闻卓立编译 人民币交易与研究": the writer, then the account that posted it.
  for (std::string_view mark : {"原创：", "原创:"})
    if (detail::starts_with(text, mark)) {
      text = detail::trim(std::string_view(text).substr(mark.size()));
      if (std::size_t space = text.find(' '); space != std::string::npos) text.resize(space);
    }
  // What follows a second label is not the author: "作者：x 责任编辑：y", "IT之家 发布时间：…".
  for (std::string_view stop :
       {"责任编辑", "编辑：", "编辑:", "发布时间", "发布日期", "发表于", "来源", "|", "｜"})
    if (std::size_t at = text.find(stop); at != std::string::npos) text.resize(at);
  if (detail::starts_with(text, "By ")) text.erase(0, 3);
  // "新京报记者 陆一夫": the names follow the (first) reporter word.
  if (std::size_t at = text.find("记者"); at != std::string::npos && at > 0) text.erase(0, at);
  // Role words and marks around the names become spaces.
  static constexpr std::array<std::string_view, 22> kRoles = {
      "□",        "■",    "作者：", "作者:", "作者",   "本报记者", "特约记者", "见习记者",
      "实习记者", "记者", "通讯员", "文／",  "文/",    "文：",     "（",       "）",
      "(",        ")",    "整合",   "编译",  "采写：", "采写:"};
  std::string names;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t matched = 0;
    for (std::string_view role : kRoles)
      if (std::string_view(text).substr(i, role.size()) == role) {
        matched = role.size();
        break;
      }
    if (matched) {
      names += ' ';
      i += matched;
    } else {
      names += text[i++];
    }
  }
  text = std::move(names);
  // "石佳/中国青年报": the outlet after a slash is the source, not a writer.
  if (text.find('/') != std::string::npos || text.find("／") != std::string::npos) {
    std::string kept;
    for (const std::string& part : detail::split_at_slashes(text))
      if (!detail::is_outlet_name(part)) kept += part + " ";
    text = std::move(kept);
  }
  text = detail::collapse_whitespace(text);
  if (text == "未知" || text == "佚名" || text == "Unknown") return "";
  return text;
}

}  // namespace headlined::parse
