// Stories: finding an earlier copy by LSH band keys, checking it by sketch resemblance,
// and reading a story's other copies.
#include "stories.hpp"

#include <algorithm>
#include <optional>
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

// Earlier snapshots within the window that share a band key with `signature`.
Result<std::vector<std::int64_t>> band_candidates(Connection& impl, const BodySignature& signature,
                                                  std::int64_t self, UnixTime since) {
  std::vector<std::int64_t> ids;
  std::unordered_set<std::int64_t> seen;
  auto st = impl.statements.get(
      impl.db,
      "SELECT b.snapshot_id FROM story_bands b JOIN story_members m "
      "ON m.snapshot_id = b.snapshot_id WHERE b.band_key = ?1 AND b.snapshot_id != ?2 "
      "AND m.fetched_at >= ?3 ORDER BY b.snapshot_id DESC LIMIT ?4");
  for (std::int64_t key : signature.band_keys) {
    st->reset();
    st->bind(1, key).bind(2, self).bind(3, since).bind(4, kCandidatesPerBand);
    int rc;
    while ((rc = st->step()) == SQLITE_ROW) {
      if (seen.insert(st->integer(0)).second) ids.push_back(st->integer(0));
    }
    if (rc != SQLITE_DONE) return std::unexpected(impl.error("commit_article: story lookup"));
  }
  return ids;
}

Result<std::optional<Candidate>> best_copy(Connection& impl, const BodySignature& signature,
                                           const std::vector<std::int64_t>& ids) {
  std::optional<Candidate> best;
  auto st = impl.statements.get(
      impl.db, "SELECT story_id, sketch FROM story_members WHERE snapshot_id = ?1");
  for (std::int64_t id : ids) {
    st->reset();
    st->bind(1, id);
    int rc = st->step();
    if (rc == SQLITE_DONE) continue;
    if (rc != SQLITE_ROW) return std::unexpected(impl.error("commit_article: story sketch"));
    BodySignature other;
    other.sketch = sketch_from_bytes(st->blob(1));
    const double r = resemblance(signature, other);
    if (!same_story(r)) continue;
    // The most resembling copy; on a tie the older one, whose story is the older.
    if (!best || r > best->resemblance || (r == best->resemblance && id < best->id))
      best = Candidate{id, st->integer(0), r};
  }
  return best;
}

// The story of the most resembling earlier snapshot within the window, if one is the same.
Result<std::optional<Candidate>> lookup_story(Connection& impl, const BodySignature& signature,
                                              std::int64_t self, UnixTime at) {
  auto ids = band_candidates(impl, signature, self, at - impl.story_window.count());
  if (!ids) return std::unexpected(ids.error());
  return best_copy(impl, signature, *ids);
}

}  // namespace

Result<std::int64_t> join_story(Connection& impl, std::int64_t snapshot_id,
                                const Snapshot& snapshot) {
  const BodySignature& signature = snapshot.signature;
  if (signature.empty()) return std::int64_t{0};
  auto best = lookup_story(impl, signature, snapshot_id, snapshot.fetched_at);
  if (!best) return std::unexpected(best.error());
  const std::int64_t story_id = *best ? (*best)->story_id : snapshot_id;

  // Prepared once per connection: these four statements run for every stored article.
  auto member = impl.statements.get(
      impl.db,
      "INSERT INTO story_members (snapshot_id, story_id, fetched_at, shingles, sketch) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  member->bind(1, snapshot_id).bind(2, story_id).bind(3, snapshot.fetched_at);
  member->bind(4, static_cast<std::int64_t>(signature.shingles));
  member->bind_blob(5, sketch_to_bytes(signature.sketch));
  if (member->step() != SQLITE_DONE) return std::unexpected(impl.error("commit_article: story"));
  auto band = impl.statements.get(
      impl.db, "INSERT OR IGNORE INTO story_bands (band_key, snapshot_id) VALUES (?1, ?2)");
  for (std::int64_t key : signature.band_keys) {
    band->reset();
    band->bind(1, key).bind(2, snapshot_id);
    if (band->step() != SQLITE_DONE)
      return std::unexpected(impl.error("commit_article: story band"));
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
  auto best = lookup_story(*impl_, signature, 0, at);
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
