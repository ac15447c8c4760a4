#include "preset_urls.hpp"

#include <vector>

#include "headlined/core/url.hpp"

namespace headlined::config {

namespace {

// The value of query parameter `name` ("" when absent).
std::string query_value(const std::string& query, std::string_view name) {
  std::size_t at = 0;
  while (at <= query.size()) {
    std::size_t end = query.find('&', at);
    if (end == std::string::npos) end = query.size();
    std::string_view pair(query.data() + at, end - at);
    if (pair.starts_with(name) && pair.size() > name.size() && pair[name.size()] == '=')
      return std::string(pair.substr(name.size() + 1));
    at = end + 1;
  }
  return "";
}

// The non-empty path segments after `marker` ("/hook/" → the segments that follow it).
std::vector<std::string> segments_after(const std::string& path, std::string_view marker) {
  std::vector<std::string> out;
  std::size_t at = path.find(marker);
  if (at == std::string::npos) return out;
  at += marker.size();
  while (at < path.size()) {
    std::size_t end = path.find('/', at);
    if (end == std::string::npos) end = path.size();
    if (end > at) out.push_back(path.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

}  // namespace

std::optional<std::string> missing_url_credential(std::string_view preset, const std::string& url) {
  auto parsed = Url::parse(url);
  if (!parsed) return std::nullopt;  // reported as a bad URL already
  if (preset == "dingtalk" && query_value(parsed->query, "access_token").empty())
    return "the URL has no access_token: copy the robot's whole webhook address "
           "(https://oapi.dingtalk.com/robot/send?access_token=…)";
  if (preset == "wecom" && query_value(parsed->query, "key").empty())
    return "the URL has no key: copy the robot's whole webhook address "
           "(https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…)";
  if (preset == "feishu" && segments_after(parsed->path, "/hook/").empty())
    return "the URL has no token after /hook/: copy the bot's whole webhook address "
           "(https://open.feishu.cn/open-apis/bot/v2/hook/…)";
  if (preset == "slack" && segments_after(parsed->path, "/services/").size() < 3)
    return "the URL lacks its token: a Slack incoming webhook is "
           "https://hooks.slack.com/services/T…/B…/… (three parts after /services/)";
  if (preset == "discord" && segments_after(parsed->path, "/webhooks/").size() < 2)
    return "the URL lacks its token: a Discord webhook is "
           "https://discord.com/api/webhooks/ID/TOKEN";
  return std::nullopt;
}

}  // namespace headlined::config
