#pragma once
// What daemon tests share: an EventSink that keeps what the pipeline reported (every poll
// report, the articles stored, the error of each article that failed), and a daemon made
// from config text.

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <memory>

#include "headlined/config/config.hpp"
#include "headlined/daemon/config_check.hpp"
#include "headlined/daemon/daemon.hpp"
#include "headlined/daemon/events.hpp"

namespace headlined::daemon {

// An EventSink for tests that look at the database, not at what the pipeline reported.
class NoSink : public EventSink {
 public:
  void source_polled(const PollReport&) override {}
  void article_stored(const Snapshot&, const std::vector<Match>&) override {}
  void article_failed(const std::string&, const std::string&, const std::string&) override {}
  void delivery_attempted(const notify::DispatchEvent&) override {}
};

class RecordingSink : public EventSink {
 public:
  void source_polled(const PollReport& r) override {
    std::lock_guard lock(mutex);
    polls.push_back(r);
  }
  void article_stored(const Snapshot& s, const std::vector<Match>&) override {
    std::lock_guard lock(mutex);
    stored.push_back(s.article);
  }
  void article_failed(const std::string&, const std::string& url,
                      const std::string& error) override {
    std::lock_guard lock(mutex);
    failed[url] = error;
  }
  void delivery_attempted(const notify::DispatchEvent&) override {}
  void child_sitemap_failed(const std::string&, const std::string& url,
                            const std::string& error) override {
    std::lock_guard lock(mutex);
    failed_children[url] = error;
  }
  void source_discovered(const std::string& source, const std::string& kind, const std::string& url,
                         const std::string&) override {
    std::lock_guard lock(mutex);
    discovered.push_back(source + " " + kind + " " + url);
  }

  void feed_item_skipped(const std::string&, const std::string& link, const std::string&) override {
    std::lock_guard lock(mutex);
    skipped_links.push_back(link);
  }

  // The latest report of `source` (an empty one when it was not polled).
  PollReport poll_of(const std::string& source) {
    std::lock_guard lock(mutex);
    for (auto it = polls.rbegin(); it != polls.rend(); ++it)
      if (it->source == source) return *it;
    return {};
  }

  std::mutex mutex;
  std::vector<PollReport> polls;
  std::vector<Article> stored;
  std::map<std::string, std::string> failed;           // article URL -> error
  std::map<std::string, std::string> failed_children;  // child sitemap URL -> error
  std::vector<std::string> discovered;                 // "source kind url"
  std::vector<std::string> skipped_links;              // feed item links not fetchable
};

// A daemon made from `text` as if read from the file `path`, its queries checked as at start;
// null (with the test failed) when the config or the daemon is refused.
inline std::unique_ptr<Daemon> daemon_from_text(const std::string& text, const std::string& path,
                                                EventSink& sink) {
  config::LoadResult loaded = config::load_config_text(text, path);
  check_queries(loaded);
  EXPECT_TRUE(loaded.ok()) << (loaded.errors.empty() ? "" : loaded.errors[0].to_string());
  auto daemon = Daemon::create(loaded.config, sink);
  EXPECT_TRUE(daemon) << daemon.error().to_string();
  return daemon ? std::move(*daemon) : nullptr;
}

}  // namespace headlined::daemon
