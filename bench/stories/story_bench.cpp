// The measuring half of bench/stories (bench/stories/run builds the labelled set and scores):
//
//   story_bench pairs PAIRS.json   each item {"a": text, "b": text, "b_traditional": bool}:
//                                  prints {"resemblance": [...], "sign_seconds": ...,
//                                  "bodies": N}; -1 for a pair with a body too short to sign.
//                                  "b_traditional" turns b into Traditional characters
//                                  (OpenCC s2t) first, as a Hong Kong or Taiwan site would.
//   story_bench scale DB [MAX]     stores random signatures in DB's story tables up to MAX
//                                  (default 1,000,000) and times Store::find_story (the
//                                  lookup commit_article makes) at 10k, 100k and 1M, with the
//                                  memory SQLite holds and the process's peak.

#include <opencc/opencc.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
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

long peak_rss_kb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

bool exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) == SQLITE_OK) return true;
  std::cerr << "story_bench: " << (error ? error : "?") << "\n";
  sqlite3_free(error);
  return false;
}

// Appends signatures for snapshot ids (from, to] straight into the story tables (no
// snapshots rows: the lookup reads only these two tables). Band rows go in sorted by key, as
// a bulk load; the daemon inserts one article's at a time.
bool fill(sqlite3* db, std::int64_t from, std::int64_t to, UnixTime now, std::mt19937_64& rng,
          std::vector<std::vector<std::uint32_t>>& kept) {
  if (!exec(db, "BEGIN")) return false;
  sqlite3_stmt* member = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO story_members (snapshot_id, story_id, fetched_at, shingles, "
                     "sketch) VALUES (?1, ?1, ?2, 500, ?3)",
                     -1, &member, nullptr);
  std::vector<std::pair<std::int64_t, std::int64_t>> bands;
  bands.reserve(static_cast<std::size_t>(to - from) * kBands);
  for (std::int64_t id = from + 1; id <= to; ++id) {
    std::vector<std::uint32_t> sketch = random_sketch(rng);
    if (kept.size() < 1000) kept.push_back(sketch);
    const std::string bytes = sketch_to_bytes(sketch);
    sqlite3_bind_int64(member, 1, id);
    sqlite3_bind_int64(member, 2, now - (to - id) % (5 * 24 * 3600));  // within the window
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
  return exec(db, "COMMIT");
}

int run_scale(const std::string& path, std::int64_t max) {
  {
    auto created = store::Store::open(path);  // the real schema, migrated
    if (!created) {
      std::cerr << "story_bench: " << created.error().to_string() << "\n";
      return 2;
    }
  }
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return 2;
  exec(db, "PRAGMA synchronous=OFF");
  std::mt19937_64 rng(19);
  std::vector<std::vector<std::uint32_t>> kept;
  const UnixTime now = 1'750'000'000;
  std::int64_t stored = 0;
  std::printf("%10s %14s %14s %12s %14s %12s\n", "signatures", "lookup us/hit", "lookup us/miss",
              "found", "sqlite MB", "peak RSS MB");
  for (std::int64_t stage :
       {std::int64_t{10'000}, std::int64_t{100'000}, std::int64_t{1'000'000}}) {
    if (stage > max) break;
    if (!fill(db, stored, stage, now, rng, kept)) return 1;
    stored = stage;
    auto opened = store::Store::open(path);
    if (!opened) return 1;
    store::Store& st = **opened;
    // Hits: a stored sketch with a fifth of its minimums changed (a reprint); misses: new ones.
    constexpr int kProbes = 500;
    int found = 0;
    double hit_seconds = 0, miss_seconds = 0;
    for (int i = 0; i < kProbes; ++i) {
      BodySignature hit;
      hit.sketch = kept[static_cast<std::size_t>(i) % kept.size()];
      for (int k = 0; k < kSketchSize; k += 5)
        hit.sketch[static_cast<std::size_t>(k)] ^= 0x5a5a5a5a;
      hit.band_keys = band_keys_of(hit.sketch);
      BodySignature miss;
      miss.sketch = random_sketch(rng);
      miss.band_keys = band_keys_of(miss.sketch);
      auto t0 = Clock::now();
      auto a = st.find_story(hit, now);
      auto t1 = Clock::now();
      auto b = st.find_story(miss, now);
      auto t2 = Clock::now();
      if (!a || !b) return 1;
      found += a->has_value() + b->has_value();
      hit_seconds += std::chrono::duration<double>(t1 - t0).count();
      miss_seconds += std::chrono::duration<double>(t2 - t1).count();
    }
    sqlite3_int64 current = 0, high = 0;
    sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &current, &high, 0);
    std::printf("%10lld %14.1f %14.1f %8d/%d %14.1f %12.1f\n", static_cast<long long>(stage),
                hit_seconds / kProbes * 1e6, miss_seconds / kProbes * 1e6, found, kProbes,
                static_cast<double>(current) / 1e6, static_cast<double>(peak_rss_kb()) / 1e3);
    std::fflush(stdout);
  }
  sqlite3_close(db);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 2 && args[0] == "pairs") return run_pairs(args[1]);
  if ((args.size() == 2 || args.size() == 3) && args[0] == "scale")
    return run_scale(args[1], args.size() == 3 ? std::stoll(args[2]) : 1'000'000);
  std::cerr << "usage: story_bench pairs PAIRS.json | story_bench scale DB [MAX]\n";
  return 2;
}
