#include "headlined/match/matcher.hpp"

#include "snippet.hpp"

namespace headlined::match {

Matcher::Matcher(const std::vector<Subscription>& subscriptions, std::vector<std::string>* errors) {
  for (const Subscription& s : subscriptions) {
    auto query = Query::parse(s.query);
    if (!query) {
      if (errors)
        errors->push_back("subscription '" + s.name + "': query: " + query.error().reason +
                          " (at byte " + std::to_string(query.error().offset) + ")");
      continue;
    }
    entries_.push_back(Entry{s, std::move(*query)});
  }
}

std::vector<Match> Matcher::match(const Article& article) const {
  std::vector<Match> matches;
  if (entries_.empty()) return matches;
  ArticleText text(article);
  for (const Entry& entry : entries_) {
    std::vector<std::string> hits;
    if (!entry.query.matches(text.normalized(), &hits)) continue;
    matches.push_back(Match{entry.subscription.name, std::move(hits), text.snippet(entry.query)});
  }
  return matches;
}

}  // namespace headlined::match
