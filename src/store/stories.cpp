// Stories: finding an earlier copy by LSH band keys, checking it by sketch resemblance,
// and reading a story's other copies.
#include "stories.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "backend_shared.hpp"
#include "headlined/store/store.hpp"

namespace headlined::store {

namespace {

struct Candidate {
  std::int64_t id = 0;
  std::int64_t story_id = 0;
  double resemblance = 0;
};

// What a lookup has seen so far: the candidates compared, and the most resembling same-story
// one. The choice does not depend on the order candidates come in: the highest resemblance,
// on a tie the older copy, whose story is the older.
struct Search {
  std::unordered_set<std::int64_t> seen;
  std::optional<Candidate> best;

  void consider(std::int64_t id, std::int64_t story_id, double r) {
    if (!same_story(r)) return;
    if (!best || r > best->resemblance || (r == best->resemblance && id < best->id))
      best = Candidate{id, story_id, r};
  }
};

// The sketch's share of values equal to those of a stored sketch, read in place (the stored
// bytes are little-endian uint32s): resemblance() of the sketch sketch_from_bytes would make,
// without making it.
double resemblance_to_stored(const BodySignature& signature, const unsigned char* bytes,
                             std::size_t size) {
  const std::size_t n = signature.sketch.size();
  constexpr auto kSize = static_cast<std::size_t>(kSketchSize);
  if (n == 0 || n != kSize || size != kSize * 4) return 0.0;
  std::size_t equal = 0;
  for (std::size_t i = 0; i < n; ++i, bytes += 4) {
    const std::uint32_t v =
        static_cast<std::uint32_t>(bytes[0]) | static_cast<std::uint32_t>(bytes[1]) << 8 |
        static_cast<std::uint32_t>(bytes[2]) << 16 | static_cast<std::uint32_t>(bytes[3]) << 24;
    equal += v == signature.sketch[i];
  }
  return static_cast<double>(equal) / static_cast<double>(n);
}

// resemblance() for a cached sketch, which is kept without its signature: the same rule.
double resemblance_to_cached(const BodySignature& signature,
                             const std::vector<std::uint32_t>& sketch) {
  const std::vector<std::uint32_t>& own = signature.sketch;
  if (own.empty() || sketch.empty() || own.size() != sketch.size()) return 0.0;
  std::size_t equal = 0;
  for (std::size_t i = 0; i < own.size(); ++i) equal += own[i] == sketch[i];
  return static_cast<double>(equal) / static_cast<double>(own.size());
}

// The store's newest `limit` members under band key `key` with ids up to `max_id`, fetched
// within the window, other than `self`: their story and sketch come in the same row, and
// each is compared once.
Result<void> search_store(Connection& impl, const BodySignature& signature, std::int64_t key,
                          std::int64_t self, UnixTime since, std::int64_t max_id, int limit,
                          Search& search) {
  auto st = impl.statements.get(
      impl.db,
      "SELECT b.snapshot_id, m.story_id, m.sketch FROM story_bands b JOIN story_members m "
      "ON m.snapshot_id = b.snapshot_id WHERE b.band_key = ?1 AND b.snapshot_id != ?2 "
      "AND b.snapshot_id <= ?5 AND m.fetched_at >= ?3 ORDER BY b.snapshot_id DESC LIMIT ?4");
  st->bind(1, key).bind(2, self).bind(3, since).bind(4, static_cast<std::int64_t>(limit));
  st->bind(5, max_id);
  int rc;
  while ((rc = st->step()) == SQLITE_ROW) {
    const std::int64_t id = st->integer(0);
    if (!search.seen.insert(id).second) continue;
    auto [bytes, size] = st->blob_view(2);
    search.consider(id, st->integer(1), resemblance_to_stored(signature, bytes, size));
  }
  if (rc != SQLITE_DONE) return std::unexpected(impl.error("commit_article: story lookup"));
  return {};
}

// The story of the most resembling earlier snapshot within the window, if one is the same.
// With the writer's cache (synchronised in this transaction) each band key's newest members
// come from memory, and the store is asked only for what may lie below the cache's floor.
Result<std::optional<Candidate>> lookup_story(Connection& impl, const BodySignature& signature,
                                              std::int64_t self, UnixTime at,
                                              const StoryCache* cache) {
  const UnixTime since = at - impl.story_window.count();
  Search search;
  std::vector<const StoryCache::Member*> cached;
  for (std::int64_t key : signature.band_keys) {
    int found = 0;
    std::int64_t below = std::numeric_limits<std::int64_t>::max();
    if (cache) {
      cached.clear();
      found = cache->newest_under(key, self, since, kCandidatesPerBand, cached);
      for (const StoryCache::Member* m : cached) {
        if (search.seen.insert(m->id).second)
          search.consider(m->id, m->story_id, resemblance_to_cached(signature, m->sketch));
      }
      if (found == kCandidatesPerBand || cache->floor() == 0 || !cache->store_may_hold_older(since))
        continue;
      below = cache->floor();
    }
    auto r =
        search_store(impl, signature, key, self, since, below, kCandidatesPerBand - found, search);
    if (!r) return std::unexpected(r.error());
  }
  return search.best;
}

// One statement for a signature's kBands band rows (the usual case), else one per row.
Result<void> insert_bands(Connection& impl, std::int64_t snapshot_id,
                          const std::vector<std::int64_t>& keys) {
  static const std::string all_bands = [] {
    std::string sql = "INSERT OR IGNORE INTO story_bands (band_key, snapshot_id) VALUES ";
    for (int i = 1; i <= kBands; ++i)
      sql += (i > 1 ? ", (?" : "(?") + std::to_string(i) + ", ?" + std::to_string(kBands + 1) + ")";
    return sql;
  }();
  if (keys.size() == static_cast<std::size_t>(kBands)) {
    auto st = impl.statements.get(impl.db, all_bands);
    for (int i = 0; i < kBands; ++i) st->bind(i + 1, keys[static_cast<std::size_t>(i)]);
    st->bind(kBands + 1, snapshot_id);
    if (st->step() != SQLITE_DONE) return std::unexpected(impl.error("commit_article: story band"));
    return {};
  }
  auto band = impl.statements.get(
      impl.db, "INSERT OR IGNORE INTO story_bands (band_key, snapshot_id) VALUES (?1, ?2)");
  for (std::int64_t key : keys) {
    band->reset();
    band->bind(1, key).bind(2, snapshot_id);
    if (band->step() != SQLITE_DONE)
      return std::unexpected(impl.error("commit_article: story band"));
  }
  return {};
}

std::vector<std::uint32_t> as_stored(const std::vector<std::uint32_t>& sketch) {
  if (sketch.size() == static_cast<std::size_t>(kSketchSize)) return sketch;
  return {};  // sketch_from_bytes gives back no sketch for bytes of another length
}

}  // namespace

Result<void> sync_story_cache(Connection& impl) {
  StoryCache& cache = impl.story_cache;
  auto count = impl.statements.get(impl.db, "SELECT count FROM story_member_changes");
  if (count->step() != SQLITE_ROW) return std::unexpected(impl.error("story cache: changes"));
  const std::int64_t changes = count->integer(0);
  if (!cache.primed() || cache.changes() != changes) {
    // First use, or members were deleted or changed since: start over from the store.
    auto top =
        impl.statements.get(impl.db, "SELECT coalesce(max(snapshot_id), 0) FROM story_members");
    if (top->step() != SQLITE_ROW) return std::unexpected(impl.error("story cache: newest"));
    cache.prime(top->integer(0), changes);
    return {};
  }
  // Members stored since by other connections or nodes: writers take turns, so theirs all
  // have ids above the watermark.
  auto added =
      impl.statements.get(impl.db,
                          "SELECT snapshot_id, story_id, fetched_at, sketch FROM story_members "
                          "WHERE snapshot_id > ?1 ORDER BY snapshot_id");
  added->bind(1, cache.watermark());
  auto bands =
      impl.statements.get(impl.db, "SELECT band_key FROM story_bands WHERE snapshot_id = ?1");
  int rc;
  while ((rc = added->step()) == SQLITE_ROW) {
    StoryCache::Member m;
    m.id = added->integer(0);
    m.story_id = added->integer(1);
    m.fetched_at = added->integer(2);
    m.sketch = sketch_from_bytes(added->blob(3));
    bands->reset();
    bands->bind(1, m.id);
    int brc;
    while ((brc = bands->step()) == SQLITE_ROW) m.band_keys.push_back(bands->integer(0));
    if (brc != SQLITE_DONE) return std::unexpected(impl.error("story cache: bands"));
    cache.add(std::move(m));
  }
  if (rc != SQLITE_DONE) return std::unexpected(impl.error("story cache: members"));
  return {};
}

void forget_story_cache(Connection& impl) {
  std::lock_guard lock(impl.mutex);
  impl.story_cache.reset();
}

Result<std::int64_t> join_story(Connection& impl, std::int64_t snapshot_id,
                                const Snapshot& snapshot) {
  const BodySignature& signature = snapshot.signature;
  if (signature.empty()) return std::int64_t{0};
  StoryCache* cache = impl.story_cache.primed() ? &impl.story_cache : nullptr;
  auto best = lookup_story(impl, signature, snapshot_id, snapshot.fetched_at, cache);
  if (!best) return std::unexpected(best.error());
  const std::int64_t story_id = *best ? (*best)->story_id : snapshot_id;

  // Prepared once per connection: these statements run for every stored article.
  auto member = impl.statements.get(
      impl.db,
      "INSERT INTO story_members (snapshot_id, story_id, fetched_at, shingles, sketch) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  member->bind(1, snapshot_id).bind(2, story_id).bind(3, snapshot.fetched_at);
  member->bind(4, static_cast<std::int64_t>(signature.shingles));
  member->bind_blob(5, sketch_to_bytes(signature.sketch));
  if (member->step() != SQLITE_DONE) return std::unexpected(impl.error("commit_article: story"));
  if (auto r = insert_bands(impl, snapshot_id, signature.band_keys); !r)
    return std::unexpected(r.error());
  if (cache) {
    cache->add(StoryCache::Member{snapshot_id, story_id, snapshot.fetched_at,
                                  as_stored(signature.sketch), signature.band_keys});
  }
  return story_id;
}

Result<bool> story_matched_before(Connection& impl, std::int64_t story_id, std::int64_t snapshot_id,
                                  const std::string& subscription) {
  Statement st(impl.db,
               "SELECT 1 FROM story_members s JOIN matches m ON m.snapshot_id = s.snapshot_id "
               "WHERE s.story_id = ?1 AND s.snapshot_id != ?2 AND m.subscription = ?3 LIMIT 1");
  st.bind(1, story_id).bind(2, snapshot_id).bind(3, subscription);
  const int rc = st.step();
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return std::unexpected(impl.error("commit_article: story alerts"));
}

std::string original_outlet(const std::string& own_attribution,
                            const std::vector<StoryCopy>& copies) {
  if (!own_attribution.empty()) return own_attribution;
  for (const StoryCopy& c : copies)
    if (c.head && !c.attribution.empty()) return c.attribution;
  for (const StoryCopy& c : copies)
    if (!c.attribution.empty()) return c.attribution;
  return "";
}

Result<std::optional<std::int64_t>> SqliteStore::find_story(const BodySignature& signature,
                                                            UnixTime at) const {
  std::lock_guard lock(impl_->mutex);
  if (signature.empty()) return std::optional<std::int64_t>{};
  auto best = lookup_story(*impl_, signature, 0, at, nullptr);
  if (!best) return std::unexpected(best.error());
  if (!*best) return std::optional<std::int64_t>{};
  return (*best)->story_id;
}

void SqliteStore::set_story_window(std::chrono::seconds window) {
  std::lock_guard lock(impl_->mutex);
  impl_->story_window = window;
}

Result<std::vector<StoryCopy>> SqliteStore::story_copies(std::int64_t snapshot_id) const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "SELECT s.id, s.url, s.source_name, s.title, s.attribution, s.fetched_at, "
               "m.snapshot_id = m.story_id FROM story_members self "
               "JOIN story_members m ON m.story_id = self.story_id "
               "JOIN snapshots s ON s.id = m.snapshot_id "
               "WHERE self.snapshot_id = ?1 AND m.snapshot_id != ?1 ORDER BY s.id");
  st.bind(1, snapshot_id);
  std::vector<StoryCopy> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    out.push_back(StoryCopy{st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4),
                            st.integer(5), st.integer(6) != 0});
  }
  if (rc != SQLITE_DONE) return std::unexpected(impl_->error("story_copies"));
  return out;
}

}  // namespace headlined::store
