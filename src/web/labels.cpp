#include "labels.hpp"

namespace headlined::web {

namespace {

constexpr Labels kChinese{
    .html_lang = "zh-CN",
    .latest = "最新快照",
    .all_sources = "全部来源",
    .filter = "筛选",
    .search = "搜索",
    .search_placeholder = "输入关键词",
    .no_snapshots = "暂无快照。",
    .no_results = "没有找到相关快照。",
    .results_for = "搜索结果:",
    .newer = "上一页",
    .older = "下一页",
    .fetched = "快照时间",
    .takedown_link = "申请删除",
    .takedown_title = "申请删除快照",
    .takedown_intro = "如快照侵犯了您的权益,请填写原文地址、联系方式和理由,我们核实后删除。",
    .takedown_url = "原文地址",
    .takedown_contact = "联系方式",
    .takedown_reason = "理由",
    .takedown_submit = "提交",
    .takedown_received = "已收到您的删除申请,我们将尽快处理。",
    .takedown_closed = "本站暂不接受在线删除申请,请通过联系方式与我们联系。",
    .not_found = "没有这个页面。",
    .gone = "该快照已应要求删除。",
    .bad_request = "请求有误:",
    .too_many = "提交过于频繁,请稍后再试。",
    .unavailable = "服务暂时不可用,请稍后再试。",
    .method_not_allowed = "不支持该请求方法。",
    .too_large = "提交内容过长。",
};

constexpr Labels kEnglish{
    .html_lang = "en",
    .latest = "Latest snapshots",
    .all_sources = "All sources",
    .filter = "Filter",
    .search = "Search",
    .search_placeholder = "keywords",
    .no_snapshots = "No snapshots yet.",
    .no_results = "Nothing found.",
    .results_for = "Results for: ",
    .newer = "Newer",
    .older = "Older",
    .fetched = "Snapshot taken",
    .takedown_link = "Request deletion",
    .takedown_title = "Request deletion of a snapshot",
    .takedown_intro =
        "If a snapshot infringes your rights, give its original address, how to "
        "reach you and why; we check and delete it.",
    .takedown_url = "Original address",
    .takedown_contact = "Contact",
    .takedown_reason = "Reason",
    .takedown_submit = "Send",
    .takedown_received = "Your request has been received; we will act on it soon.",
    .takedown_closed = "This site takes no requests online; please use the contact below.",
    .not_found = "No such page.",
    .gone = "This snapshot was deleted on request.",
    .bad_request = "Bad request: ",
    .too_many = "Too many requests; please try again later.",
    .unavailable = "Temporarily unavailable; please try again later.",
    .method_not_allowed = "Method not allowed.",
    .too_large = "The request is too large.",
};

}  // namespace

const Labels& labels_for(std::string_view language) {
  return language == "en" ? kEnglish : kChinese;
}

}  // namespace headlined::web
