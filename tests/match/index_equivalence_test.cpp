// The compiled index must decide exactly as the simple reference (Query::matches, which
// searches each term on its own) on any mix of queries and texts.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "headlined/match/matcher.hpp"
#include "headlined/match/normalize.hpp"
#include "headlined/match/query.hpp"

namespace headlined::match {
namespace {

const std::vector<std::string> kWords = {
    "招商",      "招商引资", "引资", "新能源", "能源", "汽车",    "芯片",    "國產", "国产",
    "产业链",    "链主",     "a股",  "5g",     "art",  "article", "arts",    "new",  "energy",
    "new-york",  "york",     "c++",  "ai",     "ＡＩ", "café",    "o'neil",  "econ", "economy",
    "economist", "the",      "on",   "ONE",    "東京", "한국",    "ßtrasse", "x",    "中国",
};
const std::vector<std::string> kGlue = {" ", "", ", ", "，", "-", "、", "\n", " (", ") ", "'"};

std::string random_term(std::mt19937& rng) {
  std::uniform_int_distribution<std::size_t> word(0, kWords.size() - 1);
  std::uniform_int_distribution<int> kind(0, 9);
  const int k = kind(rng);
  std::string t;
  if (k == 0)
    t = "\"" + kWords[word(rng)] + " " + kWords[word(rng)] + "\"";
  else if (k == 1)
    t = "econ*";
  else if (k == 2)
    t = "ar*";
  else
    t = kWords[word(rng)];
  static const char* kScopes[] = {"", "", "", "", "title:", "body:", "source:", "author:"};
  return std::string(kScopes[std::uniform_int_distribution<int>(0, 7)(rng)]) + t;
}

std::string random_query(std::mt19937& rng) {
  std::uniform_int_distribution<int> terms(1, 4);
  std::uniform_int_distribution<int> op(0, 5);
  const int n = terms(rng);
  std::string q = random_term(rng);
  for (int i = 1; i < n; ++i) {
    switch (op(rng)) {
      case 0:
        q += " OR " + random_term(rng);
        break;
      case 1:
        q += " -" + random_term(rng);
        break;
      case 2:
        q = "(" + q + ") OR " + random_term(rng);
        break;
      default:
        q += " " + random_term(rng);
    }
  }
  return q;
}

std::string random_text(std::mt19937& rng, int words) {
  std::uniform_int_distribution<std::size_t> word(0, kWords.size() - 1);
  std::uniform_int_distribution<std::size_t> glue(0, kGlue.size() - 1);
  std::string t;
  for (int i = 0; i < words; ++i) {
    std::string w = kWords[word(rng)];
    if (i % 5 == 0 && !w.empty() && w[0] >= 'a' && w[0] <= 'z') w[0] = static_cast<char>(w[0] - 32);
    t += w + kGlue[glue(rng)];
  }
  return t;
}

TEST(IndexEquivalence, CompiledIndexDecidesAsTheReference) {
  std::mt19937 rng(20240517);
  std::vector<Subscription> subs;
  std::vector<Query> queries;
  for (int i = 0; i < 400; ++i) {
    Subscription s;
    s.name = "s" + std::to_string(i);
    s.query = random_query(rng);
    auto q = Query::parse(s.query);
    if (!q) continue;  // e.g. "(a) OR -b": the reference rejects it too
    subs.push_back(s);
    queries.push_back(std::move(*q));
  }
  ASSERT_GT(subs.size(), 250u);
  Matcher matcher(subs);
  ASSERT_EQ(matcher.size(), subs.size());

  std::size_t total_matches = 0;
  for (int round = 0; round < 300; ++round) {
    Article a;
    a.title = random_text(rng, 6);
    a.body = random_text(rng, 40);
    a.byline = random_text(rng, 2);
    a.attribution = random_text(rng, 1);
    a.source_name = "feed";
    const std::string title = normalize(a.title);
    const std::string body = normalize(a.body);
    const std::string source = normalize(a.attribution + "\n" + a.source_name);
    const std::string author = normalize(a.byline);
    const FieldTexts fields{title, body, source, author};

    std::vector<Match> expected;
    for (std::size_t i = 0; i < queries.size(); ++i) {
      std::vector<std::string> hits;
      if (queries[i].matches(fields, &hits)) expected.push_back(Match{subs[i].name, hits, ""});
    }
    std::vector<Match> actual = matcher.match(a);
    ASSERT_EQ(actual.size(), expected.size()) << "title: " << a.title << "\nbody: " << a.body;
    for (std::size_t i = 0; i < actual.size(); ++i) {
      EXPECT_EQ(actual[i].subscription, expected[i].subscription);
      EXPECT_EQ(actual[i].terms, expected[i].terms) << actual[i].subscription;
      EXPECT_FALSE(actual[i].snippet.empty());
    }
    total_matches += actual.size();
  }
  EXPECT_GT(total_matches, 1000u);  // the comparison covered many matches, not only misses
}

}  // namespace
}  // namespace headlined::match
