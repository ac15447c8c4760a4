#pragma once
// One poll of one source, start to finish: fetch the feed or list page (conditionally), find
// the article links, skip what is stored, fetch each new article, extract and match it on the
// worker pool, and hand it to the writer, which commits its snapshot + matches + deliveries
// together, in a transaction shared with the other articles ready at the time.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "headlined/core/types.hpp"
#include "headlined/daemon/discovery.hpp"
#include "headlined/daemon/events.hpp"
#include "headlined/daemon/poll_interval.hpp"
#include "headlined/daemon/websub_subscriber.hpp"
#include "headlined/daemon/worker_pool.hpp"
#include "headlined/fetch/fetcher.hpp"
#include "headlined/match/matcher.hpp"
#include "headlined/store/article_writer.hpp"
#include "headlined/store/store.hpp"

namespace headlined::daemon {

// The articles of one poll between their fetch and their commit: counted in as they are
// handed to the pool, out once committed or failed. The poll reports only when all are out.
struct PollArticles {
  // Pages held at once by one poll (extracting, matching or waiting for their group): enough
  // to fill a group and keep the pool busy, few enough to bound the memory they take.
  static constexpr int kMaxInFlight = 128;

  std::mutex mutex;
  std::condition_variable changed;
  int in_flight = 0;
  int stored = 0;
  int skipped = 0;
  int failed = 0;

  // Waits while kMaxInFlight are out, then counts one more in.
  void start();
  void finish(bool stored_now);  // committed: stored now, or stored or tombstoned before
  void finish(const Source& source, const std::string& url, const Error& error, EventSink& events);
  void wait_all();
};

class Pipeline {
 public:
  Pipeline(store::Store& store, store::ArticleWriter& writer, WorkerPool& pool,
           const fetch::Fetcher& fetcher, EventSink& events);

  // `matcher` is the index in force when the poll began; `routes` maps a subscription name
  // to its channel names. A source's new articles are fetched concurrently (the fetcher
  // keeps the per-host limits), extracted and matched on the pool as they arrive, and
  // committed by the writer in groups. `stop` cancels the fetches in flight: what was
  // fetched still commits before poll returns; the rest is picked up next poll.
  PollReport poll(const Source& source, const match::Matcher& matcher,
                  const std::map<std::string, std::vector<std::string>>& routes,
                  const std::atomic<bool>& stop);

  // A feed a WebSub hub pushed for `source` (its signature verified): processed exactly as
  // a poll's feed (new items fetched, extracted, matched, committed), without touching the
  // source's validators or its next poll.
  PollReport ingest_pushed(const Source& source, fetch::Response page,
                           const match::Matcher& matcher,
                           const std::map<std::string, std::vector<std::string>>& routes,
                           const std::atomic<bool>& stop);

  // Polls then tell `websub` the hub their feed announces, and the plan of a pushed source's
  // next poll is the safety net's. Null (the default) = no WebSub.
  void set_websub(WebSubSubscriber* websub) { websub_ = websub; }

  // Each source's interval rule (the config's source_polling, from the runtime in force).
  // Without one, a source keeps its `interval`, fixed.
  using PollingLookup = std::function<std::optional<config::SourcePolling>(const std::string&)>;
  void set_polling(PollingLookup lookup) { polling_ = std::move(lookup); }

 private:
  struct Candidate {
    std::string url;  // as found
    std::string title_hint;
    std::string published_hint;
  };
  // `options` are the source's own (proxy, TLS, cancel); children of a sitemap index are
  // fetched with them.
  Result<std::vector<Candidate>> find_candidates(const Source& source,
                                                 const fetch::FetchOptions& options,
                                                 const fetch::Response& page) const;
  // Extracts and matches one fetched article: what the writer stores for it.
  Result<store::ArticleToCommit> prepare_article(
      const Source& source, const Candidate& candidate, fetch::Response response,
      const match::Matcher& matcher, const std::map<std::string, std::vector<std::string>>& routes);
  // On the pool: prepare_article, then hand the article to the writer as one of the poll's
  // `coming`; `articles` hears how it ended once that is known (on the writer thread for a
  // commit).
  void collect_article(const Source& source, const Candidate& candidate, fetch::Response response,
                       const match::Matcher& matcher,
                       const std::map<std::string, std::vector<std::string>>& routes,
                       const store::ArticleWriter::ComingPtr& coming, PollArticles& articles);
  // From a fetched feed or list page to committed articles: what a poll and a push share.
  // Returns true when every new item was committed (nothing cut short or failed).
  Result<bool> collect(const Source& source, const fetch::FetchOptions& options,
                       const fetch::FetchOptions& article_options, const fetch::Response& page,
                       const match::Matcher& matcher,
                       const std::map<std::string, std::vector<std::string>>& routes,
                       const std::atomic<bool>& stop, PollReport& report);
  // When `source` is polled next after this poll, recorded with its reason.
  PollPlan plan(const Source& source, const fetch::Response* page, const Error* error,
                int consecutive_failures, UnixTime now);
  // A fetch, timed and reported to the event sink.
  Result<fetch::Response> fetch(const Source& source, const std::string& url,
                                const fetch::FetchOptions& options, bool article);
  void report_fetch(const Source& source, const Result<fetch::Response>& response, bool article,
                    double seconds);

  // A source of type "auto" as discovery resolved it: the choice kept in its stored state
  // (`state`, null before its first poll), else found now, logged and stored. A choice whose
  // polls keep failing is discovered again (see kRediscoverAfterFailures).
  Result<Source> resolved(const Source& configured, const store::SourceState* state,
                          const fetch::FetchOptions& options);

  store::Store& store_;
  store::ArticleWriter& writer_;
  WorkerPool& pool_;
  const fetch::Fetcher& fetcher_;
  EventSink& events_;
  WebSubSubscriber* websub_ = nullptr;
  PollingLookup polling_;
};

}  // namespace headlined::daemon
