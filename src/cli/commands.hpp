#pragma once
// Sub-command bodies; each returns the process exit status.

#include <string>
#include <vector>

namespace headlined::cli {

struct CommandOptions {
  std::string config_path;
  std::string database;
  std::string target;
  bool once = false;
  bool json = false;
};

// `extract` and `parse-feed` (src/cli/source_tools.cpp registers them).
struct ExtractOptions {
  std::vector<std::string> inputs;  // URLs or files
  std::string base_url;
  bool json = false;
  std::string title_selector, body_selector, drop_selector;  // overrides
};
struct ParseFeedOptions {
  std::string input;
  std::string base_url;
  bool json = false;
  bool list = false;     // an HTML list page rather than a feed or sitemap
  std::string selector;  // list page link selector
  std::vector<std::string> include_urls, exclude_urls;
  int limit = 0;  // 0: all
};
int command_extract(const ExtractOptions& options);
int command_parse_feed(const ParseFeedOptions& options);

int command_run(const CommandOptions& options);
int command_check_config(const CommandOptions& options);
int command_show(const CommandOptions& options);
int command_demo(const CommandOptions& options);

}  // namespace headlined::cli
