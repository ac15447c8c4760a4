// The story step's lookup as the writer runs it (on SQLite from its cache of the newest
// members, the store asked below the cache's floor) against the store's own lookup
// (Store::find_story): the same story for every article, with band keys shared by more
// articles than the per-key cap, a story window that leaves some out, groups, a restart, and
// other connections storing and taking down copies in between.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "seed_article.hpp"
#include "store_fixture.hpp"

namespace headlined::store::testing {
namespace {

// A sketch of values from small alphabets: the values the band keys hash take one of 2, so
// two such sketches share a band key one time in 4 and a few hundred of them make keys held
// by more articles than the per-key cap; the rest take one of 4, which puts the resemblance
// of two of them around 0.34, some pairs at the 0.45 threshold and over.
BodySignature small_alphabet_signature(std::mt19937& rng) {
  BodySignature s;
  for (int i = 0; i < kSketchSize; ++i)
    s.sketch.push_back(static_cast<std::uint32_t>(rng() % (i < kBands * kBandRows ? 2 : 4)));
  s.shingles = 300;
  s.band_keys = band_keys_of(s.sketch);
  return s;
}

BodySignature fixed_signature(std::uint32_t base) {
  BodySignature s;
  for (int i = 0; i < kSketchSize; ++i) s.sketch.push_back(base + static_cast<std::uint32_t>(i));
  s.shingles = 200;
  s.band_keys = band_keys_of(s.sketch);
  return s;
}

class StoryLookupTest : public StoreTest {
 protected:
  Snapshot article(const std::string& url, const BodySignature& sig, UnixTime at) {
    Snapshot s = seed_snapshot(url, at);
    s.signature = sig;
    return s;
  }
  std::int64_t story_of(std::int64_t id) {
    return std::stoll(
        raw_query("SELECT story_id FROM story_members WHERE snapshot_id = " + std::to_string(id)));
  }
};

// docs/stories.md's rule written out plainly over the articles stored so far (ascending ids):
// under each band key the newest 32 within the window, the most resembling at 0.45 or more,
// on a tie the older one; its story, else the article's own id.
struct Reference {
  struct Stored {
    std::int64_t id;
    std::int64_t story;
    UnixTime at;
    BodySignature signature;
  };
  std::vector<Stored> stored;

