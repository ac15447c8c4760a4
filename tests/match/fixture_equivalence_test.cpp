// The compiled index against the simple reference (Query::matches, each term searched on its
// own) on real article text: the test fixtures' Chinese (Simplified and Traditional) and
// English pages cut into articles, and subscriptions made of words taken from those pages, so
// most of them hit somewhere. Besides who matches with which terms, each snippet must hold
// the original text of the earliest hit the reference finds in the title or body.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "headlined/match/matcher.hpp"
#include "headlined/match/normalize.hpp"
#include "headlined/match/query.hpp"
#include "headlined/text/utf8.hpp"

namespace headlined::match {
namespace {

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(HEADLINED_FIXTURES_DIR) + "/" + name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> non_empty_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.find_first_not_of(" \t\r") != std::string::npos) lines.push_back(line);
  return lines;
}

bool is_ascii_letter(char32_t cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

bool is_cjk(char32_t cp) {
  return cp >= 0x4E00 && cp <= 0x9FFF;
}

// English words of three letters or more, and runs of one to four CJK characters cut at
// random places, as a subscriber would type them.
void collect_words(const std::string& text, std::mt19937& rng, std::set<std::string>& words) {
  std::vector<std::string> cjk_run;
  std::string latin;
  auto flush = [&] {
    if (latin.size() >= 3) words.insert(latin);
    latin.clear();
    for (std::size_t i = 0; i < cjk_run.size();) {
      const std::size_t n = std::uniform_int_distribution<std::size_t>(1, 4)(rng);
      std::string w;
      for (std::size_t k = i; k < std::min(cjk_run.size(), i + n); ++k) w += cjk_run[k];
      words.insert(w);
      i += n + std::uniform_int_distribution<std::size_t>(0, 6)(rng);
    }
    cjk_run.clear();
  };
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t begin = pos;
    const char32_t cp = text::next_code_point(text, pos);
    if (is_ascii_letter(cp)) {
      if (!cjk_run.empty()) flush();
      latin += static_cast<char>(cp);
    } else if (is_cjk(cp)) {
      if (!latin.empty()) flush();
      cjk_run.push_back(text.substr(begin, pos - begin));
    } else {
      flush();
    }
  }
  flush();
}

std::string random_term(const std::vector<std::string>& words, std::mt19937& rng) {
  auto word = [&] {
    return words[std::uniform_int_distribution<std::size_t>(0, words.size() - 1)(rng)];
  };
  const int kind = std::uniform_int_distribution<int>(0, 9)(rng);
  if (kind == 0) return "\"" + word() + " " + word() + "\"";
  if (kind == 1) {
    const std::string w = word();
    if (w.size() >= 5 && is_ascii_letter(static_cast<unsigned char>(w[0])))
      return w.substr(0, 4) + "*";
  }
  return word();
}

std::string random_query(const std::vector<std::string>& words, std::mt19937& rng) {
  const int n = std::uniform_int_distribution<int>(1, 4)(rng);
  std::string q = random_term(words, rng);
  for (int i = 1; i < n; ++i) {
    const int op = std::uniform_int_distribution<int>(0, 9)(rng);
    if (op < 5)
      q += " " + random_term(words, rng);
    else if (op < 8)
      q += " OR " + random_term(words, rng);
    else
      q += " -" + random_term(words, rng);
  }
  return q;
}

// The original bytes the normalised range [begin, end) came from.
std::string original_of(const std::string& original, const std::vector<std::size_t>& origin,
                        std::size_t begin, std::size_t end) {
  const std::size_t from = origin[begin];
  std::size_t to = origin[end - 1];
  text::next_code_point(original, to);
  return original.substr(from, to - from);
}

TEST(FixtureEquivalence, IndexMatchesTheReferenceOnArticleFixtures) {
  const std::vector<std::string> fixtures = {"text/seed-article.utf8.txt",
                                             "text/gbk-page.utf8.html", "fetch/big5-page.utf8.html",
                                             "parse/english-article.html", "fetch/article.html"};
  std::mt19937 rng(20261130);
  std::set<std::string> word_set;
  std::vector<std::vector<std::string>> pages;
  for (const std::string& name : fixtures) {
    const std::string text = read_fixture(name);
    ASSERT_FALSE(text.empty()) << name;
    collect_words(text, rng, word_set);
    pages.push_back(non_empty_lines(text));
  }
  const std::vector<std::string> words(word_set.begin(), word_set.end());
  ASSERT_GT(words.size(), 200u);

  std::vector<Subscription> subs;
  std::vector<Query> queries;
  while (subs.size() < 600) {
    Subscription s;
    s.name = "s" + std::to_string(subs.size());
    s.query = random_query(words, rng);
    auto q = Query::parse(s.query);
    if (!q) continue;  // a word the language reads as an operator
    subs.push_back(s);
    queries.push_back(std::move(*q));
  }
  Matcher matcher(subs);
  ASSERT_EQ(matcher.size(), subs.size());

  std::size_t total_matches = 0;
  std::size_t snippets_checked = 0;
  for (int round = 0; round < 40; ++round) {
    const std::vector<std::string>& lines = pages[static_cast<std::size_t>(round) % pages.size()];
    auto line = [&] {
      return lines[std::uniform_int_distribution<std::size_t>(0, lines.size() - 1)(rng)];
    };
    Article a;
    a.title = line();
    for (int i = 0; i < 25 && a.body.size() < 3000; ++i) a.body += line() + "\n";
    a.byline = line().substr(0, 40);
    a.attribution = line().substr(0, 40);
    a.source_name = "fixtures";

    std::vector<std::size_t> title_origin;
    std::vector<std::size_t> body_origin;
    const std::string title = normalize(a.title, title_origin);
    const std::string body = normalize(a.body, body_origin);
    const std::string source = normalize(a.attribution + "\n" + a.source_name);
    const std::string author = normalize(a.byline);
    const FieldTexts fields{title, body, source, author};

    std::string normalised_body;
    const std::vector<Match> actual = matcher.match(a, &normalised_body);
    EXPECT_EQ(normalised_body, body);
    std::size_t next = 0;
    for (std::size_t i = 0; i < queries.size(); ++i) {
      std::vector<std::string> hits;
      if (!queries[i].matches(fields, &hits)) continue;
      ASSERT_LT(next, actual.size()) << "missing " << subs[i].name << ": " << subs[i].query;
      const Match& m = actual[next++];
      ASSERT_EQ(m.subscription, subs[i].name) << subs[i].query;
      EXPECT_EQ(m.terms, hits) << subs[i].query;
      ASSERT_FALSE(m.snippet.empty()) << subs[i].query;
      // The earliest positive hit, in the title before the body (no field scopes here).
      std::string expected_piece;
      if (auto h = queries[i].first_hit(title))
        expected_piece = original_of(a.title, title_origin, h->first, h->second);
      else if (auto b = queries[i].first_hit(body))
        expected_piece = original_of(a.body, body_origin, b->first, b->second);
      if (!expected_piece.empty()) {
        EXPECT_NE(m.snippet.find(expected_piece), std::string::npos)
            << subs[i].query << "\nsnippet: " << m.snippet << "\nhit: " << expected_piece;
        ++snippets_checked;
      }
    }
    EXPECT_EQ(next, actual.size()) << "the index matched more than the reference";
    total_matches += actual.size();
  }
  // The comparison covered many matches and snippets, not only misses.
  EXPECT_GT(total_matches, 500u);
  EXPECT_GT(snippets_checked, 400u);
}

}  // namespace
}  // namespace headlined::match
