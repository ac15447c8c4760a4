#include "charset_label.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace headlined::text::detail {

namespace {

struct Alias {
  std::string_view label;
  std::string_view canonical;
};

// Labels seen in the wild, after the WHATWG Encoding Standard. The readers are supersets: gbk
// and gb2312 are read as gb18030, big5 as Big5-HKSCS, latin1/ascii as windows-1252 (browsers
// do the same, and servers that say latin1 usually send windows-1252 punctuation).
constexpr std::array kAliases = std::to_array<Alias>({
    {"utf8", "utf-8"},
    {"unicode-1-1-utf-8", "utf-8"},
    {"x-unicode20utf8", "utf-8"},
    {"gb2312", "gbk"},
    {"gb_2312", "gbk"},
    {"gb_2312-80", "gbk"},
    {"x-gbk", "gbk"},
    {"cp936", "gbk"},
    {"ms936", "gbk"},
    {"windows-936", "gbk"},
    {"csgb2312", "gbk"},
    {"chinese", "gbk"},
    {"iso-ir-58", "gbk"},
    {"csiso58gb231280", "gbk"},
    {"euc-cn", "gbk"},
    {"big5-hkscs", "big5"},
    {"cn-big5", "big5"},
    {"csbig5", "big5"},
    {"x-x-big5", "big5"},
    {"cp950", "big5"},
    {"shift-jis", "shift_jis"},
    {"sjis", "shift_jis"},
    {"ms_kanji", "shift_jis"},
    {"csshiftjis", "shift_jis"},
    {"windows-31j", "shift_jis"},
    {"x-sjis", "shift_jis"},
    {"cp932", "shift_jis"},
    {"x-euc-jp", "euc-jp"},
    {"csiso2022jp", "iso-2022-jp"},
    {"ks_c_5601-1987", "euc-kr"},
    {"ks_c_5601-1989", "euc-kr"},
    {"windows-949", "euc-kr"},
    {"cp949", "euc-kr"},
    {"ksc5601", "euc-kr"},
    {"korean", "euc-kr"},
    {"iso-8859-1", "windows-1252"},
    {"iso8859-1", "windows-1252"},
    {"latin1", "windows-1252"},
    {"l1", "windows-1252"},
    {"us-ascii", "windows-1252"},
    {"ascii", "windows-1252"},
    {"ansi_x3.4-1968", "windows-1252"},
    {"cp1252", "windows-1252"},
    {"cp819", "windows-1252"},
    {"ibm819", "windows-1252"},
    {"x-cp1252", "windows-1252"},
    {"utf-16", "utf-16le"},
});

struct IconvName {
  std::string_view canonical;
  std::string_view iconv;
};

constexpr std::array kIconvNames = std::to_array<IconvName>({
    {"gbk", "GB18030"},
    {"big5", "BIG5-HKSCS"},
    {"shift_jis", "CP932"},
    {"euc-kr", "CP949"},
    {"windows-1252", "CP1252"},
});

bool is_label_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
         c == ':';
}

}  // namespace

std::string canonical_charset(std::string_view label) {
  constexpr std::string_view kSpace = " \t\r\n\f\"'";
  const auto first = label.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  label = label.substr(first, label.find_last_not_of(kSpace) - first + 1);

  std::string lower(label);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  });
  // Rejecting odd characters keeps iconv suffixes such as "//IGNORE" out of its name.
  if (lower.size() > 40 || !std::all_of(lower.begin(), lower.end(), is_label_char)) return {};
  for (const Alias& a : kAliases) {
    if (a.label == lower) return std::string(a.canonical);
  }
  return lower;
}

std::string iconv_name(std::string_view canonical) {
  for (const IconvName& n : kIconvNames) {
    if (n.canonical == canonical) return std::string(n.iconv);
  }
  std::string upper(canonical);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  });
  return upper;
}

std::string bom_charset(std::string_view bytes, std::size_t& bom_length) {
  // A byte-order mark; UTF-32LE's begins with UTF-16LE's, so the longer one is tried first.
  static constexpr std::pair<std::string_view, std::string_view> kMarks[] = {
      {"\xEF\xBB\xBF", "utf-8"},
      {std::string_view("\xFF\xFE\x00\x00", 4), "utf-32le"},
      {std::string_view("\x00\x00\xFE\xFF", 4), "utf-32be"},
      {"\xFF\xFE", "utf-16le"},
      {"\xFE\xFF", "utf-16be"},
  };
  for (auto [mark, charset] : kMarks)
    if (bytes.starts_with(mark)) {
      bom_length = mark.size();
      return std::string(charset);
    }
  bom_length = 0;
  // No mark: a document starting with "<" in a wide encoding shows it by where the zero
  // bytes fall (XML 1.0, appendix F); no ASCII-compatible text starts with a zero byte.
  static constexpr std::pair<std::string_view, std::string_view> kWideLessThan[] = {
      {std::string_view("\x3C\x00\x00\x00", 4), "utf-32le"},
      {std::string_view("\x00\x00\x00\x3C", 4), "utf-32be"},
      {std::string_view("\x3C\x00", 2), "utf-16le"},
      {std::string_view("\x00\x3C", 2), "utf-16be"},
  };
  for (auto [pattern, charset] : kWideLessThan)
    if (bytes.starts_with(pattern)) return std::string(charset);
  return {};
}

}  // namespace headlined::text::detail
