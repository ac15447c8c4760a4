#include "cli/source_tools.hpp"

namespace headlined::cli {

SourceTools::SourceTools(CLI::App& app) {
  extract_ = app.add_subcommand(
      "extract", "print what would be stored for article pages (URL, or files: .gz allowed)");
  extract_->add_option("input", extract_options_.inputs, "URL or file; several files allowed")
      ->required();
  extract_->add_flag("--json", extract_options_.json, "one JSON object per input (JSON Lines)");
  extract_->add_option("--base-url", extract_options_.base_url,
                       "the URL a file stands for (resolves links and images)");
  extract_->add_option("--title", extract_options_.title_selector, "override: title selector");
  extract_->add_option("--body", extract_options_.body_selector, "override: body selector");
  extract_->add_option("--drop", extract_options_.drop_selector, "override: elements to drop");
  extract_->add_option("--time-zone", extract_options_.time_zone,
                       "the source's \"time_zone\" (IANA name): reads times printed without an "
                       "offset; default by the page's language (Chinese: Asia/Shanghai, else UTC)");

  parse_feed_ = app.add_subcommand(
      "parse-feed", "print the article links of a feed, sitemap or (--list) list page");
  parse_feed_->add_option("input", parse_feed_options_.input, "URL or file (.gz allowed)")
      ->required();
  parse_feed_->add_flag("--json", parse_feed_options_.json, "print JSON");
  parse_feed_->add_option("--base-url", parse_feed_options_.base_url,
                          "the URL a file stands for (resolves relative links)");
  parse_feed_->add_flag("--list", parse_feed_options_.list, "read an HTML list page");
  parse_feed_->add_option("--selector", parse_feed_options_.selector,
                          "list page: CSS selector of the article links");
  parse_feed_
      ->add_option("--include", parse_feed_options_.include_urls,
                   "keep only URLs matching this pattern ('*' = anything); repeatable")
      ->allow_extra_args(false);
  parse_feed_
      ->add_option("--exclude", parse_feed_options_.exclude_urls,
                   "drop URLs matching this pattern; repeatable")
      ->allow_extra_args(false);
  parse_feed_->add_option("--limit", parse_feed_options_.limit,
                          "at most this many (sitemaps: the newest)");

  discover_ = app.add_subcommand(
      "discover",
      "what a source of type \"auto\" with this URL would poll (feed, sitemap or "
      "list page), and why");
  discover_->add_option("url", discover_options_.url, "a site's home page, article or feed")
      ->required();
  discover_->add_flag("--json", discover_options_.json, "print JSON");
}

std::optional<int> SourceTools::run_chosen() const {
  if (*extract_) return command_extract(extract_options_);
  if (*parse_feed_) return command_parse_feed(parse_feed_options_);
  if (*discover_) return command_discover(discover_options_);
  return std::nullopt;
}

}  // namespace headlined::cli
