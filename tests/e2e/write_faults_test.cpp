// The daemon (the real binary) when its database cannot be written: the disk fills up, or the
// file turns read-only, in the middle of a crawl. It must stay up, say so (log, systemd
// STATUS, /metrics), stop collecting (no more requests to the sources: pointless, and a poll
// that cannot store must not record the feed as read), keep what it stored intact, and
// resume by itself once it can write again, with every article stored exactly once and
// every notification sent.
//
// How the faults are made, for real and without faking SQLite:
// - Disk full on a filesystem: a small tmpfs mounted for the test (needs CAP_SYS_ADMIN, as
//   root here and in CI; skipped otherwise), nearly filled by a filler file. Writes fail
//   with ENOSPC. Space returns when the test deletes the filler.
// - Disk full by a size limit: RLIMIT_FSIZE of the daemon's process, lowered when it is
//   started (through util-linux `prlimit`), so a database file cannot grow past it (EFBIG).
//   Works unprivileged. Space returns when the test raises the running daemon's limit with
//   prlimit(2), no restart needed.
// - Read-only: the immutable attribute (`chattr +i`, here by ioctl) set on the database and
//   its -wal file while the daemon has them open; writes through the open descriptors fail
//   with EPERM, as on a filesystem remounted read-only (EROFS). A chmod would not stop root.
//   Needs CAP_LINUX_IMMUTABLE and ext4/xfs/btrfs (skipped otherwise). Cleared by the test.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "e2e_support.hpp"
#include "support/child_process.hpp"
#include "support/local_server.hpp"
#include "support/temp_dir.hpp"
#include "support/write_faults.hpp"

