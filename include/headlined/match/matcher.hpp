#pragma once
// The compiled set of all subscriptions. Immutable once built: the daemon builds a new
// Matcher on reload and swaps it in whole, so articles in flight finish on the one they
// started with. Every distinct term of every subscription sits in one index that is scanned
// once per article; only the subscriptions whose terms hit are evaluated.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "headlined/core/types.hpp"

namespace headlined::match {

class Matcher {
 public:
  // Subscriptions whose query does not parse are left out and reported in `errors`.
  explicit Matcher(const std::vector<Subscription>& subscriptions,
                   std::vector<std::string>* errors = nullptr);
  ~Matcher();
  Matcher(Matcher&&) noexcept;
  Matcher& operator=(Matcher&&) noexcept;

  // The matching subscriptions, in config order. A subscription that names sources only
  // matches articles whose source_name is one of them. Each match carries the positive terms
  // that hit (normalised, in query order) and about 80 characters of the original text
  // around the earliest hit in the title or body. When `normalised_body` is given it receives
  // match::normalize(article.body), the text the body was scanned in, which the pipeline signs
  // for stories (sign_normalised_body) rather than normalising the body a second time.
  std::vector<Match> match(const Article& article, std::string* normalised_body = nullptr) const;

  // The subscription's "alerts" setting (AlertScope::Story for a name it does not know).
  AlertScope alerts_of(const std::string& subscription) const;

  std::size_t size() const;
  // Distinct terms in the index (identical terms of different subscriptions count once).
  std::size_t distinct_terms() const;
  // Approximate bytes held by the index and the compiled queries.
  std::size_t memory_bytes() const;

 private:
  struct Compiled;
  std::unique_ptr<const Compiled> compiled_;
};

}  // namespace headlined::match
