#pragma once
// One poll of one source, start to finish: fetch the feed or list page (conditionally), find
// the article links, skip what is stored, fetch and extract each new article, match it, and
// commit snapshot + matches + deliveries in one transaction per article.

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "headlined/core/types.hpp"
#include "headlined/daemon/discovery.hpp"
#include "headlined/daemon/events.hpp"
#include "headlined/fetch/fetcher.hpp"
#include "headlined/match/matcher.hpp"
#include "headlined/store/store.hpp"

namespace headlined::daemon {

// When a source is polled next: its interval after a success; after failures, the interval
// doubled per consecutive failure, capped at six hours, so a broken site is not hammered.
UnixTime next_poll_time(const Source& source, int consecutive_failures, UnixTime now);

class Pipeline {
 public:
  Pipeline(store::Store& store, const fetch::Fetcher& fetcher, EventSink& events);

  // `matcher` is the index in force when the poll began; `routes` maps a subscription name
  // to its channel names. A source's new articles are fetched concurrently (the fetcher
  // keeps the per-host limits) and committed one by one as they arrive. `stop` cancels the
  // fetches in flight: what is already committed stays, the rest is picked up next poll.
  PollReport poll(const Source& source, const match::Matcher& matcher,
                  const std::map<std::string, std::vector<std::string>>& routes,
                  const std::atomic<bool>& stop);

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
  // Extracts, matches and commits one fetched article. Returns true when newly stored.
  Result<bool> store_article(const Source& source, const Candidate& candidate,
                             fetch::Response response, const match::Matcher& matcher,
                             const std::map<std::string, std::vector<std::string>>& routes);
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
  const fetch::Fetcher& fetcher_;
  EventSink& events_;
};

}  // namespace headlined::daemon