namespace headlined {
namespace {

using namespace std::chrono_literals;
using testing::NotifySocket;
using testing::query;
using testing::wait_until;

constexpr int kFaultArticles = 16;

// A tmpfs of `megabytes` mounted on `dir` for the lifetime of the object.
class SmallTmpfs {
 public:
  SmallTmpfs(const std::filesystem::path& dir, int megabytes) : dir_(dir) {
    std::filesystem::create_directories(dir);
    const std::string options = "size=" + std::to_string(megabytes) + "m";
    mounted_ = mount("tmpfs", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0;
  }
  ~SmallTmpfs() {
    if (mounted_) umount2(dir_.c_str(), MNT_DETACH);
  }
  bool ok() const { return mounted_; }

 private:
  std::filesystem::path dir_;
  bool mounted_ = false;
};

std::uint64_t free_bytes(const std::filesystem::path& dir) {
  return std::filesystem::space(dir).available;
}

class WriteFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    // The feed lists every article and has an ETag: a daemon that recorded it after a poll
    // that could not store everything would get 304s from then on and never store the rest.
    site.server().Get("/feed.xml", [this](const httplib::Request& req, httplib::Response& res) {
      ++feed_requests;
      res.set_header("ETag", "\"all\"");
      if (req.get_header_value("If-None-Match") == "\"all\"") {
        res.status = 304;
        return;
      }
      std::string items;
      for (int i = 1; i <= kFaultArticles; ++i)
        items += "<item><title>第" + std::to_string(i) + "号</title><link>" +
                 site.url("/a/" + std::to_string(i) + ".html") + "</link></item>";
      res.set_content("<rss version=\"2.0\"><channel><title>t</title>" + items + "</channel></rss>",
                      "application/rss+xml");
    });
    // Big articles (about 100 KB of text each), so a few fill the space left.
    site.server().Get(R"(/a/(\d+)\.html)", [this](const httplib::Request& req,
                                                  httplib::Response& res) {
      // Counted when it arrives (a request that reached the site before the pause is not one
      // made during it), then answered after the delay.
      const std::string n = req.matches[1].str();
      {
        std::lock_guard lock(mutex);
        ++article_requests[std::stoi(n)];
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(article_delay_ms.load()));
      std::string body;
      for (int p = 0; body.size() < 100 * 1024; ++p)
        body += "<p>第" + n + "号公告第" + std::to_string(p) +
                "段：招商引资项目集中签约，总投资36亿元，涉及新材料、装备制造和现代服务业。</p>";
      res.set_content("<html><head><meta charset=\"utf-8\"><title>第" + n +
                          "号公告</title></head><body><article><h1>第" + n + "号公告</h1>" + body +
                          "</article></body></html>",
                      "text/html; charset=utf-8");
    });
    hooks.server().Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      auto payload = nlohmann::json::parse(req.body);
      std::lock_guard lock(mutex);
      hooked[payload["article"]["url"].get<std::string>()] += 1;
      res.status = 200;
    });
    site.start();
    hooks.start();
  }

  void write_config(const std::string& db_path) {
    db = db_path;
    testing::write_file(config_path, R"({
      "database": ")" + db + R"(",
      "metrics_listen": "127.0.0.1:0",
      "crawl": {"host_delay_ms": 20, "robots": false},
      "sources": [{"name": "s", "type": "feed", "url": ")" +
                                         site.url("/feed.xml") + R"(", "interval": "1s"}],
      "channels": [{"name": "hook", "type": "webhook", "url": ")" +
                                         hooks.url("/hook") + R"("}],
      "subscriptions": [{"name": "zs", "query": "招商引资", "channels": ["hook"],
                         "alerts": "article"}]
    })");
  }

  void start(const std::vector<std::string>& prefix = {}) {
    std::vector<std::string> argv = prefix;
    for (const char* a : {HEADLINED_BINARY, "run", "--config"}) argv.emplace_back(a);
    argv.push_back(config_path);
    daemon.start(argv, log_path, {{"NOTIFY_SOCKET", status.path()}});
  }

  int requests_total() {
    std::lock_guard lock(mutex);
    int n = feed_requests.load();
    for (const auto& [article, count] : article_requests) n += count;
    return n;
  }
  std::string log() { return testing::read_file(log_path); }
  // The first `limit` stored snapshots (all when negative): id, URL and fetch time.
  std::string snapshot_rows(int limit = -1) {
    return query(db,
                 "SELECT group_concat(id || ' ' || url || ' ' || fetched_at, '; ') FROM "
                 "(SELECT id, url, fetched_at FROM snapshots ORDER BY id LIMIT " +
                     std::to_string(limit) + ")");
  }
  int stored() {
    const std::string n = query(db, "SELECT count(*) FROM snapshots");
    return n.starts_with("(error)") ? -1 : std::stoi(n);
  }
  std::string metric(const std::string& name) {
    if (metrics_port == 0) metrics_port = testing::metrics_port_from_log(log());
    if (metrics_port == 0) return "(no metrics port logged)";
    httplib::Client client("127.0.0.1", metrics_port);
    auto res = client.Get("/metrics");
    if (!res) return "(no answer)";
    for (std::size_t at = res->body.find(name); at != std::string::npos;
         at = res->body.find(name, at + 1)) {
      if (at > 0 && res->body[at - 1] != '\n') continue;
      const std::size_t end = res->body.find('\n', at);
      return res->body.substr(at + name.size() + 1, end - at - name.size() - 1);
    }
    return "(missing)";
  }

  // The scenario every fault shares. `fault_cause` is what the log must name; `restore`
  // gives the space or write access back.
  void fault_then_recover(const std::string& fault_cause, const std::function<void()>& restore) {
    ASSERT_TRUE(
        wait_until([&] { return log().find("collecting paused") != std::string::npos; }, 60s))
        << "the fault never came; stored " << stored() << "\n"
        << log();
    const std::string text = log();
    EXPECT_NE(text.find(fault_cause), std::string::npos) << text;
    EXPECT_NE(text.find("database " + db), std::string::npos) << "the log names the file";
    EXPECT_FALSE(daemon.wait(0ms)) << "the daemon exited";
    EXPECT_TRUE(wait_until([&] { return status.saw_status("collecting paused"); }, 10s));
    EXPECT_EQ(metric("headlined_database_writable"), "0");

    // Collecting has stopped: the polls in flight end (the daemon's own gauge says so)...
    ASSERT_TRUE(wait_until([&] { return metric("headlined_polls_in_flight") == "0"; }, 30s))
        << log();
    const int before = requests_total();
    const int stored_paused = stored();
    const std::string stored_rows = snapshot_rows();
    // ...then no request reaches the site while the daemon goes round its loop: two more
    // status reports (5 s apart, each after a pass over the 1 s sources) with no fetch.
    const auto paused_reports = [&] {
      int n = 0;
      status.drain();
      for (const std::string& m : status.messages)
        n += m.rfind("STATUS=collecting paused", 0) == 0 ? 1 : 0;
      return n;
    };
    const int reports = paused_reports();
    ASSERT_TRUE(wait_until([&] { return paused_reports() >= reports + 2; }, 30s)) << log();
    EXPECT_EQ(requests_total(), before) << "the daemon kept fetching while it could not store";
    EXPECT_LT(stored_paused, kFaultArticles) << "the fault came too late to test anything";
    // What is stored is intact, and the feed is not recorded as read.
    EXPECT_EQ(query(db, "PRAGMA integrity_check"), "ok");
    EXPECT_EQ(query(db, "SELECT etag FROM sources WHERE name = 's'"), "");
    EXPECT_EQ(query(db, "SELECT count(*) FROM deliveries"), std::to_string(stored_paused));

    restore();
    ASSERT_TRUE(wait_until([&] { return stored() == kFaultArticles; }, 60s))
        << "stored " << stored() << " of " << kFaultArticles << "\n"
        << log();
    EXPECT_NE(log().find("takes writes again: collecting resumes"), std::string::npos);
    EXPECT_EQ(metric("headlined_database_writable"), "1");
    ASSERT_TRUE(wait_until(
        [&] {
          std::lock_guard lock(mutex);
          return hooked.size() == static_cast<std::size_t>(kFaultArticles);
        },
        30s))
        << log();
    daemon.signal(SIGTERM);
    EXPECT_EQ(daemon.wait(20s), 0) << log();

    EXPECT_EQ(query(db, "PRAGMA integrity_check"), "ok");
    // The articles stored before the fault are still there, untouched (not fetched again).
    EXPECT_EQ(snapshot_rows(stored_paused), stored_rows);
    EXPECT_EQ(query(db, "SELECT count(DISTINCT url) FROM snapshots"),
              std::to_string(kFaultArticles));
    EXPECT_EQ(query(db, "SELECT count(*) FROM deliveries WHERE status = 'sent'"),
              std::to_string(kFaultArticles));
    std::lock_guard lock(mutex);
    for (const auto& [url, times] : hooked) EXPECT_EQ(times, 1) << url;
  }

  testing::TempDir dir;
  std::mutex mutex;
  std::atomic<int> feed_requests{0};
  std::atomic<int> article_delay_ms{0};
  std::map<int, int> article_requests;
  std::map<std::string, int> hooked;  // article URL -> webhook requests
  std::string config_path = dir.file("headlined.jsonc");
  std::string log_path = dir.file("daemon.log");
  std::string db;
  int metrics_port = 0;  // read from the daemon's log once it has bound one
  NotifySocket status{dir.file("notify.sock")};
  // After the state their handlers use, so they stop before it is destroyed.
  testing::LocalServer site, hooks;
  // Declared after everything it uses, so it is killed first when a test ends early.
  testing::ChildProcess daemon;
};

