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

}  // namespace
}  // namespace headlined
