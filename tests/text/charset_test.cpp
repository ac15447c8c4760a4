#include "headlined/text/charset.hpp"

#include <gtest/gtest.h>

#include <string>

#include "headlined/text/utf8.hpp"
#include "support/temp_dir.hpp"

namespace headlined::text {
namespace {

using headlined::testing::read_fixture;

// "招商引資 新聞訂閱" in Big5; the last byte pair ends in 0x5C, a backslash as a trail byte.
const std::string kBig5 = "\xA9\xDB\xB0\xD3\xA4\xDE\xB8\xEA \xB7\x73\xBB\x44\xAD\x71\xBE\x5C";

TEST(CharsetFromContentType, ReadsTheCharsetParameter) {
  EXPECT_EQ(charset_from_content_type("text/html; charset=GBK"), "gbk");
  EXPECT_EQ(charset_from_content_type("text/html;charset=\"utf-8\""), "utf-8");
  EXPECT_EQ(charset_from_content_type("text/html; boundary=x; Charset = big5 "), "big5");
  EXPECT_EQ(charset_from_content_type("text/html"), "");
  EXPECT_EQ(charset_from_content_type(""), "");
}

TEST(CharsetFromContentType, ResolvesAliasesToOneName) {
  EXPECT_EQ(charset_from_content_type("text/html; charset=gb2312"), "gbk");
  EXPECT_EQ(charset_from_content_type("text/html; charset=ISO-8859-1"), "windows-1252");
  EXPECT_EQ(charset_from_content_type("text/html; charset=UTF8"), "utf-8");
}

TEST(CharsetDeclaredIn, FindsMetaCharset) {
  EXPECT_EQ(charset_declared_in("<html><head><META Charset='GB2312'></head>"), "gbk");
  EXPECT_EQ(charset_declared_in("<meta charset=big5>"), "big5");
}

TEST(CharsetDeclaredIn, FindsHttpEquivContentType) {
  EXPECT_EQ(charset_declared_in("<head><meta http-equiv=\"Content-Type\" "
                                "content=\"text/html; charset=gbk\" /></head>"),
            "gbk");
  // The content attribute may come first.
  EXPECT_EQ(charset_declared_in("<meta content=\"text/html;charset=gb18030\" "
                                "http-equiv=\"content-type\">"),
            "gb18030");
}

TEST(CharsetDeclaredIn, IgnoresCommentsAndUnrelatedMeta) {
  EXPECT_EQ(charset_declared_in("<!-- <meta charset=big5> --><meta name=\"keywords\" "
                                "content=\"charset=gbk\"><p>charset=gbk</p>"),
            "");
}

TEST(CharsetDeclaredIn, ReadsByteOrderMarksAndXmlProlog) {
  EXPECT_EQ(charset_declared_in("\xEF\xBB\xBF<html>"), "utf-8");
  EXPECT_EQ(charset_declared_in("\xFF\xFE<\0h\0"), "utf-16le");
  EXPECT_EQ(charset_declared_in("<?xml version=\"1.0\" encoding=\"GB2312\"?><rss/>"), "gbk");
  // A feed quoting HTML in CDATA: the quoted <meta> is not the feed's charset.
  EXPECT_EQ(charset_declared_in("<?xml version=\"1.0\"?><rss><![CDATA[<meta charset=big5>]]>"), "");
}

TEST(CharsetDeclaredIn, OnlyLooksAtTheHeadOfTheDocument) {
  const std::string late = std::string(20000, ' ') + "<meta charset=gbk>";
  EXPECT_EQ(charset_declared_in(late), "");
}

TEST(ConvertToUtf8, ReadsGbkAndGb2312AsGb18030) {
  const std::string gbk = "\xB1\xBE\xCE\xC4\xD7\xAA\xD7\xD4";  // 本文转自
  EXPECT_EQ(convert_to_utf8(gbk, "gbk").value(), "本文转自");
  EXPECT_EQ(convert_to_utf8(gbk, "GB2312").value(), "本文转自");
  // Pages labelled gb2312 routinely use GBK-only characters such as 堃 (0x88D2).
  EXPECT_EQ(convert_to_utf8("\x88\xD2", "gb2312").value(), "堃");
}

TEST(ConvertToUtf8, ReadsBig5) {
  EXPECT_EQ(convert_to_utf8(kBig5, "big5").value(), "招商引資 新聞訂閱");
}

TEST(ConvertToUtf8, InvalidSequencesBecomeReplacementAndConversionContinues) {
  // 0xFF is never a GBK lead byte; 0xB1 followed by '!' is a broken pair whose '!' survives.
  const auto out = convert_to_utf8("\xB1\xBE\xFF\xCE\xC4 \xB1!", "gbk");
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(*out, "本\uFFFD文 \uFFFD!");
}

TEST(ConvertToUtf8, UnknownCharsetIsAnErrorNamingIt) {
  const auto out = convert_to_utf8("abc", "x-klingon");
  ASSERT_FALSE(out.has_value());
  EXPECT_NE(out.error().what.find("x-klingon"), std::string::npos);
  EXPECT_FALSE(convert_to_utf8("abc", "utf-8//IGNORE").has_value());
}

TEST(DecodeToUtf8, GbkPageWithHeaderCharset) {
  const std::string page = read_fixture("text/gbk-page.html");
  const Decoded d = decode_to_utf8(page, "text/html; charset=GBK");
  EXPECT_EQ(d.charset, "gbk");
  EXPECT_EQ(d.utf8, read_fixture("text/gbk-page.utf8.html"));
}

TEST(DecodeToUtf8, GbkPageWithOnlyMetaCharset) {
  const Decoded d = decode_to_utf8(read_fixture("text/gbk-page.html"), "text/html");
  EXPECT_EQ(d.charset, "gbk");
  EXPECT_NE(d.utf8.find("本文转自:淄博日报"), std::string::npos);
  EXPECT_NE(d.utf8.find("招商引资"), std::string::npos);
}

TEST(DecodeToUtf8, HeaderUtf8OverInvalidBytesYieldsToMeta) {
  const Decoded d = decode_to_utf8(read_fixture("text/gbk-page.html"), "text/html; charset=utf-8");
  EXPECT_EQ(d.charset, "gbk");
  EXPECT_NE(d.utf8.find("招商引资"), std::string::npos);
}

TEST(DecodeToUtf8, HeaderIsFollowedEvenWhenMetaDisagrees) {
  // A UTF-8 page whose stale meta claims gbk: the header (and the browsers) say utf-8.
  const std::string page = "<meta charset=gbk><p>招商引资</p>";
  const Decoded d = decode_to_utf8(page, "text/html; charset=utf-8");
  EXPECT_EQ(d.charset, "utf-8");
  EXPECT_EQ(d.utf8, page);
}

TEST(DecodeToUtf8, Big5FromHeader) {
  const Decoded d = decode_to_utf8("<p>" + kBig5 + "</p>", "text/html; charset=big5");
  EXPECT_EQ(d.charset, "big5");
  EXPECT_EQ(d.utf8, "<p>招商引資 新聞訂閱</p>");
}

TEST(DecodeToUtf8, ByteOrderMarkWinsAndIsStripped) {
  const Decoded d = decode_to_utf8("\xEF\xBB\xBF<p>招商</p>", "text/html; charset=gbk");
  EXPECT_EQ(d.charset, "utf-8");
  EXPECT_EQ(d.utf8, "<p>招商</p>");
}

TEST(DecodeToUtf8, UndeclaredValidUtf8StaysUtf8) {
  const std::string text = read_fixture("text/seed-article.utf8.txt");
  const Decoded d = decode_to_utf8(text, "");
  EXPECT_EQ(d.charset, "utf-8");
  EXPECT_EQ(d.utf8, text);
}

TEST(DecodeToUtf8, UndeclaredGbkIsGuessed) {
  const Decoded d = decode_to_utf8(read_fixture("text/seed-article.gbk.txt"), "text/plain");
  EXPECT_EQ(d.charset, "gb18030");
  EXPECT_EQ(d.utf8, read_fixture("text/seed-article.utf8.txt"));
}

TEST(DecodeToUtf8, UnknownHeaderCharsetFallsThroughToTheDeclaration) {
  const Decoded d = decode_to_utf8(read_fixture("text/gbk-page.html"), "text/html; charset=bogus");
  EXPECT_EQ(d.charset, "gbk");
  EXPECT_NE(d.utf8.find("招商引资"), std::string::npos);
}

TEST(DecodeToUtf8, InvalidBytesUnderUtf8HeaderBecomeReplacement) {
  const Decoded d = decode_to_utf8("ok \xFF\xFE end", "text/html; charset=utf-8");
  EXPECT_EQ(d.charset, "utf-8");
  EXPECT_EQ(d.utf8, "ok \uFFFD\uFFFD end");
}

TEST(DecodeToUtf8, OutputIsAlwaysValidUtf8) {
  std::string noise;
  for (int i = 0; i < 4096; ++i) noise.push_back(static_cast<char>((i * 7919) % 256));
  EXPECT_TRUE(is_valid_utf8(decode_to_utf8(noise, "").utf8));
  EXPECT_TRUE(is_valid_utf8(decode_to_utf8(noise, "text/html; charset=shift_jis").utf8));
}

}  // namespace
}  // namespace headlined::text
