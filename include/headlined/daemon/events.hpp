#pragma once
// What the daemon reports as it works. The log sink writes through spdlog; the demo prints a
// friendlier live view. Sinks are called from worker threads and must be thread-safe.

#include <string>

#include "headlined/core/types.hpp"
#include "headlined/daemon/metrics.hpp"
#include "headlined/notify/dispatcher.hpp"

namespace headlined::daemon {

struct PollReport {
  std::string source;
  std::string url;
  bool ok = false;
  bool not_modified = false;  // 304: nothing parsed
  int items = 0;              // article links found in the feed or list page
  int stored = 0;             // new snapshots committed
  int skipped = 0;            // already stored, or refused for good (robots.txt, addresses)
  int failed = 0;             // article pages that could not be fetched
  bool pushed = false;        // the feed came from a WebSub hub, not from a poll
  std::string error;          // when !ok
};

struct FetchReport {
  std::string source;
  bool article = false;  // an article page (else the source's feed or list page)
  bool ok = false;
  bool not_modified = false;
  std::size_t bytes = 0;
  double seconds = 0;
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void source_polled(const PollReport& report) = 0;
  virtual void article_stored(const Snapshot& snapshot, const std::vector<Match>& matches) = 0;
  virtual void article_failed(const std::string& source, const std::string& url,
                              const std::string& error) = 0;
  virtual void delivery_attempted(const notify::DispatchEvent& event) = 0;
  // Every HTTP fetch, for metrics; most sinks ignore it.
  virtual void fetch_completed(const FetchReport& /*report*/) {}
  // A child of a sitemap index could not be fetched or read; the poll goes on without it.
  virtual void child_sitemap_failed(const std::string& /*source*/, const std::string& /*url*/,
                                    const std::string& /*error*/) {}
  // What feed discovery chose for a source of type "auto" (kind "feed", "sitemap" or "list").
  virtual void source_discovered(const std::string& /*source*/, const std::string& /*kind*/,
                                 const std::string& /*url*/, const std::string& /*reason*/) {}
  // A feed item whose link the daemon cannot fetch (not http(s): a tag: or urn: id, a bare
  // word) was left out of the poll; logged at debug level.
  virtual void feed_item_skipped(const std::string& /*source*/, const std::string& /*link*/,
                                 const std::string& /*reason*/) {}
};

// Logs every event through spdlog (info for progress, warn for failures).
class LogEventSink : public EventSink {
 public:
  void source_polled(const PollReport& report) override;
  void article_stored(const Snapshot& snapshot, const std::vector<Match>& matches) override;
  void article_failed(const std::string& source, const std::string& url,
                      const std::string& error) override;
  void delivery_attempted(const notify::DispatchEvent& event) override;
  void child_sitemap_failed(const std::string& source, const std::string& url,
                            const std::string& error) override;
  void source_discovered(const std::string& source, const std::string& kind, const std::string& url,
                         const std::string& reason) override;
  void feed_item_skipped(const std::string& source, const std::string& link,
                         const std::string& reason) override;
};

// Counts every event into the metrics registry, then passes it on to `next`.
class MetricsEventSink : public EventSink {
 public:
  MetricsEventSink(Metrics& metrics, EventSink& next) : metrics_(metrics), next_(next) {}
  void source_polled(const PollReport& report) override;
  void article_stored(const Snapshot& snapshot, const std::vector<Match>& matches) override;
  void article_failed(const std::string& source, const std::string& url,
                      const std::string& error) override;
  void delivery_attempted(const notify::DispatchEvent& event) override;
  void fetch_completed(const FetchReport& report) override;
  void child_sitemap_failed(const std::string& source, const std::string& url,
                            const std::string& error) override;
  void source_discovered(const std::string& source, const std::string& kind, const std::string& url,
                         const std::string& reason) override {
    next_.source_discovered(source, kind, url, reason);
  }
  void feed_item_skipped(const std::string& source, const std::string& link,
                         const std::string& reason) override {
    next_.feed_item_skipped(source, link, reason);
  }

 private:
  Metrics& metrics_;
  EventSink& next_;
};

}  // namespace headlined::daemon
