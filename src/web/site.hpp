#pragma once
// What every page handler of the web front shares: the settings, the words of the page
// language, the read-only connections, the takedown form's guard and the one connection that
// may write (takedown requests only), opened at the first request that needs it.

#include <httplib.h>

#include <memory>
#include <mutex>
#include <string>

#include "form_guard.hpp"
#include "headlined/web/front.hpp"
#include "labels.hpp"
#include "page_cache.hpp"
#include "reader_pool.hpp"

namespace headlined::web {

struct Site {
  Site(FrontOptions front_options, std::unique_ptr<ReaderPool> reader_pool)
      : options(std::move(front_options)),
        labels(labels_for(options.settings.language)),
        readers(std::move(reader_pool)),
        form_guard(options.form_posts_per_hour),
        pages(options.page_cache_bytes) {}

  FrontOptions options;
  const Labels& labels;
  std::unique_ptr<ReaderPool> readers;
  FormGuard form_guard;
  PageCache pages;  // rendered snapshot pages (/s/ID)

  std::mutex writer_mutex;
  std::unique_ptr<store::Store> writer;  // see request_writer()

  // The read-write connection for takedown requests, or nothing (logged by the caller) when
  // the database cannot be opened for writing (a read-only replica).
  Result<store::Store*> request_writer();
};

// A whole HTML page: head, the header with the search box, `main_html` and the footer with
// the takedown link. `title` is plain text.
std::string render_page(const Site& site, std::string_view title, std::string_view main_html,
                        std::string_view query = {});

// Sets an HTML page as the response, with its status.
void send_page(httplib::Response& res, int status, std::string body);
// A short page saying what went wrong (`message` plain text).
void send_error(const Site& site, httplib::Response& res, int status, std::string_view message);

// The weak ETag of a page's HTML.
std::string page_etag(std::string_view body);
// Answers 304 when the request's If-None-Match names `etag` (page_etag(body)); otherwise sets
// the ETag and the body. For pages whose text changes only when the snapshot does.
void send_cacheable_page(const httplib::Request& req, httplib::Response& res, std::string body,
                         const std::string& etag);
// The same for a page from the page cache: its gzipped bytes as they are when the client
// takes gzip, else unpacked.
void send_cached_page(const httplib::Request& req, httplib::Response& res, const CachedPage& page);

// The client's address, for the rate limit and the CSRF binding.
std::string client_address(const httplib::Request& req);

// Route handlers (one file each).
void serve_index(Site& site, const httplib::Request& req, httplib::Response& res);
void serve_snapshot_by_id(Site& site, const httplib::Request& req, httplib::Response& res);
void serve_snapshot_by_hash(Site& site, const httplib::Request& req, httplib::Response& res);
void serve_search(Site& site, const httplib::Request& req, httplib::Response& res);
void serve_feed(Site& site, const httplib::Request& req, httplib::Response& res);
void serve_takedown_form(Site& site, const httplib::Request& req, httplib::Response& res);
void accept_takedown_request(Site& site, const httplib::Request& req, httplib::Response& res);

}  // namespace headlined::web