TEST_F(WriteFaults, DiskFullOnASmallFilesystemPausesCollectingAndResumesWhenSpaceIsFreed) {
  const std::filesystem::path data = dir.path() / "data";
  SmallTmpfs fs(data, 24);
  if (!fs.ok()) GTEST_SKIP() << "cannot mount a tmpfs here (needs CAP_SYS_ADMIN)";
  write_config((data / "h.db").string());
  // Leave about 2.5 MB: room for a few articles, not for all of them.
  {
    std::ofstream filler(data / "filler", std::ios::binary);
    const std::string mb(1024 * 1024, 'x');
    while (free_bytes(data) > 3 * 1024 * 1024 + 512 * 1024) filler.write(mb.data(), mb.size());
  }
  ASSERT_LT(free_bytes(data), 4u * 1024 * 1024);
  start();
  fault_then_recover("disk full", [&] { std::filesystem::remove(data / "filler"); });
}

TEST_F(WriteFaults, DiskFullByAFileSizeLimitPausesCollectingAndResumesWhenTheLimitIsRaised) {
  if (access("/usr/bin/prlimit", X_OK) != 0) GTEST_SKIP() << "util-linux prlimit is missing";
  write_config(dir.file("h.db"));
  // No file of the daemon may grow past 2 MB: its database (and -wal) fill up after a few
  // articles. Its log stays well under that.
  start({"/usr/bin/prlimit", "--fsize=" + std::to_string(2 * 1024 * 1024) + ":unlimited", "--"});
  fault_then_recover("file size limit reached", [&] {
    rlimit unlimited{RLIM_INFINITY, RLIM_INFINITY};
    ASSERT_EQ(prlimit(daemon.pid(), RLIMIT_FSIZE, &unlimited, nullptr), 0);
  });
}

TEST_F(WriteFaults, ADatabaseTurnedReadOnlyPausesCollectingAndResumesWhenWritableAgain) {
  write_config(dir.file("h.db"));
  // A slow crawl, so the database can be frozen while articles are still coming.
  article_delay_ms = 400;
  start();
  ASSERT_TRUE(wait_until([&] { return stored() >= 2; }, 30s)) << log();
  testing::ImmutableFiles frozen(testing::database_files(db));
  if (!frozen.ok()) GTEST_SKIP() << "cannot set the immutable attribute here (not root, or tmpfs)";
  fault_then_recover("read-only", [&] { frozen.release(); });
}

}  // namespace
}  // namespace headlined

namespace headlined {
namespace {

// Read-only already at start: the sources cannot even be registered. The daemon refuses to
// start, naming the file and the cause (systemd's Restart=on-failure tries again later).
TEST_F(WriteFaults, ADatabaseReadOnlyAtStartStopsTheStartNamingFileAndCause) {
  write_config(dir.file("h.db"));
  start();
  ASSERT_TRUE(wait_until([&] { return stored() == kFaultArticles; }, 30s)) << log();
  daemon.signal(SIGTERM);
  ASSERT_EQ(daemon.wait(10s), 0) << log();
  // A source the database has not seen yet: registering it is a write.
  testing::write_file(config_path,
                      testing::read_file(config_path)
                          .replace(testing::read_file(config_path).find("\"s\""), 3, "\"s2\""));
  testing::ImmutableFiles frozen(testing::database_files(db));
  if (!frozen.ok()) GTEST_SKIP() << "cannot set the immutable attribute here (not root, or tmpfs)";
  start();
  const auto status = daemon.wait(20s);
  ASSERT_TRUE(status) << "the daemon started on a read-only database\n" << log();
  EXPECT_NE(*status, 0);
  EXPECT_NE(log().find("cannot start"), std::string::npos) << log();
  EXPECT_NE(log().find(db), std::string::npos) << log();
  EXPECT_NE(log().find("read-only"), std::string::npos) << log();
}

}  // namespace
}  // namespace headlined
