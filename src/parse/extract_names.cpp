// Whether a text found where a page names its author can be a name at all.

#include <array>

#include "extract_internal.hpp"
#include "headlined/parse/date.hpp"
#include "text_util.hpp"

namespace headlined::parse::detail {

bool is_plausible_author(std::string_view name) {
  std::size_t length = visible_length(name);
  if (length < 2 || length > 100) return false;
  // Attribute values, ids and addresses: "js_author_reward", "a@b.c", "{{name}}".
  for (std::string_view mark : {"=", "{", "}", "<", ">", "://", "@", "#"})
    if (name.find(mark) != std::string_view::npos) return false;
  // Words a page prints where the name would be that are not one: labels, buttons,
  // placeholders for "no author" ("网络整理": gathered from the web).
  static constexpr std::array<std::string_view, 31> kNotNames = {
      "作者", "来源",   "编辑",       "责任编辑", "记者",  "赞赏",      "关注",   "分享",
      "收藏", "评论",   "点赞",       "举报",     "阅读",  "全部",      "更多",   "网络整理",
      "网络", "整理",   "责任",       "本站",     "综合",  "匿名",      "佚名",   "未知",
      "小编", "管理员", "系统管理员", "admin",    "Admin", "Anonymous", "Unknown"};
  for (std::string_view word : kNotNames)
    if (name == word) return false;
  if (name.ends_with("：") || name.ends_with(":")) return false;  // a label
  // A run of punctuation ("……", "】【", "?!") is a fragment of prose or markup, not a name.
  char32_t previous = 0;
  for (std::size_t pos = 0; pos < name.size();) {
    char32_t cp = next_code_point(name, pos);
    bool mark = is_punctuation(cp) && cp != '.' && cp != U'·' && cp != '-' && cp != '\'';
    if (mark && previous) return false;
    previous = mark ? cp : 0;
  }
  // A date or a time where the name should be.
  return parse_date(name).empty();
}

}  // namespace headlined::parse::detail
