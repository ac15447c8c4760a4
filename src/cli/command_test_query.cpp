// `headlined test-query QUERY FILE|URL...`: extracts each page as the daemon would and says
// whether the query matches it, with the terms that hit and the snippet; `--stored` runs the
// query over stored snapshots instead, to see what a new subscription would have caught.
#include <iostream>

#include "cli/admin_support.hpp"
#include "cli/document_input.hpp"
#include "headlined/config/duration.hpp"
#include "headlined/core/time.hpp"
#include "headlined/core/url.hpp"
#include "headlined/match/matcher.hpp"
#include "headlined/match/query.hpp"
#include "headlined/parse/extract.hpp"
#include "headlined/text/utf8.hpp"

namespace headlined::cli {

namespace {

constexpr std::string_view kTestQueryCommand = "test-query";

// The query with a caret under the byte `offset`, counting a CJK character two columns wide
// as a terminal shows it.
std::string point_at(const std::string& query, std::size_t offset) {
  std::size_t columns = 0;
  for (std::size_t pos = 0; pos < offset && pos < query.size();)
    columns += text::is_cjk(text::next_code_point(query, pos)) ? 2 : 1;
  return "  " + query + "\n  " + std::string(columns, ' ') + "^";
}

void print_match(const Match& m) {
  std::cout << "  terms:   " << comma_joined(m.terms) << "\n  snippet: " << m.snippet << "\n";
}

int test_pages(const match::Matcher& matcher, const TestQueryOptions& options) {
  int status = kExitDone;
  for (const std::string& input : options.inputs) {
    auto doc = read_document(input, "");
    if (!doc) {
      report(kTestQueryCommand, doc.error().to_string(), kExitFailed);
      status = kExitFailed;
      continue;
    }
    const Article article =
        parse::extract_article(doc->utf8, doc->url.empty() ? "" : canonical_url(doc->url));
    const std::vector<Match> matches = matcher.match(article);
    std::cout << (matches.empty() ? "NO MATCH  " : "MATCH     ") << input
              << "\n  title:   " << article.title << "\n";
    if (matches.empty()) {
      status = kExitFailed;
    } else {
      print_match(matches.front());
    }
  }
  return status;
}

int test_stored(const match::Matcher& matcher, const TestQueryOptions& options) {
  UnixTime since = 0;
  if (!options.since.empty()) {
    auto window = config::parse_duration(options.since);
    if (!window)
      return report(kTestQueryCommand, "--since " + options.since + ": " + window.error(),
                    kExitUsage);
    since = now_unix() - window->count();
  }
  AdminOptions admin;
  admin.config_path = options.config_path;
  admin.database = options.database;
  auto store = open_store_for(kTestQueryCommand, admin);
  if (!store) return store.error();
  std::int64_t seen = 0;
  std::int64_t matched = 0;
  auto scanned = (*store)->for_each_snapshot(since, [&](const Snapshot& s) {
    ++seen;
    const std::vector<Match> matches = matcher.match(s.article);
    if (matches.empty()) return true;
    ++matched;
    std::cout << "#" << s.id << "  " << time_text(s.fetched_at) << "  " << s.article.title << "\n  "
              << s.article.url << "\n";
    print_match(matches.front());
    return true;
  });
  if (!scanned) return report(kTestQueryCommand, scanned.error().to_string(), kExitFailed);
  std::cout << matched << " of " << seen << " stored snapshot" << (seen == 1 ? "" : "s")
            << (options.since.empty() ? "" : " from the last " + options.since) << " match\n";
  return matched > 0 ? kExitDone : kExitFailed;
}

}  // namespace

int command_test_query(const TestQueryOptions& options) {
  auto query = match::Query::parse(options.query);
  if (!query) {
    std::cerr << "headlined test-query: malformed query at "
              << match::describe_error_place(options.query, query.error()) << ": "
              << query.error().reason << "\n"
              << point_at(options.query, query.error().offset) << "\n";
    return kExitUsage;
  }
  if (options.stored == !options.inputs.empty())
    return report(kTestQueryCommand, "give pages (files or URLs) or --stored, not both",
                  kExitUsage);
  if (!options.since.empty() && !options.stored)
    return report(kTestQueryCommand, "--since only applies with --stored", kExitUsage);

  Subscription subscription;
  subscription.name = "test-query";
  subscription.query = options.query;
  const match::Matcher matcher(std::vector<Subscription>{subscription});
  return options.stored ? test_stored(matcher, options) : test_pages(matcher, options);
}

}  // namespace headlined::cli
