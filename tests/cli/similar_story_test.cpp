// `headlined similar A B` and the story lines of `show`, `search` and `export`, through the
// real binary.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "cli_fixture.hpp"
#include "headlined/match/near_duplicate.hpp"
#include "headlined/store/store.hpp"
#include "support/story_texts.hpp"
#include "support/temp_dir.hpp"

namespace headlined::cli::testing {
namespace {

using headlined::testing::city_paper;
using headlined::testing::kHarbourFollowUp;
using headlined::testing::kHarbourReport;
using headlined::testing::kHarbourReprint;
using headlined::testing::portal;
using headlined::testing::TempDir;
using headlined::testing::write_file;

class SimilarCommand : public ::testing::Test {
 protected:
  std::string page(const std::string& name, const std::string& html) {
    write_file(dir_.file(name), html);
    return shell_quoted(dir_.file(name));
  }
  TempDir dir_;
};

TEST_F(SimilarCommand, SameStoryInTwoTemplatesExitsZero) {
  const std::string a = page("a.html", city_paper("东港码头复航", kHarbourReport));
  const std::string b = page("b.html", portal("台风后东港码头恢复通航", kHarbourReprint));
  Output out = headlined("similar " + a + " " + b);
  EXPECT_EQ(out.status, 0) << out.out;
  EXPECT_NE(out.out.find("same story"), std::string::npos) << out.out;
  Output json = headlined("similar --json " + a + " " + b);
  auto j = nlohmann::json::parse(json.out);
  EXPECT_TRUE(j["same_story"].get<bool>());
  EXPECT_GE(j["resemblance"].get<double>(), kSameStoryResemblance);
}

TEST_F(SimilarCommand, DifferentStoriesOnOneTemplateExitOne) {
  Output out = headlined("similar " + page("a.html", city_paper("东港码头复航", kHarbourReport)) +
                         " " + page("b.html", city_paper("货运回升", kHarbourFollowUp)));
  EXPECT_EQ(out.status, 1) << out.out;
  EXPECT_NE(out.out.find("different stories"), std::string::npos) << out.out;
}

TEST_F(SimilarCommand, BadInputExitsTwoNamingThePage) {
  const std::string a = page("a.html", city_paper("东港码头复航", kHarbourReport));
  Output missing = headlined("similar " + a + " " + shell_quoted(dir_.file("none.html")) + " 2>&1");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.out.find("none.html"), std::string::npos) << missing.out;
  Output short_page = headlined("similar " + a + " " +
                                page("short.html", city_paper("短讯", "码头复航。")) + " 2>&1");
  EXPECT_EQ(short_page.status, 2);
  EXPECT_NE(short_page.out.find("short.html: too little article text"), std::string::npos)
      << short_page.out;
}

TEST_F(SimilarCommand, ShowSearchAndExportListTheOtherCopies) {
  const std::string db = dir_.file("h.db");
  {
    auto store = store::Store::open(db);
    ASSERT_TRUE(store);
    auto add = [&](const std::string& url, const std::string& source, const std::string& body,
                   const std::string& attribution) {
      Snapshot s;
      s.article.url = url;
      s.article.title = "东港码头复航";
      s.article.body = body;
      s.article.source_name = source;
      s.article.attribution = attribution;
      s.original_url = url;
      s.fetched_at = now_unix();
      s.signature = match::sign_body(body);
      auto id = (*store)->commit_article(s, {Match{"harbour", {"码头"}, "码头"}},
                                         {store::NewDelivery{"harbour", "log", true}});
      EXPECT_TRUE(id);
      return id ? *id : 0;
    };
    add("https://dg.example/1.html", "donggang", kHarbourReport, "");
    const std::int64_t reprint =
        add("https://hk.example/9.html", "hkportal", kHarbourReprint, "东港日报");
    ASSERT_GT(reprint, 0);
  }
  Output show = headlined("show --db " + shell_quoted(db) + " https://dg.example/1.html");
  EXPECT_EQ(show.status, 0);
  EXPECT_NE(show.out.find("also published by:\n  hkportal  https://hk.example/9.html"),
            std::string::npos)
      << show.out;
  EXPECT_NE(show.out.find("original outlet: 东港日报"), std::string::npos) << show.out;

  Output search = headlined("search --db " + shell_quoted(db) + " --json 外堤");
  auto hits = nlohmann::json::parse(search.out);
  ASSERT_EQ(hits.size(), 2u);
  for (const auto& hit : hits)
    EXPECT_EQ(hit["story"]["also_published_by"].size(), 1u) << hit.dump();

  Output exported =
      headlined("export --db " + shell_quoted(db) + " --subscription harbour --format json");
  auto feed = nlohmann::json::parse(exported.out);
  ASSERT_EQ(feed["articles"].size(), 2u);  // the reprint is recorded, though not alerted
  EXPECT_EQ(feed["articles"][0]["story"]["original_outlet"], "东港日报");
}

}  // namespace
}  // namespace headlined::cli::testing
