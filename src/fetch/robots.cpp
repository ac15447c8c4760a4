#include "headlined/fetch/robots.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace headlined::fetch {

namespace {

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "headlined/0.1 (+https://x)" -> "headlined": robots.txt groups name the product token.
std::string product_token(std::string_view user_agent) {
  const std::size_t end = user_agent.find_first_of("/ ;(");
  return lowered(trim(user_agent.substr(0, end)));
}

std::optional<std::chrono::milliseconds> parse_delay(std::string_view value) {
  const std::string text(value);
  char* end = nullptr;
  const double seconds = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !(seconds >= 0) || seconds > 86400) return std::nullopt;
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

}  // namespace

bool robots_pattern_matches(std::string_view pattern, std::string_view path) {
  const bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  // Glob matching with one backtrack point (the last '*'), linear in practice.
  std::size_t p = 0, s = 0;
  std::size_t star = std::string_view::npos, star_s = 0;
  while (true) {
    if (p == pattern.size()) {
      if (!anchored || s == path.size()) return true;
    } else if (pattern[p] == '*') {
      star = p++;
      star_s = s;
      continue;
    } else if (s < path.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
      continue;
    }
    if (star == std::string_view::npos || star_s >= path.size()) return false;
    p = star + 1;
    s = ++star_s;
  }
}

RobotsTxt RobotsTxt::parse(std::string_view text) {
  RobotsTxt robots;
  Group* current = nullptr;
  bool group_has_rules = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string key = lowered(trim(line.substr(0, colon)));
    const std::string_view value = trim(line.substr(colon + 1));
    if (key == "user-agent") {
      // Consecutive User-agent lines share one group; one after rules starts the next.
      if (!current || group_has_rules) {
        robots.groups_.emplace_back();
        current = &robots.groups_.back();
        group_has_rules = false;
      }
      current->agents.push_back(lowered(value));
    } else if (key == "allow" || key == "disallow") {
      if (!current) continue;
      group_has_rules = true;
      if (value.empty()) continue;  // "Disallow:" with nothing allows everything
      current->rules.push_back({std::string(value), key == "allow"});
    } else if (key == "sitemap") {
      // Not part of any group: a site-wide pointer, wherever it stands.
      if (!value.empty()) robots.sitemaps_.emplace_back(value);
    } else if (key == "crawl-delay") {
      if (!current) continue;
      group_has_rules = true;
      current->crawl_delay = parse_delay(value);
    }
  }
  return robots;
}

std::vector<const RobotsTxt::Group*> RobotsTxt::groups_for(std::string_view user_agent) const {
  const std::string token = product_token(user_agent);
  const std::string full = lowered(user_agent);
  std::size_t best = 0;
  std::vector<const Group*> chosen;
  std::vector<const Group*> wildcard;
  for (const Group& group : groups_) {
    for (const std::string& agent : group.agents) {
      if (agent == "*") {
        wildcard.push_back(&group);
        continue;
      }
      const bool names_us = !token.empty() && (agent == token || full.find(agent) == 0 ||
                                               token.find(agent) != std::string::npos);
      if (!names_us || agent.size() < best) continue;
      if (agent.size() > best) chosen.clear();
      best = agent.size();
      chosen.push_back(&group);
    }
  }
  return chosen.empty() ? wildcard : chosen;
}

bool RobotsTxt::allowed(std::string_view user_agent, std::string_view path) const {
  if (path == "/robots.txt") return true;
  std::size_t best_length = 0;
  bool verdict = true;
  bool matched = false;
  for (const Group* group : groups_for(user_agent)) {
    for (const Rule& rule : group->rules) {
      if (!robots_pattern_matches(rule.pattern, path)) continue;
      const std::size_t length = rule.pattern.size();
      if (!matched || length > best_length || (length == best_length && rule.allow)) {
        best_length = length;
        verdict = rule.allow;
        matched = true;
      }
    }
  }
  return verdict;
}

std::optional<std::chrono::milliseconds> RobotsTxt::crawl_delay(std::string_view user_agent) const {
  for (const Group* group : groups_for(user_agent))
    if (group->crawl_delay) return group->crawl_delay;
  return std::nullopt;
}

}  // namespace headlined::fetch
