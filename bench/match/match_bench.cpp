// The matcher benchmark: for each number of subscriptions, the compiled index's build time
// and memory, and articles per second from raw article text to matches (normalisation, scan,
// evaluation and snippets all counted); at the smaller sizes the naive baseline (each query's
// terms searched one by one with std::string_view::find) in the same run, whose results must
// equal the index's on every article. Command and figures: docs/query-language.md.

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "headlined/daemon/worker_pool.hpp"
#include "headlined/match/matcher.hpp"
#include "headlined/match/normalize.hpp"
#include "headlined/match/query.hpp"
#include "match/query_node.hpp"
#include "match/term_index.hpp"
#include "vectorscan_probe.hpp"
#include "workload.hpp"

using namespace headlined;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::vector<std::size_t> sizes{1000, 10000, 100000, 1000000};
  std::size_t naive_up_to = 10000;
  std::size_t vectorscan_up_to = 100000;
  std::size_t articles = 200;
  std::size_t article_bytes = 5000;
  double seconds = 3;
  std::string jieba = "/usr/lib/python3/dist-packages/jieba/dict.txt";
  std::string words = "/usr/share/dict/american-english";
  std::vector<std::string> pages;
};

std::vector<std::size_t> parse_sizes(const std::string& list) {
  std::vector<std::size_t> sizes;
  std::istringstream in(list);
  for (std::string item; std::getline(in, item, ',');) sizes.push_back(std::stoul(item));
  return sizes;
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--sizes")
      o.sizes = parse_sizes(value());
    else if (a == "--naive-up-to")
      o.naive_up_to = std::stoul(value());
    else if (a == "--vectorscan-up-to")
      o.vectorscan_up_to = std::stoul(value());
    else if (a == "--articles")
      o.articles = std::stoul(value());
    else if (a == "--seconds")
      o.seconds = std::stod(value());
    else if (a == "--jieba")
      o.jieba = value();
    else if (a == "--words")
      o.words = value();
    else
      o.pages.push_back(a);
  }
  if (o.pages.empty()) throw std::runtime_error("usage: match_bench [options] PAGE.html...");
  return o;
}

double resident_mb() {
  malloc_trim(0);
  std::ifstream statm("/proc/self/statm");
  long size = 0, resident = 0;
  statm >> size >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1e6;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// CPU time of this thread: the figures are per core even when other work shares the machine.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// What is compared between the index and the baseline: who matched, with which terms.
using Outcome = std::vector<std::pair<std::string, std::vector<std::string>>>;

Outcome outcome_of(const match::Matcher& matcher, const Article& a) {
  Outcome o;
  for (Match& m : matcher.match(a)) o.emplace_back(m.subscription, std::move(m.terms));
  return o;
}

// Runs job(i) for every article on the pool and waits for all of them.
template <typename Job>
void run_on_pool(daemon::WorkerPool& pool, std::size_t n, Job&& job) {
  std::mutex mutex;
  std::condition_variable finished;
  std::size_t left = n;
  for (std::size_t i = 0; i < n; ++i)
    pool.post([&, i] {
      job(i);
      std::lock_guard lock(mutex);
      if (--left == 0) finished.notify_all();
    });
  std::unique_lock lock(mutex);
  finished.wait(lock, [&] { return left == 0; });
}

struct PoolRate {
  double per_cpu_second = 0;   // CPU of the whole process (every pool thread)
  double per_wall_second = 0;  // all threads together
  std::size_t differing = 0;   // articles whose matches differ from the single-thread run
};

// The matcher as the daemon runs it: each article a job on the worker pool (a thread per
// core), every job reading the one shared index through a const reference, never a copy.
PoolRate measure_on_pool(const match::Matcher& matcher, const std::vector<Article>& articles,
                         const std::vector<Outcome>& expected, double seconds) {
  daemon::WorkerPool pool(0);
  PoolRate rate;
  std::atomic<std::size_t> differing{0};
  run_on_pool(pool, articles.size(), [&](std::size_t i) {
    if (outcome_of(matcher, articles[i]) != expected[i]) ++differing;
  });
  rate.differing = differing;
  std::size_t done = 0;
  const double c0 = process_cpu_seconds();
  const auto w0 = Clock::now();
  do {
    run_on_pool(pool, articles.size(), [&](std::size_t i) {
      volatile std::size_t n = matcher.match(articles[i]).size();
      (void)n;
    });
    done += articles.size();
  } while (process_cpu_seconds() - c0 < seconds);
  rate.per_cpu_second = static_cast<double>(done) / (process_cpu_seconds() - c0);
  rate.per_wall_second = static_cast<double>(done) / seconds_since(w0);
  return rate;
}

struct Rate {
  double articles_per_second = 0;
  double mb_per_second = 0;
};

template <typename Run>
Rate measure(const std::vector<Article>& articles, double seconds, Run&& run) {
  std::size_t done = 0;
  std::size_t bytes = 0;
  const double t0 = cpu_seconds();
  double elapsed = 0;
  do {
    for (const Article& a : articles) {
      run(a);
      bytes += a.title.size() + a.body.size();
      ++done;
    }
    elapsed = cpu_seconds() - t0;
  } while (elapsed < seconds);
  return {static_cast<double>(done) / elapsed, static_cast<double>(bytes) / 1e6 / elapsed};
}

Outcome naive_outcome(const std::vector<Subscription>& subs,
                      const std::vector<match::Query>& queries, const Article& a) {
  const std::string title = match::normalize(a.title);
  const std::string body = match::normalize(a.body);
  const std::string source = match::normalize(a.attribution + "\n" + a.source_name);
  const std::string author = match::normalize(a.byline);
  const match::FieldTexts fields{title, body, source, author};
  Outcome out;
  std::vector<std::string> hits;
  for (std::size_t i = 0; i < queries.size(); ++i)
    if (queries[i].matches(fields, &hits)) out.emplace_back(subs[i].name, hits);
  return out;
}

std::vector<std::string> distinct_literals(const std::vector<match::Query>& queries) {
  std::unordered_set<std::string> seen;
  std::vector<std::string> literals;
  for (const match::Query& q : queries)
    for (const match::QueryTerm& t : q.node().terms)
      if (seen.insert(t.pattern.words.front()).second) literals.push_back(t.pattern.words.front());
  return literals;
}

// The index's scan alone over the same normalised texts, for comparison with Vectorscan's
// literal scan: build seconds and MB per CPU second.
std::pair<double, double> index_scan_only(const std::vector<match::Query>& queries,
                                          const std::vector<std::string>& texts, double seconds) {
  const double b0 = cpu_seconds();
  match::TermIndex index;
  for (const match::Query& q : queries)
    for (const match::QueryTerm& t : q.node().terms) index.add(t.pattern, t.field, t.text);
  index.finish_building();
  const double build = cpu_seconds() - b0;
  std::size_t bytes = 0;
  const double s0 = cpu_seconds();
  double elapsed = 0;
  do {
    for (const std::string& t : texts) {
      match::FirstHits hits;
      index.scan(t, match::Field::Body, hits);
      bytes += t.size();
    }
    elapsed = cpu_seconds() - s0;
  } while (elapsed < seconds);
  return {build, static_cast<double>(bytes) / 1e6 / elapsed};
}

}  // namespace

