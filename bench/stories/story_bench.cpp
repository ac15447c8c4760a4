// The measuring half of bench/stories (bench/stories/run builds the labelled set and scores):
//
//   story_bench pairs PAIRS.json   each item {"a": text, "b": text, "b_traditional": bool}:
//                                  prints {"resemblance": [...], "sign_seconds": ...,
//                                  "bodies": N}; -1 for a pair with a body too short to sign.
//                                  "b_traditional" turns b into Traditional characters
//                                  (OpenCC s2t) first, as a Hong Kong or Taiwan site would.
//   story_bench scale DB [MAX]     stores random signatures in DB's story tables up to MAX
//                                  (default 1,000,000) and at 10k, 100k and 1M runs `lookup`.
//   story_bench lookup DB          in a fresh process, times Store::find_story (the lookup
//                                  commit_article makes) and prints the memory SQLite holds
//                                  and the process's peak RSS: the lookup's memory alone.

#include <opencc/opencc.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "headlined/core/body_signature.hpp"
#include "headlined/match/near_duplicate.hpp"
#include "headlined/store/store.hpp"

using namespace headlined;
using Clock = std::chrono::steady_clock;

namespace {

std::string to_traditional(const std::string& text) {
  static opencc_t converter = opencc_open("/usr/share/opencc/s2t.json");
  if (converter == reinterpret_cast<opencc_t>(-1)) return text;
  char* out = opencc_convert_utf8(converter, text.data(), text.size());
  if (!out) return text;
  std::string result(out);
  opencc_convert_utf8_free(out);
  return result;
}

int run_pairs(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "story_bench: cannot read " << path << "\n";
    return 2;
  }
  nlohmann::json input = nlohmann::json::parse(in);
  nlohmann::json scores = nlohmann::json::array();
  double sign_seconds = 0;
  std::size_t bodies = 0;
  for (const auto& item : input["items"]) {
    std::string a = item["a"].get<std::string>();
    std::string b = item["b"].get<std::string>();
    if (item.value("b_traditional", false)) b = to_traditional(b);
    const auto t0 = Clock::now();
    const BodySignature sa = match::sign_body(a);
    const BodySignature sb = match::sign_body(b);
    sign_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
    bodies += 2;
    scores.push_back(sa.empty() || sb.empty() ? -1.0 : resemblance(sa, sb));
  }
  nlohmann::json out = {{"resemblance", scores},
                        {"sign_seconds", sign_seconds},
                        {"bodies", bodies},
                        {"threshold", kSameStoryResemblance}};
  std::cout << out.dump() << "\n";
  return 0;
}

std::vector<std::uint32_t> random_sketch(std::mt19937_64& rng) {
  std::vector<std::uint32_t> s(kSketchSize);
  for (auto& v : s) v = static_cast<std::uint32_t>(rng());
  return s;
}

// A line of /proc/self/status in MB ("VmHWM": peak resident set, "VmRSS": current).
double status_mb(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(field) + ":";
  while (std::getline(status, line))
    if (line.rfind(prefix, 0) == 0) return std::stod(line.substr(prefix.size())) / 1e3;
  return -1;
}

bool exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) == SQLITE_OK) return true;
  std::cerr << "story_bench: " << (error ? error : "?") << "\n";
  sqlite3_free(error);
  return false;
}

constexpr UnixTime kNow = 1'750'000'000;

// Appends signatures for snapshot ids (from, to] straight into the story tables (no
// snapshots rows: the lookup reads only these two tables). Band rows go in sorted by key, as
// a bulk load (the daemon inserts one article's at a time), with the by-snapshot index
// dropped and rebuilt around the load: inserting 24 million rows into it in random order
// would take hours through a small cache.
bool fill(sqlite3* db, std::int64_t from, std::int64_t to, std::mt19937_64& rng) {
  if (!exec(db, "BEGIN") || !exec(db, "DROP INDEX IF EXISTS story_bands_snapshot")) return false;
  sqlite3_stmt* member = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO story_members (snapshot_id, story_id, fetched_at, shingles, "
                     "sketch) VALUES (?1, ?1, ?2, 500, ?3)",
                     -1, &member, nullptr);
  std::vector<std::pair<std::int64_t, std::int64_t>> bands;
  bands.reserve(static_cast<std::size_t>(to - from) * kBands);
  for (std::int64_t id = from + 1; id <= to; ++id) {
    std::vector<std::uint32_t> sketch = random_sketch(rng);
    const std::string bytes = sketch_to_bytes(sketch);
    sqlite3_bind_int64(member, 1, id);
    sqlite3_bind_int64(member, 2, kNow - (to - id) % (5 * 24 * 3600));  // within the window
    sqlite3_bind_blob(member, 3, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(member) != SQLITE_DONE) return false;
    sqlite3_reset(member);
    for (std::int64_t key : band_keys_of(sketch)) bands.emplace_back(key, id);
  }
  sqlite3_finalize(member);
  std::sort(bands.begin(), bands.end());
  sqlite3_stmt* band = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT OR IGNORE INTO story_bands (band_key, snapshot_id) VALUES (?1, ?2)",
                     -1, &band, nullptr);
  for (const auto& [key, id] : bands) {
    sqlite3_bind_int64(band, 1, key);
    sqlite3_bind_int64(band, 2, id);
    if (sqlite3_step(band) != SQLITE_DONE) return false;
    sqlite3_reset(band);
  }
  sqlite3_finalize(band);
  return exec(db, "CREATE INDEX story_bands_snapshot ON story_bands (snapshot_id)") &&
         exec(db, "COMMIT");
}

