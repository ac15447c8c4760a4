// How the database grows with stored articles, and what retention gives back: stores
// --articles snapshots of real article pages (the .html / .html.gz files of a folder, each
// used again and again under new URLs, with the copy's number in the title and body so the
// search index sees distinct text), each matched by one subscription and owed to --channels
// channels, through the same Store::commit_article the daemon uses. Prints the file size
// (database plus WAL) as it grows, the outbox's share, then marks every delivery sent, purges
// the older half as retention would and prints what became free for reuse.
//
// usage: store_growth PAGES_DIR DB [--articles 100000] [--channels 3]

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "headlined/core/time.hpp"
#include "headlined/parse/extract.hpp"
#include "headlined/parse/gzip.hpp"
#include "headlined/store/store.hpp"

namespace fs = std::filesystem;
using namespace headlined;

namespace {

struct Page {
  std::string raw;
  Article article;
};

std::vector<Page> read_pages(const fs::path& dir) {
  std::vector<Page> pages;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() ||
        !(name.ends_with(".html") || name.ends_with(".html.gz") || name.ends_with(".htm")))
      continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    std::string raw = bytes.str();
    if (parse::is_gzip(raw)) {
      auto plain = parse::gunzip(raw);
      if (!plain) continue;
      raw = *plain;
    }
    Page page{raw, parse::extract_article(raw, "")};
    if (page.article.title.empty() && page.article.body.empty()) continue;
    pages.push_back(std::move(page));
  }
  return pages;
}

std::uintmax_t file_bytes(const std::string& db) {
  std::uintmax_t total = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code ec;
    const auto size = fs::file_size(db + suffix, ec);
    if (!ec) total += size;
  }
  return total;
}

// One integer from a query over the database file, through its own connection.
long long query_number(const std::string& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  long long value = -1;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      value = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(handle);
  return value;
}

double mb(std::uintmax_t bytes) {
  return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: store_growth PAGES_DIR DB [--articles N] [--channels C]\n";
    return 2;
  }
  const fs::path pages_dir = argv[1];
  const std::string db = argv[2];
  long long articles = 100000;
  int channels = 3;
  for (int i = 3; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--articles") articles = std::stoll(argv[i + 1]);
    if (flag == "--channels") channels = std::stoi(argv[i + 1]);
  }
  const std::vector<Page> pages = read_pages(pages_dir);
  if (pages.empty()) {
    std::cerr << "store_growth: no article pages under " << pages_dir << "\n";
    return 1;
  }
  std::uintmax_t raw_total = 0, text_total = 0;
  for (const Page& p : pages) {
    raw_total += p.raw.size();
    text_total += p.article.title.size() + p.article.body.size() + p.article.body_html.size();
  }
  std::printf("%zu pages from %s: raw %.1f KB, extracted text+HTML %.1f KB on average\n",
              pages.size(), pages_dir.c_str(), raw_total / 1024.0 / pages.size(),
              text_total / 1024.0 / pages.size());

  auto store = store::Store::open(db);
  if (!store) {
    std::cerr << "store_growth: " << store.error().to_string() << "\n";
    return 1;
  }
  const UnixTime base = now_unix() - articles;  // one article a second, ending now
  const auto started = std::chrono::steady_clock::now();
  const long long report_every = std::max<long long>(1, articles / 5);
  for (long long i = 0; i < articles; ++i) {
    const Page& page = pages[static_cast<std::size_t>(i) % pages.size()];
    Snapshot s;
    s.article = page.article;
    const std::string n = std::to_string(i);
    s.article.url = "https://news" + std::to_string(i % 50) + ".example/a/" + n + ".html";
    s.article.title += " " + n;
    s.article.body = n + " " + s.article.body;
    s.article.source_name = "source" + std::to_string(i % 50);
    s.raw_page = page.raw;
    s.charset = "utf-8";
    s.fetched_at = base + i;
    std::vector<Match> matches{{"subscription" + std::to_string(i % 100), {"term"}, "…term…"}};
    std::vector<store::NewDelivery> deliveries;
    for (int c = 0; c < channels; ++c)
      deliveries.push_back({matches[0].subscription, "channel" + std::to_string(c)});
    if (auto id = (*store)->commit_article(s, matches, deliveries); !id) {
      std::cerr << "store_growth: " << id.error().to_string() << "\n";
      return 1;
    }
    if ((i + 1) % report_every == 0)
      std::printf("%8lld articles: %8.1f MB (%.1f KB an article)\n", i + 1, mb(file_bytes(db)),
                  file_bytes(db) / 1024.0 / static_cast<double>(i + 1));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("stored %lld articles in %.0f s (%.0f a second)\n", articles, seconds,
              articles / seconds);

  const long long page_size = query_number(db, "PRAGMA page_size");
  const long long outbox_pages =
      query_number(db, "SELECT count(*) FROM dbstat WHERE name LIKE '%deliver%'");
  std::printf(
      "outbox: %lld deliveries, %.1f MB (%.0f bytes a delivery)\n",
      query_number(db, "SELECT count(*) FROM deliveries"),
      mb(static_cast<std::uintmax_t>(outbox_pages * page_size)),
      static_cast<double>(outbox_pages * page_size) / static_cast<double>(articles * channels));

  // Every delivery sent, then retention's purge of the older half.
  for (;;) {
    auto due = (*store)->due_deliveries(now_unix() + 1, 5000);
    if (!due || due->empty()) break;
    std::vector<std::int64_t> ids;
    for (const Delivery& d : *due) ids.push_back(d.id);
    if (!(*store)->mark_batch_sent(ids, now_unix())) break;
  }
  const std::uintmax_t before = file_bytes(db);
  auto purged = (*store)->purge_older_than(base + articles / 2);
  if (!purged) {
    std::cerr << "store_growth: " << purged.error().to_string() << "\n";
    return 1;
  }
  const long long free_pages = query_number(db, "PRAGMA freelist_count");
  std::printf(
      "retention purged %lld snapshots (with their matches and sent deliveries): file "
      "%.1f MB -> %.1f MB, %.1f MB free inside it for new articles\n",
      static_cast<long long>(purged->snapshots_removed), mb(before), mb(file_bytes(db)),
      mb(static_cast<std::uintmax_t>(free_pages * page_size)));
  return 0;
}
