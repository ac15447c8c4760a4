#include "headlined/core/time_zone.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <vector>

namespace headlined {

namespace {

struct Zone {
  std::vector<std::int64_t> transitions;  // UTC seconds, ascending
  std::vector<int> offset_after;          // the offset from each transition on
  int initial_offset = 0;                 // before the first transition
};

// Names come from the config; nothing may climb out of the zoneinfo folder.
bool safe_zone_name(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string::npos) return false;
  return std::ranges::all_of(name, [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
           c == '_' || c == '-' || c == '+';
  });
}

std::int64_t be(const std::string& data, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = v << 8 | static_cast<unsigned char>(data[at + i]);
  if (bytes == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
  return static_cast<std::int64_t>(v);
}

// RFC 8536 TZif: the version 2+ block (64-bit times) when present, else version 1.
Result<Zone> parse_tzif(const std::string& data, const std::string& where) {
  auto bad = [&] { return fail("not a TZif time zone file", where); };
  constexpr std::size_t kHeader = 44;
  if (data.size() < kHeader || data.compare(0, 4, "TZif") != 0) return bad();
  auto counts = [&](std::size_t at) {
    std::array<std::int64_t, 6> c{};
    for (int i = 0; i < 6; ++i) c[i] = be(data, at + 20 + 4 * i, 4);
    return c;  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  };
  std::size_t at = 0;
  int time_size = 4;
  auto c = counts(at);
  if (data[4] >= '2') {
    std::size_t v1 = static_cast<std::size_t>(c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0]);
    at = kHeader + v1;
    if (data.size() < at + kHeader || data.compare(at, 4, "TZif") != 0) return bad();
    c = counts(at);
    time_size = 8;
  }
  const auto timecnt = static_cast<std::size_t>(c[3]);
  const auto typecnt = static_cast<std::size_t>(c[4]);
  std::size_t times_at = at + kHeader;
  std::size_t index_at = times_at + timecnt * time_size;
  std::size_t types_at = index_at + timecnt;
  if (typecnt == 0 || data.size() < types_at + typecnt * 6) return bad();
  std::vector<int> type_offset(typecnt);
  for (std::size_t i = 0; i < typecnt; ++i)
    type_offset[i] = static_cast<int>(be(data, types_at + i * 6, 4));
  Zone zone;
  zone.initial_offset = type_offset[0];
  for (std::size_t i = 0; i < timecnt; ++i) {
    auto type = static_cast<unsigned char>(data[index_at + i]);
    if (type >= typecnt) return bad();
    zone.transitions.push_back(be(data, times_at + i * time_size, time_size));
    zone.offset_after.push_back(type_offset[type]);
  }
  return zone;
}

// Zones are read once per process; the files do not change under a running daemon. The
// cache's nodes never move, so the pointer handed out stays valid.
Result<const Zone*> load_zone(const std::string& name) {
  static std::mutex mutex;
  static std::map<std::string, Zone> cache;
  std::lock_guard lock(mutex);
  if (auto it = cache.find(name); it != cache.end()) return &it->second;
  const std::string where = "time zone '" + name + "'";
  if (!safe_zone_name(name)) return fail("not a time zone name", where);
  std::ifstream in("/usr/share/zoneinfo/" + name, std::ios::binary);
  if (!in) return fail("unknown time zone (no file under /usr/share/zoneinfo)", where);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto zone = parse_tzif(data, where);
  if (!zone) return std::unexpected(zone.error());
  return &cache.emplace(name, std::move(*zone)).first->second;
}

}  // namespace

Result<int> utc_offset(const std::string& zone_name, UnixTime t) {
  if (zone_name.empty() || zone_name == "UTC") return 0;
  auto loaded = load_zone(zone_name);
  if (!loaded) return std::unexpected(loaded.error());
  const Zone& zone = **loaded;
  auto it = std::ranges::upper_bound(zone.transitions, t);
  if (it == zone.transitions.begin()) return zone.initial_offset;
  return zone.offset_after[static_cast<std::size_t>(it - zone.transitions.begin() - 1)];
}

Result<UnixTime> local_to_utc(const std::string& zone, std::int64_t local) {
  // The offsets in force a day either side of the wall time bound every reading of it (no
  // zone changes twice within a day): try the earlier offset's instant first.
  auto before = utc_offset(zone, local - 86400);
  if (!before) return std::unexpected(before.error());
  auto after = utc_offset(zone, local + 86400);
  if (!after) return std::unexpected(after.error());
  for (int offset : {std::max(*before, *after), std::min(*before, *after)}) {
    const UnixTime candidate = local - offset;
    auto actual = utc_offset(zone, candidate);
    if (!actual) return std::unexpected(actual.error());
    if (*actual == offset) return candidate;
  }
  // In a gap (spring forward): the wall time never happens; read it with the offset before
  // the change, which lands as far past the gap's start as the wall time is.
  return local - std::min(*before, *after);
}

}  // namespace headlined
