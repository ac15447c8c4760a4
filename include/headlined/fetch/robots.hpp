#pragma once
// robots.txt as a crawler reads it: the group for our user agent (else "*"), its Allow and
// Disallow rules (longest match wins, Allow on a tie; "*" and a final "$" understood), and its
// Crawl-delay.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace headlined::fetch {

class RobotsTxt {
 public:
  // Never fails: lines it does not understand are ignored, as crawlers do.
  static RobotsTxt parse(std::string_view text);

  // `user_agent` is our full User-Agent header; its product token ("headlined" in
  // "headlined/0.1 (+https://...)") picks the group. `path` is the URL's path and query.
  bool allowed(std::string_view user_agent, std::string_view path) const;
  std::optional<std::chrono::milliseconds> crawl_delay(std::string_view user_agent) const;
  // The "Sitemap:" lines, in order, as written (feed discovery falls back to them).
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }

 private:
  struct Rule {
    std::string pattern;
    bool allow = false;
  };
  struct Group {
    std::vector<std::string> agents;  // lower case
    std::vector<Rule> rules;
    std::optional<std::chrono::milliseconds> crawl_delay;
  };
  // The groups naming our agent most specifically, else those for "*"; empty = no rules.
  std::vector<const Group*> groups_for(std::string_view user_agent) const;

  std::vector<Group> groups_;
  std::vector<std::string> sitemaps_;
};

// Whether a robots.txt path pattern matches the start of `path` ("*" any run of characters,
// a final "$" the end). Iterative: a hostile pattern cannot drive recursion.
bool robots_pattern_matches(std::string_view pattern, std::string_view path);

}  // namespace headlined::fetch
