#include "headlined/core/url.hpp"

#include <gtest/gtest.h>

namespace headlined {
namespace {

TEST(CanonicalUrl, LowersSchemeAndHostDropsDefaultPortFragmentAndTracking) {
  EXPECT_EQ(canonical_url("HTTP://News.Example.COM:80/a/b.html?utm_source=x&id=3#top"),
            "http://news.example.com/a/b.html?id=3");
  EXPECT_EQ(canonical_url("https://example.com:443"), "https://example.com/");
  EXPECT_EQ(canonical_url("https://example.com:8443/x/../y/./z"), "https://example.com:8443/y/z");
  EXPECT_EQ(canonical_url("https://example.com/p?utm_medium=a&fbclid=b"), "https://example.com/p");
}

TEST(CanonicalUrl, NormalisesPercentEncodingSoEverySpellingIsOneKey) {
  // Unreserved characters decoded, other escapes upper-cased, raw non-ASCII escaped.
  EXPECT_EQ(canonical_url("http://example.com/%7euser/%61.html"),
            "http://example.com/~user/a.html");
  EXPECT_EQ(canonical_url("http://example.com/a%2fb%3f"), "http://example.com/a%2Fb%3F");
  EXPECT_EQ(canonical_url("http://example.com/新闻/1.html"),
            canonical_url("http://example.com/%e6%96%b0%e9%97%bb/1.html"));
  EXPECT_EQ(canonical_url("http://example.com/新闻"), "http://example.com/%E6%96%B0%E9%97%BB");
  EXPECT_EQ(canonical_url("http://example.com/a b?q=中&x=%41"),
            "http://example.com/a%20b?q=%E4%B8%AD&x=A");
  // A stray "%" is escaped itself rather than misread.
  EXPECT_EQ(canonical_url("http://example.com/100%"), "http://example.com/100%25");
}

TEST(CanonicalUrl, InternationalisedHostsBecomePunycode) {
  EXPECT_EQ(canonical_url("http://新闻.中国/a.html"), "http://xn--efvy88h.xn--fiqs8s/a.html");
  EXPECT_EQ(canonical_url("http://新闻.中国/a.html"),
            canonical_url("http://XN--EFVY88H.xn--fiqs8s/a.html"));
  EXPECT_EQ(canonical_url("https://Bücher.example./"), "https://xn--bcher-kva.example/");
}

TEST(ResolveUrl, HandlesRelativeAbsolutePathAndSchemeRelativeLinks) {
  const std::string base = "http://127.0.0.1:8080/news/list.html?page=2";
  EXPECT_EQ(resolve_url(base, "a/1.html"), "http://127.0.0.1:8080/news/a/1.html");
  EXPECT_EQ(resolve_url(base, "../b.html"), "http://127.0.0.1:8080/b.html");
  EXPECT_EQ(resolve_url(base, "/c.html#x"), "http://127.0.0.1:8080/c.html#x");
  EXPECT_EQ(resolve_url(base, "//other.example/d"), "http://other.example/d");
  EXPECT_EQ(resolve_url(base, "https://x.example/e"), "https://x.example/e");
  EXPECT_EQ(resolve_url(base, "?page=3"), "http://127.0.0.1:8080/news/list.html?page=3");
  EXPECT_EQ(resolve_url(base, "javascript:void(0)"), "");
  EXPECT_EQ(resolve_url(base, "mailto:a@b.c"), "");
}

TEST(UrlParse, RejectsWhatIsNotAnAbsoluteUrl) {
  EXPECT_FALSE(Url::parse("news/1.html"));
  EXPECT_FALSE(Url::parse("http://"));
  EXPECT_FALSE(Url::parse("http://host:port/"));
  auto u = Url::parse("http://[::1]:9000/p?q");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->origin(), "http://[::1]:9000");
}

TEST(UrlParse, RejectsHostsWithForbiddenCharacters) {
  // Found by the URL fuzz target: NUL bytes before a bracketed host parsed as a host, and
  // canonicalising the result again changed it.
  EXPECT_FALSE(Url::parse(std::string("http://\0\0[::1]:9000/p", 22)));
  EXPECT_FALSE(Url::parse("http://exa mple.com/"));
  EXPECT_FALSE(Url::parse("http://[::1]x/"));
  EXPECT_FALSE(Url::parse("http://[zz::1]/"));
  EXPECT_FALSE(Url::parse("http://a<b>.example/"));
  EXPECT_TRUE(Url::parse("http://[::ffff:127.0.0.1]:80/"));
  EXPECT_TRUE(Url::parse("http://新闻.example/a"));
}

TEST(CanonicalUrl, IsIdempotentForHostsWithTrailingDots) {
  // Found by the URL fuzz target: one trailing dot was dropped per pass.
  EXPECT_EQ(canonical_url("http://example.com../a"), "http://example.com/a");
  EXPECT_EQ(canonical_url(canonical_url("http://example.com../a")), "http://example.com/a");
}

}  // namespace
}  // namespace headlined
