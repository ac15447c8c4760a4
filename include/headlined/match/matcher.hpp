#pragma once
// The compiled set of all subscriptions. Immutable once built: the daemon swaps a whole new
// Matcher in on reload, so articles in flight finish on the one they started with.

#include <string>
#include <vector>

#include "headlined/core/types.hpp"
#include "headlined/match/query.hpp"

namespace headlined::match {

class Matcher {
 public:
  // Subscriptions whose query does not parse are left out and reported in `errors`.
  explicit Matcher(const std::vector<Subscription>& subscriptions,
                   std::vector<std::string>* errors = nullptr);

  // Title and body are matched together (title first); each match carries the terms that hit
  // and a snippet of about 80 characters around the first hit in the original text.
  std::vector<Match> match(const Article& article) const;

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    Subscription subscription;
    Query query;
  };
  std::vector<Entry> entries_;
};

}  // namespace headlined::match
