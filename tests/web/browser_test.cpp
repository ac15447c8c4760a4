// The pages in a real browser: Debian's chromium, headless, loads a snapshot page and a
// search page from a front on 127.0.0.1; the DOM it built must hold the seed's layout and the
// marked hits, and its screenshot must be a PNG. chromium is required (scripts/install-deps
// --test installs it): a missing browser fails the test rather than skipping it.
// HEADLINED_SCREENSHOT_DIR=DIR keeps the screenshots there (docs/img was made so).
#include <gtest/gtest.h>

#include <vector>

#include <cstdlib>
#include <filesystem>

#include "support/run_command.hpp"
#include "web_fixture.hpp"

namespace headlined::web::testing {
namespace {

using headlined::testing::read_file;
using headlined::testing::run_command;

constexpr const char* kChromium = "/usr/bin/chromium";

std::string chromium(const std::string& args) {
  // --no-sandbox: the suite runs as root in CI, where chromium's sandbox refuses to start.
  return std::string(kChromium) +
         " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage "
         "--no-first-run --hide-scrollbars --lang=zh-CN " +
         args + " 2>/dev/null";
}

class Browser : public WebTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(kChromium))
        << kChromium << " is missing: scripts/install-deps --test installs Debian's chromium";
    FrontOptions options;
    options.settings.site_name = "资讯快照";
    start(
        [&](store::Store& s) {
          id_ = add(s, seed_snapshot("https://zibo.example/news/gaoqing.html", 1713055507));
          add(s, english_snapshot("https://coast.example/1.html", "高质量招商引资 推进会",
                                  "各地聚焦高质量招商引资,推进项目落地。", 1713000000));
        },
        options);
  }

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port()) + path;
  }

  std::string shot_path(const std::string& name) const {
    const char* keep = std::getenv("HEADLINED_SCREENSHOT_DIR");
    return keep && *keep ? std::string(keep) + "/" + name : dir_.file(name);
  }

  void expect_png(const std::string& path) {
    const std::string png = read_file(path);
    ASSERT_GT(png.size(), 1000u) << path;
    EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  }

  std::int64_t id_ = 0;
};

TEST_F(Browser, RendersTheSnapshotPage) {
  const std::string page = url("/s/" + std::to_string(id_));
  auto dom = run_command(chromium("--dump-dom '" + page + "'"));
  ASSERT_EQ(dom.status, 0) << dom.out;
  for (const std::string& part : std::vector<std::string>{
           "本文转自:淄博日报", "<h1>高青:请进优质合伙人共赢未来</h1>", "□本报记者 董振霞",
           "由资讯快照爬虫进行采集并收录", "快照生成时间:", "如有侵权请联系我们进行删除",
           "信息原文地址: <a href=\"https://zibo.example/news/gaoqing.html?from=rss\""}) {
    EXPECT_NE(dom.out.find(part), std::string::npos) << part << "\n" << dom.out;
  }
  const std::string shot = shot_path("web-snapshot.png");
  auto taken =
      run_command(chromium("--window-size=420,900 --screenshot='" + shot + "' '" + page + "'"));
  ASSERT_EQ(taken.status, 0);
  expect_png(shot);
}

TEST_F(Browser, RendersASearchWithMarkedHits) {
  const std::string page = url("/search?q=%E6%8B%9B%E5%95%86%E5%BC%95%E8%B5%84");  // 招商引资
  auto dom = run_command(chromium("--dump-dom '" + page + "'"));
  ASSERT_EQ(dom.status, 0) << dom.out;
  EXPECT_NE(dom.out.find("<mark>招商引资</mark>"), std::string::npos) << dom.out;
  EXPECT_NE(dom.out.find("高青:请进优质合伙人共赢未来"), std::string::npos);
  EXPECT_NE(dom.out.find("高质量招商引资 推进会"), std::string::npos);
  const std::string shot = shot_path("web-search.png");
  auto taken =
      run_command(chromium("--window-size=420,900 --screenshot='" + shot + "' '" + page + "'"));
  ASSERT_EQ(taken.status, 0);
  expect_png(shot);
}

}  // namespace
}  // namespace headlined::web::testing
