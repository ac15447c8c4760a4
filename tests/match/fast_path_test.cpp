// The matcher's fast paths must decide and cut exactly as the general ones: folding ASCII
// bytes without decoding them, origins kept per thread from article to article, snippets of
// valid UTF-8 stepped by lead bytes, the Bloom filter before the prefix-stem table, and the
// trie walk that keeps only the states after a phrase gap on its stack.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "headlined/match/matcher.hpp"
#include "headlined/match/normalize.hpp"
#include "headlined/text/normalize.hpp"
#include "headlined/text/utf8.hpp"

namespace headlined::match {
namespace {

// Pieces whose boundaries the fast paths care about: every ASCII byte (controls too),
// two-, three- and four-byte characters, combining marks after ASCII and after CJK, width and
// case forms, invisibles, and Traditional characters.
std::vector<std::string> fold_pieces() {
  std::vector<std::string> pieces;
  for (int b = 1; b < 0x80; ++b) pieces.emplace_back(1, static_cast<char>(b));
  for (const char* p : {"é",
                        "e\u0301",
                        "\u0301",
                        "ß",
                        "Σ",
                        "ǅ",
                        "Ａ",
                        "ｂ",
                        "ﬁ",
                        "①",
                        "\u200B",
                        "\u00AD",
                        "…",
                        "招",
                        "資",
                        "經濟",
                        "\xF0\x9F\x98\x80",
                        "\xF0\xA0\x80\x80",
                        "\u1100\u1161",
                        "한",
                        "ア",
                        "，",
                        "、"})
    pieces.emplace_back(p);
  return pieces;
}

std::string random_text(std::mt19937& rng, const std::vector<std::string>& pieces, int count) {
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::string s;
  for (int i = 0; i < count; ++i) s += pieces[pick(rng)];
  return s;
}

TEST(MatchFastPaths, AsciiFoldAgreesWithWholeTextNormalisation) {
  std::mt19937 rng(1130);
  const std::vector<std::string> pieces = fold_pieces();
  for (int round = 0; round < 300; ++round) {
    // Traditional characters simplify in normalize only; leave them out of this comparison.
    std::string text = random_text(rng, pieces, 40);
    for (const char* traditional : {"資", "經濟"})
      for (std::size_t at; (at = text.find(traditional)) != std::string::npos;)
        text.erase(at, std::string_view(traditional).size());
    std::vector<std::size_t> origin;
    const std::string folded = normalize(text, origin);
    EXPECT_EQ(folded, text::normalize_for_match(text)) << text;
    ASSERT_EQ(origin.size(), folded.size() + 1);
    EXPECT_EQ(origin.back(), text.size());
    for (std::size_t i = 1; i < origin.size(); ++i) ASSERT_LE(origin[i - 1], origin[i]) << text;
  }
  EXPECT_EQ(normalize("ABC資料def"), "abc资料def");
  EXPECT_EQ(normalize("A\u0301b"), text::normalize_for_match("A\u0301b"));
}

// One article's matches with everything a notification carries.
std::vector<std::string> described(const std::vector<Match>& matches) {
  std::vector<std::string> out;
  for (const Match& m : matches) {
    std::string d = m.subscription + " |";
    for (const std::string& t : m.terms) d += " " + t;
    out.push_back(d + " | " + m.snippet);
  }
  return out;
}

std::vector<Subscription> subscriptions(const std::vector<std::string>& queries) {
  std::vector<Subscription> subs;
  for (const std::string& q : queries) {
    Subscription s;
    s.name = "s" + std::to_string(subs.size());
    s.query = q;
    subs.push_back(std::move(s));
  }
  return subs;
}

Article article(std::string title, std::string body) {
  Article a;
  a.title = std::move(title);
  a.body = std::move(body);
  a.source_name = "feed";
  return a;
}

TEST(MatchFastPaths, BuffersKeptFromArticleToArticleLeaveNothingBehind) {
  const Matcher matcher(subscriptions({"招商引资", "econom*", "\"new energy\"", "ai", "café"}));
  const Article small = article("AI 芯片", "招商引資 in Zibo.\nNew-energy economy; CAFÉ.");
  std::string big_body;
  for (int i = 0; i < 400; ++i) big_body += "高质量发展 ECONOMISTS say new  energy 資料 ß\n";
  const Article big = article("Ｅconomy", big_body);

  // A fresh thread's result, before its buffers ever held a longer text.
  std::vector<std::string> fresh;
  std::string fresh_body;
  std::thread([&] { fresh = described(matcher.match(small, &fresh_body)); }).join();
  ASSERT_EQ(fresh.size(), 5u);

  for (int i = 0; i < 3; ++i) {
    std::string big_normalised;
    EXPECT_EQ(matcher.match(big, &big_normalised).size(), 2u);
    EXPECT_EQ(big_normalised, normalize(big.body));
    std::string body;
    EXPECT_EQ(described(matcher.match(small, &body)), fresh);
    EXPECT_EQ(body, fresh_body);
    EXPECT_EQ(body, normalize(small.body));
  }
}

TEST(MatchFastPaths, ValidTextIsCutAsTheDecodingPathCutsIt) {
  // The same article with one bad byte on a line of its own at the end takes the decoding
  // path for every snippet; the lines before it must be cut the same.
  std::mt19937 rng(20261130);
  const std::vector<std::string> words = {"招商引资", "zibo",  "ß",        "économie", "😀",
                                          "𠀀",       "naïve", "new york", "東京",     "x"};
  std::vector<std::string> queries;
  for (const std::string& w : words) queries.push_back("\"" + w + "\"");
  const Matcher matcher(subscriptions(queries));
  const std::vector<std::string> pieces = {"招商引资", "Zibo", "ß",    "Économie", "😀", "𠀀",
                                           "naïve",    "New",  "York", "東京",     "x", " ",
                                           "，",       "é",    "abc",  "中文字",   "\t"};
  std::size_t compared = 0;
  for (int round = 0; round < 120; ++round) {
    Article valid = article(random_text(rng, pieces, 8), "");
    for (int line = 0; line < 4; ++line) valid.body += random_text(rng, pieces, 60) + "\n";
    Article invalid = valid;
    invalid.body += "\xFF\n";
    const std::vector<std::string> a = described(matcher.match(valid));
    const std::vector<std::string> b = described(matcher.match(invalid));
    EXPECT_EQ(a, b) << valid.title << "\n" << valid.body;
    compared += a.size();
  }
  EXPECT_GT(compared, 500u);
}

TEST(MatchFastPaths, EveryPrefixStemPassesTheFilter) {
  // Many stems, so the filter is large and mostly empty: none of them may be filtered out.
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> letter('a', 'z');
  std::vector<std::string> stems;
  std::vector<std::string> queries;
  std::string body;
  for (int i = 0; i < 3000; ++i) {
    std::string stem;
    for (int k = 0; k < 3 + i % 6; ++k) stem += static_cast<char>(letter(rng));
    stems.push_back(stem);
    queries.push_back(stem + "*");
    body += stem + "ing ";
  }
  const Matcher matcher(subscriptions(queries));
  const std::vector<Match> matches = matcher.match(article("", body));
  ASSERT_EQ(matches.size(), stems.size());
  for (std::size_t i = 0; i < matches.size(); ++i)
    EXPECT_EQ(matches[i].terms, std::vector<std::string>{stems[i] + "*"});
  // A word that only shares the start of a stem is no match.
  EXPECT_TRUE(matcher.match(article("", stems[0].substr(0, 2) + " x")).empty());
}

TEST(MatchFastPaths, PhraseGapAndTermWithPunctuationBothHitFromOneStart) {
  // From "new" the walk goes on through "-" (the term new-york) and, after the phrase gap,
  // to "york" (the phrase), with "new" itself a term as well.
  const Matcher matcher(subscriptions(
      {"new-york", "\"new york\"", "new", "\"new york times\"", "\"york times\" -boston"}));
  const std::vector<Match> m =
      matcher.match(article("", "Read the New-York  Times, or new york… times."));
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m[0].terms, std::vector<std::string>{"new-york"});
  EXPECT_EQ(m[1].terms, std::vector<std::string>{"new york"});
  EXPECT_EQ(m[2].terms, std::vector<std::string>{"new"});
  EXPECT_EQ(m[3].terms, std::vector<std::string>{"new york times"});
  EXPECT_EQ(m[4].terms, std::vector<std::string>{"york times"});
  EXPECT_NE(m[1].snippet.find("New-York"), std::string::npos);
  EXPECT_TRUE(matcher.match(article("", "newyork times")).empty());
}

}  // namespace
}  // namespace headlined::match
