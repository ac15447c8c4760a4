#include "headlined/daemon/pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <random>
#include <regex>
#include <set>

#include "headlined/core/time.hpp"
#include "headlined/core/url.hpp"
#include "headlined/match/near_duplicate.hpp"
#include "headlined/parse/extract.hpp"
#include "headlined/parse/feed.hpp"
#include "headlined/parse/html.hpp"
#include "headlined/parse/published_zone.hpp"
#include "headlined/parse/sitemap.hpp"
#include "headlined/parse/url_filter.hpp"

namespace headlined::daemon {

namespace {

// URLs read from a source's pages (feed items, sitemap entries and children, list links) are
// policed by address unless the source opts in; the source's own origin, which the admin
// named, is trusted like the configured URL itself.
fetch::AddressPolicy discovered_url_policy(const Source& source) {
  fetch::AddressPolicy policy;
  policy.enforce = !source.allow_private_addresses;
  policy.trusted_url = source.url;
  policy.what = "discovered URL";
  policy.hint = "set \"allow_private_addresses\": true on source '" + source.name + "' to allow it";
  return policy;
}

bool is_fetchable_link(const std::string& url) {
  auto parsed = Url::parse(url);
  return parsed && (parsed->scheme == "http" || parsed->scheme == "https");
}

// After this many failed polls in a row of what discovery chose (a feed that moved or
// vanished), the next poll discovers again; so after every further run of as many.
constexpr int kRediscoverAfterFailures = 3;

}  // namespace

Pipeline::Pipeline(store::Store& store, store::ArticleWriter& writer, WorkerPool& pool,
                   const fetch::Fetcher& fetcher, EventSink& events)
    : store_(store), writer_(writer), pool_(pool), fetcher_(fetcher), events_(events) {}

Result<std::vector<Pipeline::Candidate>> Pipeline::find_candidates(
    const Source& source, const fetch::FetchOptions& options, const fetch::Response& page) const {
  std::vector<Candidate> found;
  if (source.kind == SourceKind::Feed) {
    auto feed = parse::parse_feed_response(page.body, page.url, page.content_type);
    if (!feed) return std::unexpected(feed.error());
    for (const parse::FeedItem& item : feed->items) {
      if (item.url.empty()) continue;
      // parse_feed reports a guid or id as the link, as feedparser does, whatever it looks
      // like; only a web address is an article the daemon can fetch.
      if (!is_fetchable_link(item.url)) {
        events_.feed_item_skipped(source.name, item.url,
                                  "its link is not an http(s) URL (a guid or id that names no "
                                  "web page)");
        continue;
      }
      found.push_back({item.url, item.title, item.published});
    }
  } else if (source.kind == SourceKind::Sitemap) {
    auto sitemap = parse::parse_sitemap_bytes(page.raw_body, page.url);
    if (!sitemap) return std::unexpected(sitemap.error());
    std::vector<parse::SitemapEntry> urls = std::move(sitemap->urls);
    // An index: its newest few children are read this poll (news sites list the current
    // sitemap first or date it newest); a child that fails is skipped, not the poll.
    constexpr std::size_t kChildSitemapsPerPoll = 3;
    for (const parse::SitemapEntry& child :
         parse::newest_first(std::move(sitemap->sitemaps), kChildSitemapsPerPoll)) {
      // The source's proxy, TLS setting and cancel flag; not its validators (they belong to
      // the index), and the child's URL was found in a page, so it is policed.
      fetch::FetchOptions child_options = options;
      child_options.if_none_match.clear();
      child_options.if_modified_since.clear();
      child_options.only_text_types = false;  // sitemap.xml.gz comes as application/gzip
      child_options.address_policy = discovered_url_policy(source);
      auto response = fetcher_.get(child.url, child_options);
      if (!response) {
        events_.child_sitemap_failed(source.name, child.url, response.error().to_string());
        continue;
      }
      auto child_map = parse::parse_sitemap_bytes(response->raw_body, response->url);
      if (!child_map) {
        events_.child_sitemap_failed(source.name, child.url, child_map.error().to_string());
        continue;
      }
      for (parse::SitemapEntry& e : child_map->urls) urls.push_back(std::move(e));
    }
    for (const parse::SitemapEntry& e : parse::newest_first(std::move(urls), SIZE_MAX))
      found.push_back({e.url, e.title, e.published});
  } else {
    for (const parse::Link& link :
         parse::extract_article_links(page.body, page.url, source.link_selector))
      found.push_back({link.url, link.text, ""});
  }
  std::erase_if(found, [&](const Candidate& c) {
    return !parse::url_selected(c.url, source.include_urls, source.exclude_urls);
  });
  return found;
}

void Pipeline::report_fetch(const Source& source, const Result<fetch::Response>& response,
                            bool article, double seconds) {
  FetchReport report;
  report.source = source.name;
  report.article = article;
  report.ok = response.has_value();
  report.not_modified = response && response->not_modified;
  report.bytes = response ? response->raw_body.size() : 0;
  report.seconds = seconds;
  events_.fetch_completed(report);
}

Result<fetch::Response> Pipeline::fetch(const Source& source, const std::string& url,
                                        const fetch::FetchOptions& options, bool article) {
  const auto started = std::chrono::steady_clock::now();
  auto response = fetcher_.get(url, options);
  report_fetch(source, response, article,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return response;
}

Result<store::ArticleToCommit> Pipeline::prepare_article(
    const Source& source, const Candidate& candidate, fetch::Response response,
    const match::Matcher& matcher, const std::map<std::string, std::vector<std::string>>& routes) {
  store::ArticleToCommit out;
  Snapshot& snapshot = out.snapshot;
  snapshot.original_url = candidate.url;
  snapshot.raw_page = std::move(response.raw_body);
  snapshot.charset = response.charset;
  snapshot.fetched_at = now_unix();
  Article& article = snapshot.article;
  // Redirects may land elsewhere; the address the link named is the dedupe key, so a
  // second poll recognises it before fetching.
  article = parse::extract_article(response.body, canonical_url(candidate.url), source.overrides);
  article.source_name = source.name;
  if (article.title.empty()) article.title = candidate.title_hint;
  if (article.published.empty()) article.published = candidate.published_hint;
  parse::apply_time_zone(article, source.time_zone);
  if (article.title.empty() && article.body.empty())
    return fail("no article title or text found", candidate.url);

  // The matcher normalises the body to scan it; the story signature is made from that text.
  std::string normalised_body;
  out.matches = matcher.match(article, &normalised_body);
  for (const Match& m : out.matches) {
    auto route = routes.find(m.subscription);
    if (route == routes.end()) continue;
    const bool once_per_story = matcher.alerts_of(m.subscription) == AlertScope::Story;
    for (const std::string& channel : route->second)
      out.deliveries.push_back({m.subscription, channel, once_per_story});
  }
  // The store puts the article in a story with its earlier copies (docs/stories.md).
  out.snapshot.signature = match::sign_normalised_body(normalised_body);
  return out;
}

void Pipeline::collect_article(const Source& source, const Candidate& candidate,
                               fetch::Response response, const match::Matcher& matcher,
                               const std::map<std::string, std::vector<std::string>>& routes,
                               const store::ArticleWriter::ComingPtr& coming,
                               PollArticles& articles) {
  auto prepared = prepare_article(source, candidate, std::move(response), matcher, routes);
  if (!prepared) {
    writer_.gone(coming);
    articles.finish(source, candidate.url, prepared.error(), events_);
    return;
  }
  writer_.submit(
      std::move(*prepared),
      [this, &source, &candidate, &articles](store::ArticleToCommit& committed,
                                             const Result<store::ArticleCommit>& outcome) {
        if (!outcome) {
          articles.finish(source, candidate.url, outcome.error(), events_);
          return;
        }
        if (outcome->inserted) {
          committed.snapshot.id = outcome->id;
          events_.article_stored(committed.snapshot, committed.matches);
        }
        articles.finish(outcome->inserted);
      },
      coming);
}

void PollArticles::start() {
  std::unique_lock lock(mutex);
  // A bound on the pages held in memory: the fetcher waits while the workers catch up.
  changed.wait(lock, [&] { return in_flight < kMaxInFlight; });
  ++in_flight;
}

void PollArticles::finish(bool stored_now) {
  std::lock_guard lock(mutex);
  if (stored_now) {
    ++stored;
  } else {
    ++skipped;
  }
  --in_flight;
  changed.notify_all();
}

void PollArticles::finish(const Source& source, const std::string& url, const Error& error,
                          EventSink& events) {
  events.article_failed(source.name, url, error.to_string());
  std::lock_guard lock(mutex);
  // A refusal that would come again (robots.txt, the address policy) is reported but does
  // not keep the listing page's validators from being saved: polling it in full again
  // would only be refused again.
  if (error.permanent) {
    ++skipped;
  } else {
    ++failed;
  }
  --in_flight;
  changed.notify_all();
}

void PollArticles::wait_all() {
  std::unique_lock lock(mutex);
  changed.wait(lock, [&] { return in_flight == 0; });
}

Result<Source> Pipeline::resolved(const Source& configured, const store::SourceState* state,
                                  const fetch::FetchOptions& options) {
  Source out = configured;
  const bool failing_long = state && state->consecutive_failures > 0 &&
                            state->consecutive_failures % kRediscoverAfterFailures == 0;
  if (state && !failing_long) {
    if (auto kind = discovered_kind_from_name(state->discovered_kind)) {
      out.kind = *kind;
      out.url = state->discovered_url;
      return out;
    }
  }
  auto found = discover_source(fetcher_, configured.url, options);
  if (!found) return std::unexpected(found.error());
  events_.source_discovered(configured.name, source_kind_name(found->kind), found->url,
                            found->reason);
  // Kept in the source's state, so a restart polls the choice without discovering again.
  (void)store_.record_discovery(configured.name, source_kind_name(found->kind), found->url,
                                found->reason);
  out.kind = found->kind;
  out.url = found->url;
  return out;
}

PollPlan Pipeline::plan(const Source& source, const fetch::Response* page, const Error* error,
                        int consecutive_failures, UnixTime now) {
  PollSignals signals;
  signals.consecutive_failures = consecutive_failures;
  if (page) {
    signals.cache_control = page->cache_control;
    signals.expires = page->expires;
    if (!page->not_modified && source.kind == SourceKind::Feed)
      signals.schedule = read_feed_schedule(page->body);
  }
  if (error) {
    // The fetcher names a Retry-After it would not wait for in its error: "HTTP 429
    // (Retry-After 600 s, longer than ...)".
    static const std::regex kRetryAfter(R"(Retry-After (\d{1,9}) s)");
    std::smatch m;
    if (std::regex_search(error->what, m, kRetryAfter))
      signals.retry_after = std::chrono::seconds(std::stoll(m[1]));
  }
  config::SourcePolling rule;
  rule.interval = source.interval;
  if (polling_) {
    if (auto found = polling_(source.name)) rule = *found;
  }
  if (!rule.fixed) {
    constexpr UnixTime kWeek = 7 * 86400;
    if (auto times = store_.stored_times(source.name, now - kWeek))
      signals.arrivals = arrival_events(*times);
  }
  if (websub_) {
    if (auto push = websub_->push_state(source.name); push && push->receiving) {
      signals.pushed = true;
      signals.safety_poll = websub_->settings().safety_poll;
    }
  }
  // A different draw per poll: sources that started together drift apart.
  thread_local std::mt19937 random{std::random_device{}()};
  const double jitter = std::uniform_real_distribution<double>(-1.0, 1.0)(random);
  PollPlan planned = plan_next_poll(rule, signals, now, jitter);
  (void)store_.record_poll_interval(source.name, planned.interval.count(), planned.reason);
  return planned;
}

Result<bool> Pipeline::collect(const Source& source, const fetch::FetchOptions& options,
                               const fetch::FetchOptions& article_options,
                               const fetch::Response& page, const match::Matcher& matcher,
                               const std::map<std::string, std::vector<std::string>>& routes,
                               const std::atomic<bool>& stop, PollReport& report) {
  auto candidates = find_candidates(source, options, page);
  if (!candidates) return std::unexpected(candidates.error());
  report.items = static_cast<int>(candidates->size());
  // Known URLs (stored or taken down) are skipped before any request; the rest are fetched
  // concurrently through the fetcher's one I/O thread (which keeps each host's limits).
  std::vector<const Candidate*> wanted;
  std::set<std::string> wanted_keys;
  bool truncated = false;
  for (const Candidate& candidate : *candidates) {
    if (stop.load()) break;
    const std::string key = canonical_url(candidate.url);
    auto known = store_.is_known_url(key);
    if (!known) return std::unexpected(known.error());
    if (*known || !wanted_keys.insert(key).second) {
      ++report.skipped;
      continue;
    }
    if (static_cast<int>(wanted.size()) >= source.max_articles_per_poll) {
      truncated = true;
      break;
    }
    wanted.push_back(&candidate);
  }
  fetch::FetchBatch batch(fetcher_);
  for (std::size_t i = 0; i < wanted.size(); ++i) batch.add(wanted[i]->url, article_options, i);
  // Each fetched page is extracted and matched on the worker pool and committed by the
  // writer with whatever else is ready (group commit); the poll counts them as they end. A
  // group holding one of this poll's articles waits for the rest (up to its window).
  const store::ArticleWriter::ComingPtr coming = writer_.expect(wanted.size());
  PollArticles articles;
  while (auto done = batch.next()) {
    report_fetch(source, done->response, true, done->seconds);
    const Candidate& candidate = *wanted[done->tag];
    if (!done->response) writer_.gone(coming);
    // Cancelled by a stop: fetched again after a restart; the rest drain quickly.
    if (!done->response && stop.load()) continue;
    articles.start();
    if (!done->response) {
      articles.finish(source, candidate.url, done->response.error(), events_);
      continue;
    }
    pool_.post([this, &source, &candidate, &matcher, &routes, &articles, coming,
                response = std::make_shared<fetch::Response>(std::move(*done->response))] {
      collect_article(source, candidate, std::move(*response), matcher, routes, coming, articles);
    });
  }
  // What was handed out commits (or fails) before the poll reports, even after a stop.
  articles.wait_all();
  report.stored += articles.stored;
  report.skipped += articles.skipped;
  report.failed += articles.failed;
  return !truncated && report.failed == 0 && !stop.load();
}

namespace {

// The fetch options of a source's own pages and of the article pages found on them.
std::pair<fetch::FetchOptions, fetch::FetchOptions> options_for(const fetch::Fetcher& fetcher,
                                                                const Source& source,
                                                                const std::atomic<bool>& stop) {
  fetch::FetchOptions options = fetcher.defaults();
  options.cancel = &stop;
  if (source.proxy == "none") {
    options.proxy.clear();
  } else if (!source.proxy.empty()) {
    options.proxy = source.proxy;
  }
  options.verify_tls = source.tls_verify;
  fetch::FetchOptions article_options = options;
  article_options.address_policy = discovered_url_policy(source);
  if (source.kind == SourceKind::Sitemap) options.only_text_types = false;  // .xml.gz
  return {options, article_options};
}

}  // namespace

PollReport Pipeline::ingest_pushed(const Source& configured, fetch::Response page,
                                   const match::Matcher& matcher,
                                   const std::map<std::string, std::vector<std::string>>& routes,
                                   const std::atomic<bool>& stop) {
  Source source = configured;
  // A hub pushes feeds: a source of type "auto" is read as one.
  source.kind = SourceKind::Feed;
  PollReport report;
  report.source = source.name;
  report.url = page.url;
  report.pushed = true;
  fetch::decode_body(page);
  auto [options, article_options] = options_for(fetcher_, source, stop);
  auto collected = collect(source, options, article_options, page, matcher, routes, stop, report);
  if (!collected) {
    report.ok = false;
    report.error = collected.error().to_string();
  } else {
    report.ok = true;
  }
  events_.source_polled(report);
  return report;
}

PollReport Pipeline::poll(const Source& configured, const match::Matcher& matcher,
                          const std::map<std::string, std::vector<std::string>>& routes,
                          const std::atomic<bool>& stop) {
  Source source = configured;  // a source of type "auto" becomes what discovery found
  PollReport report;
  report.source = source.name;
  report.url = source.url;
  const UnixTime started = now_unix();

  auto state = store_.source_state(source.name);
  auto [options, article_options] = options_for(fetcher_, source, stop);
  int failures_before = 0;
  if (state) {
    options.if_none_match = state->etag;
    options.if_modified_since = state->last_modified;
    failures_before = state->consecutive_failures;
  }

  auto finish_failed = [&](const Error& error) {
    report.ok = false;
    report.error = error.to_string();
    // A fetch cancelled by a stop says nothing about the source: nothing is recorded.
    if (stop.load()) return report;
    const PollPlan next = plan(source, nullptr, &error, failures_before + 1, started);
    (void)store_.record_poll_failure(source.name, report.error, started, next.next);
    events_.source_polled(report);
    return report;
  };

  if (source.kind == SourceKind::Auto) {
    fetch::FetchOptions discovery_options = options;
    discovery_options.if_none_match.clear();
    discovery_options.if_modified_since.clear();
    auto found = resolved(configured, state ? &*state : nullptr, discovery_options);
    if (!found) return finish_failed(found.error());
    // The stored validators belong to the URL chosen before; a new choice is fetched in full.
    if (!state || found->url != state->discovered_url) {
      options.if_none_match.clear();
      options.if_modified_since.clear();
    }
    source = *found;
    if (source.kind == SourceKind::Sitemap) options.only_text_types = false;
  }
  auto page = fetch(source, source.url, options, false);
  if (!page) return finish_failed(page.error());
  // A page's validators are kept only once all its articles are in: a poll cut short (stop,
  // per-poll limit, an article that failed) must not make the next poll a 304 that hides
  // the articles still missing.
  bool complete = false;
  if (!page->not_modified) {
    auto collected =
        collect(source, options, article_options, *page, matcher, routes, stop, report);
    if (!collected) return finish_failed(collected.error());
    complete = *collected;
    // Cut short by a stop (shutdown, or a database that cannot be written): not a poll that
    // succeeded. Nothing is recorded, so the source stays due and is polled in full first
    // thing after the restart or the resume.
    if (stop.load()) return report;
    // A hub the feed (or its Link headers) announces: the subscriber subscribes to it.
    if (websub_ && source.kind == SourceKind::Feed)
      websub_->note_links(configured, find_websub_links(page->body, page->links, page->url),
                          page->url);
  } else {
    report.not_modified = true;
  }
  report.ok = true;
  std::string etag, last_modified;
  if (page->not_modified) {
    etag = options.if_none_match;
    last_modified = options.if_modified_since;
  } else if (complete) {
    etag = page->etag;
    last_modified = page->last_modified;
  }
  const PollPlan next = plan(source, &*page, nullptr, 0, started);
  (void)store_.record_poll_success(source.name, etag, last_modified, started, next.next);
  events_.source_polled(report);
  return report;
}

}  // namespace headlined::daemon
