// The search index's tokens (src/store/search_tokens.hpp) and the FTS5 tokenizer that gives
// them to SQLite: CJK characters and bigrams, words elsewhere, normalised, each once.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "../../src/store/search_tokenizer.hpp"
#include "../../src/store/search_tokens.hpp"
#include "headlined/match/normalize.hpp"

namespace headlined::store::testing {
namespace {

using Tokens = std::vector<std::string>;

Tokens index_tokens(const std::string& text) {
  const std::string normalized = match::normalize(text);
  Tokens out;
  for (std::string_view t : distinct_index_tokens(normalized)) out.emplace_back(t);
  return out;
}

Tokens lookup_tokens(const std::string& word) {
  const std::string normalized = match::normalize(word);
  Tokens out;
  for (std::string_view t : query_tokens(normalized)) out.emplace_back(t);
  return out;
}

TEST(SearchTokens, ChineseGivesEveryCharacterAndEveryBigramOnce) {
  EXPECT_EQ(index_tokens("中国人民"), (Tokens{"中", "国", "中国", "人", "国人", "民", "人民"}));
  EXPECT_EQ(index_tokens("中国中国中国"), (Tokens{"中", "国", "中国", "国中"}));
  EXPECT_EQ(index_tokens("国"), (Tokens{"国"}));
}

TEST(SearchTokens, PunctuationAndSpacesEndACjkRun) {
  EXPECT_EQ(index_tokens("中国，人民"), (Tokens{"中", "国", "中国", "人", "民", "人民"}));
  EXPECT_EQ(index_tokens("中国 人民"), (Tokens{"中", "国", "中国", "人", "民", "人民"}));
  EXPECT_EQ(index_tokens("“港口”"), (Tokens{"港", "口", "港口"}));
}

TEST(SearchTokens, MixedTextGivesWordsBesideTheCjkRuns) {
  EXPECT_EQ(index_tokens("华为P50手机 Apple发布"),
            (Tokens{"华", "为", "华为", "p50", "手", "机", "手机", "apple", "发", "布", "发布"}));
  EXPECT_EQ(index_tokens("COVID-19疫情"), (Tokens{"covid", "19", "疫", "情", "疫情"}));
}

TEST(SearchTokens, TraditionalAndFullWidthAreNormalisedFirst) {
  if (match::traditional_to_simplified_available()) {
    EXPECT_EQ(index_tokens("國際"), (Tokens{"国", "际", "国际"}));
  }
  EXPECT_EQ(index_tokens("ＡＩ芯片"), (Tokens{"ai", "芯", "片", "芯片"}));
  EXPECT_EQ(index_tokens("１２３号"), (Tokens{"123", "号"}));
}

TEST(SearchTokens, EnglishGivesEachWordOnceInLowerCase) {
  EXPECT_EQ(index_tokens("The cat and THE Dog, the end."),
            (Tokens{"the", "cat", "and", "dog", "end"}));
  EXPECT_EQ(index_tokens("Café naïve"), (Tokens{"café", "naïve"}));
  EXPECT_TRUE(index_tokens(" ,.!? —").empty());
}

TEST(SearchTokens, KanaAndHangulAreCjkRuns) {
  EXPECT_EQ(index_tokens("タワー 서울"),
            (Tokens{"タ", "ワ", "タワ", "ー", "ワー", "서", "울", "서울"}));
}

TEST(SearchTokens, AQueryWordNeedsItsBigramsOrItsOneCharacter) {
  EXPECT_EQ(lookup_tokens("中国人"), (Tokens{"中国", "国人"}));
  EXPECT_EQ(lookup_tokens("国"), (Tokens{"国"}));
  EXPECT_EQ(lookup_tokens("a中b"), (Tokens{"a", "中", "b"}));
  EXPECT_EQ(lookup_tokens("HARBOUR"), (Tokens{"harbour"}));
  EXPECT_EQ(lookup_tokens("covid-19"), (Tokens{"covid", "19"}));
  EXPECT_EQ(lookup_tokens("中国中国"), (Tokens{"中国", "国中"}));
  EXPECT_TRUE(lookup_tokens("%%").empty());
}

// The tokenizer inside SQLite: an FTS5 table with detail=none finds a document by each of its
// tokens, and a query string is taken as one token as it is.
TEST(SearchTokenizer, IndexesThroughSqlite) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  ASSERT_EQ(register_search_tokenizer(db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'headlined', "
                         "detail = none);"
                         "INSERT INTO t (rowid, body) VALUES (1, '國際港口 reopened'), "
                         "(2, 'Harbour 港務');",
                         nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);
  auto count = [&](const std::string& match) {
    sqlite3_stmt* st = nullptr;
    std::string out = "error";
    if (sqlite3_prepare_v2(db, "SELECT group_concat(rowid) FROM t WHERE t MATCH ?1", -1, &st,
                           nullptr) == SQLITE_OK) {
      sqlite3_bind_text(st, 1, match.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(st) == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(st, 0);
        out = text ? reinterpret_cast<const char*>(text) : "";
      }
    }
    sqlite3_finalize(st);
    return out;
  };
  EXPECT_EQ(count("\"港\""), "1,2");
  EXPECT_EQ(count("\"港口\""), "1");
  EXPECT_EQ(count("\"reopened\""), "1");
  EXPECT_EQ(count("\"harbour\""), "2");
  EXPECT_EQ(count("\"港\" AND \"harbour\""), "2");
  EXPECT_EQ(count("\"港口 reopened\""), "") << "one token as written, which no document has";
  if (match::traditional_to_simplified_available()) {
    EXPECT_EQ(count("\"国际\""), "1");
  }
  sqlite3_close(db);
}

}  // namespace
}  // namespace headlined::store::testing
