#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <vector>

#include "headlined/match/query.hpp"
#include "headlined/text/normalize.hpp"

namespace headlined::match {

// Parses `query` (a test failure when it does not parse) and matches it against `text` as
// the matcher sees an article: normalised; the hit terms go to `hits` when given.
inline bool matches(const std::string& query, const std::string& text,
                    std::vector<std::string>* hits = nullptr) {
  auto q = Query::parse(query);
  EXPECT_TRUE(q.has_value()) << query << ": " << (q ? "" : q.error().reason);
  return q && q->matches(text::normalize_for_match(text), hits);
}

// Expects `query` not to parse, failing at `offset` for `reason`.
inline void expect_error(const std::string& query, std::size_t offset, const std::string& reason) {
  auto q = Query::parse(query);
  ASSERT_FALSE(q.has_value()) << "parsed: " << query;
  EXPECT_EQ(q.error().offset, offset) << query;
  EXPECT_EQ(q.error().reason, reason) << query;
}

}  // namespace headlined::match
