#include "headlined/config/jsonc.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "headlined/core/characters.hpp"

namespace headlined::config {
namespace {

JsoncSyntaxError syntax_error(const std::string& text) {
  auto doc = parse_jsonc(text);
  EXPECT_FALSE(doc.has_value()) << "parsed: " << text;
  return doc ? JsoncSyntaxError{} : doc.error();
}

TEST(Jsonc, ParsesValuesCommentsAndTrailingCommas) {
  auto doc = parse_jsonc(R"({
  // a line comment
  "a": 1, /* a block
  comment */ "b": [true, false, null, -2.5e1, "x\"\u00e9\ud83d\ude00",],
  "c": {"d": "e",},
})");
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  EXPECT_EQ(doc->value["a"], 1);
  EXPECT_EQ(doc->value["b"].size(), 5u);
  EXPECT_EQ(doc->value["b"][3], -25.0);
  EXPECT_EQ(doc->value["b"][4], "x\"\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(doc->value["c"]["d"], "e");
}

TEST(Jsonc, RecordsWhereEveryValueAndKeyStands) {
  auto doc = parse_jsonc("{\n  \"list\": [10,\n    {\"k/x\": \"v\"}]\n}");
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ(doc->values.at("").pos.line, 1);
  EXPECT_EQ(doc->values.at("/list").pos.line, 2);
  EXPECT_EQ(doc->values.at("/list").pos.column, 11);
  EXPECT_EQ(doc->values.at("/list/0").pos.column, 12);
  EXPECT_EQ(doc->values.at("/list/1").pos.line, 3);
  EXPECT_EQ(doc->values.at("/list/1").pos.column, 5);
  EXPECT_EQ(doc->values.at("/list/1/k~1x").pos.column, 13);
  EXPECT_EQ(doc->keys.at("/list/1/k~1x").column, 6);
  EXPECT_EQ(doc->keys.at("/list").column, 3);
}

// Columns are characters as an editor counts them: after Chinese text (3 bytes a character)
// and after a byte-order mark (which editors do not show) alike.
TEST(Jsonc, ColumnsCountCharactersNotBytes) {
  auto doc = parse_jsonc("{\"名称\": \"淄博日报\", \"url\": 1}");
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ(doc->keys.at("/url").column, 16);
  EXPECT_EQ(doc->values.at("/url").pos.column, 23);
  auto e = syntax_error("{\"名称\": \"淄博日报\" \"url\": 1}");
  EXPECT_EQ(e.pos.column, 15);
  e = syntax_error("\xEF\xBB\xBF{\"a\" 1}");
  EXPECT_EQ(e.pos.column, 6);
}

// A generated config may be one long line: columns stay right past many blocks of text
// (the count goes through per-block totals, so such a file loads in linear time).
TEST(Jsonc, ColumnsOnALongLineOfChineseText) {
  std::string text = "{";
  for (int i = 0; i < 400; ++i) text += "\"键" + std::to_string(i) + "\": \"淄博日报\", ";
  const std::size_t key_at = text.size();
  text += "\"last\": 1}";
  auto doc = parse_jsonc(text);
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ(doc->keys.at("/last").column,
            static_cast<int>(count_characters(std::string_view(text).substr(0, key_at))) + 1);
  EXPECT_EQ(doc->keys.at("/键0").column, 2);
}

TEST(Jsonc, ReportsMissingCommaWhereTheNextMemberStarts) {
  auto e = syntax_error("{\n  \"a\": 1\n  \"b\": 2\n}");
  EXPECT_EQ(e.pos.line, 3);
  EXPECT_EQ(e.pos.column, 3);
  EXPECT_EQ(e.message, "expected ',' or '}' after object member");
  e = syntax_error("[1 2]");
  EXPECT_EQ(e.pos.column, 4);
  EXPECT_EQ(e.message, "expected ',' or ']' after array element");
}

TEST(Jsonc, ReportsUnterminatedStringAtItsOpeningQuote) {
  auto e = syntax_error("{\n  \"name\": \"abc,\n  \"x\": 1\n}");
  EXPECT_EQ(e.pos.line, 2);
  EXPECT_EQ(e.pos.column, 11);
  EXPECT_NE(e.message.find("unterminated string"), std::string::npos);
}

TEST(Jsonc, ReportsOtherSyntaxErrorsWithPositions) {
  auto e = syntax_error("{\"a\": 1 /* never closed");
  EXPECT_EQ(e.pos.column, 9);
  EXPECT_NE(e.message.find("unterminated comment"), std::string::npos);

  e = syntax_error("{\"a\": 'x'}");
  EXPECT_EQ(e.pos.column, 7);
  EXPECT_NE(e.message.find("double quotes"), std::string::npos);

  e = syntax_error("{name: 1}");
  EXPECT_EQ(e.pos.column, 2);
  EXPECT_EQ(e.message, "object keys must be in double quotes");

  e = syntax_error("{\"a\" 1}");
  EXPECT_EQ(e.pos.column, 6);
  EXPECT_EQ(e.message, "expected ':' after member name 'a'");

  e = syntax_error("{\"a\": 1, \"a\": 2}");
  EXPECT_EQ(e.pos.column, 10);
  EXPECT_EQ(e.message, "duplicate key 'a' (first at line 1, column 2)");

  e = syntax_error("{\"a\": \"\\q\"}");
  EXPECT_EQ(e.pos.column, 8);
  EXPECT_EQ(e.message, "invalid escape '\\q' in string");

  e = syntax_error("{\"a\": 01}");
  EXPECT_EQ(e.message, "invalid number");

  e = syntax_error("{\"a\": [1,\n");
  EXPECT_EQ(e.pos.line, 2);
  EXPECT_EQ(e.message, "unexpected end of file: expected a value");

  e = syntax_error("{\"a\": 1} x");
  EXPECT_EQ(e.pos.column, 10);

  e = syntax_error("  // nothing but a comment\n");
  EXPECT_EQ(e.message, "empty file: expected a JSON object");

  e = syntax_error("{\"a\": \"\xC3\"}");
  EXPECT_EQ(e.message, "invalid UTF-8 in string");
}

TEST(Jsonc, RefusesDeepNestingWithoutCrashing) {
  std::string deep(100000, '[');
  auto e = syntax_error(deep);
  EXPECT_EQ(e.message, "nesting too deep");
  EXPECT_EQ(e.pos.column, 65);
}

TEST(Jsonc, ColumnsCountCharactersAndSkipTheByteOrderMark) {
  auto doc = parse_jsonc("\xEF\xBB\xBF{\"名\": 1}");
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ(doc->values.at("/名").pos.column, 7);
}

}  // namespace
}  // namespace headlined::config

namespace headlined::config {
namespace {

// Damaged documents (a byte dropped or doubled) either parse or fail at a real position.
TEST(Jsonc, DamagedDocumentsFailAtARealPosition) {
  const std::string good =
      "{\n  // c\n  \"a\": [1, 2.5, \"x\\u00e9\", {\"b\": null}],\n  /* d */ \"c\": true,\n}\n";
  for (std::size_t i = 0; i < good.size(); ++i) {
    for (const std::string& damaged :
         {good.substr(0, i) + good.substr(i + 1), good.substr(0, i + 1) + good.substr(i)}) {
      auto doc = parse_jsonc(damaged);
      if (doc) continue;
      EXPECT_GE(doc.error().pos.line, 1) << damaged;
      EXPECT_LE(doc.error().pos.line, 6) << damaged;
      EXPECT_GE(doc.error().pos.column, 1) << damaged;
      EXPECT_FALSE(doc.error().message.empty());
    }
  }
}

}  // namespace
}  // namespace headlined::config