int main(int argc, char** argv) try {
  const Options options = parse_options(argc, argv);
  std::mt19937_64 rng(42);
  const bench::Vocabulary vocabulary = bench::load_vocabulary(options.jieba, options.words);
  const std::vector<Article> articles =
      bench::make_articles(options.pages, options.articles, options.article_bytes, rng);
  std::size_t total_bytes = 0;
  for (const Article& a : articles) total_bytes += a.title.size() + a.body.size();
  match::normalize("warm up");  // the fold table is built once per process, not per index
  std::printf(
      "vocabulary: %zu Chinese words, %zu English words; %zu articles from %zu pages, "
      "%.1f KB each on average; Traditional->Simplified: %s\n\n",
      vocabulary.chinese.size(), vocabulary.english.size(), articles.size(), options.pages.size(),
      static_cast<double>(total_bytes) / articles.size() / 1000,
      match::traditional_to_simplified_available() ? "on" : "OFF");
  std::printf("Rates are per CPU second of the matching thread; build is CPU s (wall s).\n\n");
  std::printf(
      "| subscriptions | distinct terms | build s | index MB | RSS growth MB | articles/s "
      "| MB/s | matches/article | naive articles/s | index/naive | equal |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|\n");
  bool all_equal = true;
  std::vector<std::string> vectorscan_rows;
  std::vector<std::string> pool_rows;
  for (std::size_t size : options.sizes) {
    std::vector<Subscription> subs = bench::make_subscriptions(vocabulary, size, rng);
    const double rss_before = resident_mb();
    const auto b0 = Clock::now();
    const double c0 = cpu_seconds();
    auto matcher = std::make_unique<match::Matcher>(subs);
    const double build_cpu = cpu_seconds() - c0;
    const double build_seconds = seconds_since(b0);
    const double rss_growth = resident_mb() - rss_before;

    std::vector<Outcome> index_outcomes;
    std::size_t matches = 0;
    for (const Article& a : articles) {
      Outcome o = outcome_of(*matcher, a);
      matches += o.size();
      index_outcomes.push_back(std::move(o));
    }
    const Rate rate = measure(articles, options.seconds, [&](const Article& a) {
      volatile std::size_t n = matcher->match(a).size();
      (void)n;
    });
    const PoolRate pooled = measure_on_pool(*matcher, articles, index_outcomes, options.seconds);
    all_equal = all_equal && pooled.differing == 0;
    {
      char row[256];
      std::snprintf(
          row, sizeof row, "| %zu | %u | %.0f | %.0f | %s |", size,
          std::max(1u, std::thread::hardware_concurrency()), pooled.per_cpu_second,
          pooled.per_wall_second,
          pooled.differing == 0
              ? "yes"
              : ("NO (" + std::to_string(pooled.differing) + " articles differ)").c_str());
      pool_rows.push_back(row);
    }

    std::string naive_rate = "-";
    std::string ratio = "-";
    std::string equal = "-";
    std::vector<match::Query> queries;
    if (size <= options.naive_up_to || size <= options.vectorscan_up_to)
      for (const Subscription& s : subs) queries.push_back(*match::Query::parse(s.query));
    if (size <= options.naive_up_to) {
      std::size_t differing = 0;
      for (std::size_t i = 0; i < articles.size(); ++i)
        if (naive_outcome(subs, queries, articles[i]) != index_outcomes[i]) ++differing;
      const Rate naive = measure(articles, std::min(options.seconds, 2.0), [&](const Article& a) {
        volatile std::size_t n = naive_outcome(subs, queries, a).size();
        (void)n;
      });
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "%.0f", naive.articles_per_second);
      naive_rate = buffer;
      std::snprintf(buffer, sizeof buffer, "%.0fx",
                    rate.articles_per_second / naive.articles_per_second);
      ratio = buffer;
      equal = differing == 0 ? "yes" : "NO (" + std::to_string(differing) + " articles differ)";
      all_equal = all_equal && differing == 0;
    }
    std::printf("| %zu | %zu | %.2f (%.2f) | %.0f | %.0f | %.0f | %.1f | %.1f | %s | %s | %s |\n",
                size, matcher->distinct_terms(), build_cpu, build_seconds,
                static_cast<double>(matcher->memory_bytes()) / 1e6, rss_growth,
                rate.articles_per_second, rate.mb_per_second,
                static_cast<double>(matches) / static_cast<double>(articles.size()),
                naive_rate.c_str(), ratio.c_str(), equal.c_str());
    std::fflush(stdout);

    if (size <= options.vectorscan_up_to) {
      std::vector<std::string> texts;
      for (const Article& a : articles) texts.push_back(match::normalize(a.title + "\n" + a.body));
      const std::vector<std::string> literals = distinct_literals(queries);
      matcher.reset();
      const auto [scan_build, scan_rate] =
          index_scan_only(queries, texts, std::min(options.seconds, 2.0));
      if (auto f = bench::probe_vectorscan(literals, texts, std::min(options.seconds, 2.0))) {
        char row[256];
        if (!f->error.empty())
          std::snprintf(row, sizeof row, "| %zu | %zu | failed: %s | | | %.2f | %.1f |", size,
                        literals.size(), f->error.c_str(), scan_build, scan_rate);
        else
          std::snprintf(row, sizeof row, "| %zu | %zu | %.2f | %.0f | %.1f | %.2f | %.1f |", size,
                        literals.size(), f->compile_seconds,
                        static_cast<double>(f->database_bytes) / 1e6, f->scan_mb_per_second,
                        scan_build, scan_rate);
        vectorscan_rows.push_back(row);
      }
    }
  }
  if (!vectorscan_rows.empty()) {
    std::printf(
        "\nScan only, over the same normalised texts: a Vectorscan literal database of the "
        "distinct terms (no word boundaries, phrases or evaluation) beside the index's "
        "token-trie scan (with them):\n\n");
    std::printf(
        "| subscriptions | literals | Vectorscan compile s | database MB | Vectorscan scan "
        "MB/s | trie build s | trie scan MB/s |\n");
    std::printf("|---|---|---|---|---|---|---|\n");
    for (const std::string& row : vectorscan_rows) std::printf("%s\n", row.c_str());
  }
  std::printf(
      "\nOn the worker pool (as the daemon matches): one job per article, every thread "
      "reading the one index by reference. Per CPU second of the whole process, and per "
      "wall second.\n\n| subscriptions | threads | articles per CPU s | articles/s wall "
      "| same matches |\n|---|---|---|---|---|\n");
  for (const std::string& row : pool_rows) std::printf("%s\n", row.c_str());
  if (!all_equal) {
    std::printf(
        "\nFAILED: the index disagrees with the naive baseline or with itself on the worker "
        "pool\n");
    return 1;
  }
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "match_bench: %s\n", e.what());
  return 2;
}