// Times Store::find_story on DB as the daemon opens it: 500 lookups of a stored sketch with a
// fifth of its minimums changed (a reprint) and 500 of new random sketches. Run in a process
// of its own (scale starts it), so its peak RSS is the lookup's and not the bulk loader's.
int run_lookup(const std::string& path) {
  const double rss_before_open = status_mb("VmRSS");
  auto opened = store::Store::open(path);
  if (!opened) {
    std::cerr << "story_bench: " << opened.error().to_string() << "\n";
    return 2;
  }
  store::Store& st = **opened;
  std::vector<std::vector<std::uint32_t>> stored;
  {
    sqlite3* db = nullptr;  // a reader beside the store, for the sketches to probe with
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return 2;
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, "SELECT sketch FROM story_members ORDER BY snapshot_id LIMIT 500", -1,
                       &q, nullptr);
    while (sqlite3_step(q) == SQLITE_ROW) {
      const auto* bytes = static_cast<const char*>(sqlite3_column_blob(q, 0));
      stored.push_back(sketch_from_bytes(std::string(bytes, bytes + sqlite3_column_bytes(q, 0))));
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
  }
  if (stored.empty()) return 2;
  sqlite3_int64 ignored = 0, high = 0;
  sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &ignored, &high, 1);  // reset the high-water mark
  std::mt19937_64 rng(91);
  constexpr int kProbes = 500;
  int found = 0;
  double hit_seconds = 0, miss_seconds = 0;
  for (int i = 0; i < kProbes; ++i) {
    BodySignature hit;
    hit.sketch = stored[static_cast<std::size_t>(i) % stored.size()];
    for (int k = 0; k < kSketchSize; k += 5) hit.sketch[static_cast<std::size_t>(k)] ^= 0x5a5a5a5a;
    hit.band_keys = band_keys_of(hit.sketch);
    BodySignature miss;
    miss.sketch = random_sketch(rng);
    miss.band_keys = band_keys_of(miss.sketch);
    auto t0 = Clock::now();
    auto a = st.find_story(hit, kNow);
    auto t1 = Clock::now();
    auto b = st.find_story(miss, kNow);
    auto t2 = Clock::now();
    if (!a || !b) return 1;
    found += a->has_value() + b->has_value();
    hit_seconds += std::chrono::duration<double>(t1 - t0).count();
    miss_seconds += std::chrono::duration<double>(t2 - t1).count();
  }
  sqlite3_int64 current = 0;
  sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &current, &high, 0);
  std::printf("%10s %12.1f %12.1f %8d/%d %11.1f %11.1f %11.1f %11.1f\n", "",
              hit_seconds / kProbes * 1e6, miss_seconds / kProbes * 1e6, found, kProbes,
              static_cast<double>(current) / 1e6, static_cast<double>(high) / 1e6,
              status_mb("VmHWM"), rss_before_open);
  return 0;
}

// Stores random signatures up to MAX in stages (10k, 100k, 1M) and after each stage measures
// the lookup in a child process (this binary's `lookup` mode).
int run_scale(const std::string& path, std::int64_t max) {
  {
    auto created = store::Store::open(path);  // the real schema, migrated
    if (!created) {
      std::cerr << "story_bench: " << created.error().to_string() << "\n";
      return 2;
    }
  }
  std::printf("%10s %12s %12s %12s %11s %11s %11s %11s\n", "signatures", "us/lookup hit",
              "us/lookup new", "found", "sqlite MB", "sqlite peak", "RSS peak MB", "RSS at start");
  // This binary's own path (/proc/self/exe read here: in the shell std::system starts it
  // would name the shell).
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  std::int64_t stored = 0;
  std::mt19937_64 rng(19);
  for (std::int64_t stage :
       {std::int64_t{10'000}, std::int64_t{100'000}, std::int64_t{1'000'000}}) {
    if (stage > max) break;
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return 2;
    // The loader's own settings: a large cache for the bulk load (the lookup process that
    // follows opens the file with the store's defaults).
    exec(db, "PRAGMA synchronous=OFF");
    exec(db, "PRAGMA cache_size=-512000");
    const auto t0 = Clock::now();
    const bool filled = fill(db, stored, stage, rng);
    sqlite3_close(db);
    if (!filled) return 1;
    stored = stage;
    std::printf("%10lld (loaded in %.0f s)\n", static_cast<long long>(stage),
                std::chrono::duration<double>(Clock::now() - t0).count());
    std::fflush(stdout);
    const std::string child = self + " lookup '" + path + "'";
    if (std::system(child.c_str()) != 0) return 1;
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 2 && args[0] == "pairs") return run_pairs(args[1]);
  if (args.size() == 2 && args[0] == "lookup") return run_lookup(args[1]);
  if ((args.size() == 2 || args.size() == 3) && args[0] == "scale")
    return run_scale(args[1], args.size() == 3 ? std::stoll(args[2]) : 1'000'000);
  std::cerr << "usage: story_bench pairs PAIRS.json | story_bench scale DB [MAX] | "
               "story_bench lookup DB\n";
  return 2;
}
