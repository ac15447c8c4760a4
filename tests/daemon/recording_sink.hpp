#pragma once
// An EventSink that keeps what the pipeline reported, for daemon tests to check: every poll
// report, the articles stored, and the error of each article that failed.

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "headlined/daemon/events.hpp"

namespace headlined::daemon {

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
  std::map<std::string, std::string> failed;  // article URL -> error
};

}  // namespace headlined::daemon