  std::int64_t story_for(std::int64_t id, const BodySignature& sig, UnixTime at) const {
    const UnixTime since = at - 7 * kDay;
    const Stored* best = nullptr;
    double best_r = 0;
    for (std::int64_t key : sig.band_keys) {
      int taken = 0;
      for (auto it = stored.rbegin(); it != stored.rend() && taken < 32; ++it) {
        const auto& keys = it->signature.band_keys;
        if (it->at < since || std::find(keys.begin(), keys.end(), key) == keys.end()) continue;
        ++taken;
        const double r = resemblance(sig, it->signature);
        if (!same_story(r)) continue;
        if (!best || r > best_r || (r == best_r && it->id < best->id)) {
          best = &*it;
          best_r = r;
        }
      }
    }
    return best ? best->story : id;
  }
};

// Hundreds of articles with a check of each through a second connection: on SQLite only,
// whose writer has the cache (PostgreSQL's writer uses the store's lookup itself, and a raw
// query there costs a connection each).
class StoryLookupBulkTest : public StoryLookupTest {};

TEST_P(StoryLookupBulkTest, TheWriterFollowsTheRuleInGroupsAndAfterARestart) {
  std::mt19937 rng(20261130);
  Reference reference;
  int joined = 0;
  int headed = 0;
  std::vector<ArticleToCommit> group;
  auto commit_group = [&] {
    std::vector<const ArticleToCommit*> pointers;
    for (const ArticleToCommit& a : group) pointers.push_back(&a);
    auto outcomes = store_->commit_articles(pointers);
    ASSERT_TRUE(outcomes) << outcomes.error().to_string();
    for (std::size_t i = 0; i < group.size(); ++i) {
      ASSERT_TRUE((*outcomes)[i]) << (*outcomes)[i].error().to_string();
      const std::int64_t id = (*outcomes)[i]->id;
      const Snapshot& s = group[i].snapshot;
      const std::int64_t expected = reference.story_for(id, s.signature, s.fetched_at);
      const std::int64_t story = story_of(id);
      EXPECT_EQ(story, expected) << "article " << id;
      reference.stored.push_back({id, story, s.fetched_at, s.signature});
      story == id ? ++headed : ++joined;
    }
    group.clear();
  };
  const int kArticles = 240;
  for (int i = 0; i < kArticles; ++i) {
    // Fetch times out of order over ten days, so the 7-day window leaves some candidates out.
    const UnixTime at = kNow + static_cast<UnixTime>((i * 7919) % kArticles) * (10 * kDay / 240);
    group.push_back(ArticleToCommit{
        article("https://a.example/" + std::to_string(i), small_alphabet_signature(rng), at),
        {},
        {}});
    if (group.size() == 8) commit_group();
    // A restart halfway: the new connection's cache starts above members it never loaded.
    if (i == kArticles / 2) {
      if (!group.empty()) commit_group();
      reopen();
    }
  }
  if (!group.empty()) commit_group();
  // Both happened, so the comparison covered joins and new stories alike.
  EXPECT_GT(joined, 20);
  EXPECT_GT(headed, 20);
}

TEST_P(StoryLookupBulkTest, EveryArticleJoinsWhatTheStoreLookupNamesOneByOne) {
  std::mt19937 rng(7);
  for (int i = 0; i < 160; ++i) {
    const UnixTime at = kNow + static_cast<UnixTime>((i * 37) % 160) * (9 * kDay / 160);
    const Snapshot s =
        article("https://b.example/" + std::to_string(i), small_alphabet_signature(rng), at);
    auto expected = store_->find_story(s.signature, s.fetched_at);
    ASSERT_TRUE(expected) << expected.error().to_string();
    auto id = store_->commit_article(s, {}, {});
    ASSERT_TRUE(id) << id.error().to_string();
    EXPECT_EQ(story_of(*id), expected->value_or(*id)) << "article " << i;
    if (i == 80) reopen();
  }
}

TEST_P(StoryLookupTest, AnotherWriterCopiesAndTakedownsAreSeen) {
  auto other = Store::open(location());
  ASSERT_TRUE(other) << other.error().to_string();
  // This writer stores first, so its cache is in use before the other writes.
  ASSERT_TRUE(
      store_->commit_article(article("https://a.example/0", fixed_signature(9000), kNow), {}, {}));
  auto head =
      (*other)->commit_article(article("https://b.example/1", fixed_signature(1000), kNow), {}, {});
  ASSERT_TRUE(head) << head.error().to_string();
  // A copy stored here joins the story the other writer's article heads.
  auto copy = store_->commit_article(
      article("https://c.example/2", fixed_signature(1000), kNow + 60), {}, {});
  ASSERT_TRUE(copy) << copy.error().to_string();
  EXPECT_EQ(story_of(*copy), *head);

  // The other writer takes both down and stores an unrelated article, perhaps under a freed
  // id: a third copy stored here must head a story of its own, not join a deleted one.
  ASSERT_TRUE((*other)->take_down("https://c.example/2", "request", kNow + 100));
  ASSERT_TRUE((*other)->take_down("https://b.example/1", "request", kNow + 100));
  ASSERT_TRUE((*other)->commit_article(
      article("https://d.example/3", fixed_signature(5000), kNow + 120), {}, {}));
  auto third = store_->commit_article(
      article("https://e.example/4", fixed_signature(1000), kNow + 180), {}, {});
  ASSERT_TRUE(third) << third.error().to_string();
  EXPECT_EQ(story_of(*third), *third);
  EXPECT_TRUE(store_->story_copies(*third)->empty());
}

TEST_P(StoryLookupTest, AnArticleUndoneInItsGroupIsNotACandidate) {
  // The second article of the group fails after its story step (a delivery the store
  // refuses), so it is undone alone; the third, a copy of it, must not join it.
  raw_query(on_postgresql()
                ? "CREATE FUNCTION refuse_delivery() RETURNS trigger LANGUAGE plpgsql AS "
                  "$$BEGIN IF NEW.subscription = 'refused' THEN RAISE EXCEPTION 'refused'; "
                  "END IF; RETURN NEW; END$$; "
                  "CREATE TRIGGER refuse BEFORE INSERT ON deliveries "
                  "FOR EACH ROW EXECUTE FUNCTION refuse_delivery()"
                : "CREATE TRIGGER refuse BEFORE INSERT ON deliveries "
                  "WHEN NEW.subscription = 'refused' BEGIN SELECT RAISE(ABORT, 'refused'); END");
  ArticleToCommit first{article("https://a.example/1", fixed_signature(9000), kNow), {}, {}};
  ArticleToCommit undone{article("https://b.example/2", fixed_signature(1000), kNow),
                         {Match{"refused", {"码头"}, "…"}},
                         {NewDelivery{"refused", "log", true}}};
  ArticleToCommit copy{article("https://c.example/3", fixed_signature(1000), kNow + 60), {}, {}};
  auto outcomes = store_->commit_articles({&first, &undone, &copy});
  ASSERT_TRUE(outcomes) << outcomes.error().to_string();
  ASSERT_TRUE((*outcomes)[0]);
  EXPECT_FALSE((*outcomes)[1]);
  ASSERT_TRUE((*outcomes)[2]);
  const std::int64_t id = (*outcomes)[2]->id;
  EXPECT_EQ(story_of(id), id);
  // And a later copy joins that third article, not the undone one.
  auto later = store_->commit_article(
      article("https://d.example/4", fixed_signature(1000), kNow + 90), {}, {});
  ASSERT_TRUE(later) << later.error().to_string();
  EXPECT_EQ(story_of(*later), id);
}

HEADLINED_ON_EVERY_BACKEND(StoryLookupTest);
HEADLINED_ON_SQLITE_ONLY(StoryLookupBulkTest);

}  // namespace
}  // namespace headlined::store::testing
