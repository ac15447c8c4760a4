#include "headlined/daemon/demo.hpp"

#include <httplib.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include "headlined/daemon/config_check.hpp"
#include "headlined/daemon/daemon.hpp"
#include "headlined/daemon/demo_site.hpp"
#include "headlined/daemon/signals.hpp"
#include "headlined/web/snapshot_format.hpp"

namespace headlined::daemon {

namespace {

std::mutex print_mutex;

constexpr const char* kSeedArticlePath = "/articles/gaoqing-investment.html";

void print(const std::string& text) {
  std::lock_guard lock(print_mutex);
  std::cout << text << std::flush;
}

// Prints the pipeline's events for a person watching the demo, and the seed article's
// snapshot in the original service's layout the moment it is stored.
class DemoEventSink : public EventSink {
 public:
  void source_polled(const PollReport& r) override {
    if (!r.ok)
      print("[crawl]   " + r.source + ": failed: " + r.error + "\n");
    else if (r.not_modified)
      print("[crawl]   " + r.source + ": not modified since the last poll\n");
    else
      print("[crawl]   " + r.source + ": " + std::to_string(r.items) + " links, " +
            std::to_string(r.stored) + " new, " + std::to_string(r.skipped) + " already stored" +
            (r.failed ? ", " + std::to_string(r.failed) + " failed" : "") + "\n");
  }

  void article_stored(const Snapshot& s, const std::vector<Match>& matches) override {
    std::string matched;
    for (const Match& m : matches) matched += (matched.empty() ? "" : ", ") + m.subscription;
    std::string text = "[store]   #" + std::to_string(s.id) + " " + s.article.title + "  (" +
                       s.charset + ", " + std::to_string(s.raw_page.size()) + " bytes)" +
                       (matched.empty() ? "" : "  matched: " + matched) + "\n";
    // The seed article (reprinted from 淄博日报) is shown whole, as the original service's
    // snapshot page showed it; the others get one line each.
    if (s.article.url.ends_with(kSeedArticlePath)) {
      text += "\n---- snapshot #" + std::to_string(s.id) + " ----\n" +
              web::format_snapshot_text(s) + "---- end of snapshot ----\n\n";
    }
    print(text);
  }

  void article_failed(const std::string& source, const std::string& url,
                      const std::string& error) override {
    print("[crawl]   " + source + ": skipped " + url + ": " + error + "\n");
  }

  void delivery_attempted(const notify::DispatchEvent& e) override {
    if (e.sent)
      print("[notify]  delivery #" + std::to_string(e.delivery.id) + " sent via '" +
            e.delivery.channel + "' for '" + e.delivery.subscription + "'\n");
    else
      print("[notify]  delivery #" + std::to_string(e.delivery.id) + " via '" + e.delivery.channel +
            "' failed (" + (e.dead ? "dead" : "will retry") + "): " + e.error + "\n");
  }
};

// A stand-in for the subscriber's own service: accepts webhook POSTs and shows them.
class WebhookReceiver {
 public:
  bool start() {
    server_.Post("/hook", [](const httplib::Request& request, httplib::Response& response) {
      auto payload = nlohmann::json::parse(request.body, nullptr, false);
      std::string title = "(unreadable payload)";
      if (payload.is_object() && payload.contains("article"))
        title = payload["article"].value("title", "");
      print("[webhook] received " + request.get_header_value("Idempotency-Key") + ": " + title +
            "\n");
      response.status = 204;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) return false;
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return true;
  }
  ~WebhookReceiver() {
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

std::string demo_config(const std::string& site, const std::string& hook,
                        const std::string& database) {
  nlohmann::json config = {
      {"database", database},
      {"workers", 2},
      {"sources",
       {{{"name", "demo-feed"}, {"type", "feed"}, {"url", site + "/feed.xml"}, {"interval", "10s"}},
        {{"name", "demo-list"},
         {"type", "list"},
         {"url", site + "/list.html"},
         {"interval", "10s"},
         {"link_selector", "ul.news-list a"}}}},
      {"channels",
       {{{"name", "console"}, {"type", "console"}},
        {{"name", "receiver"}, {"type", "webhook"}, {"url", hook}}}},
      {"subscriptions",
       {{{"name", "招商引资"}, {"query", "招商引资"}, {"channels", {"console", "receiver"}}},
        {{"name", "new-energy"},
         {"query", "(新能源 OR 光伏) -房地产"},
         {"channels", {"console", "receiver"}}},
        {{"name", "ai-chips"},
         {"query", "\"AI chips\" OR (AI accelerator)"},
         {"channels", {"console"}}}}},
  };
  return config.dump(2);
}

}  // namespace

int run_demo(const DemoOptions& options) {
  std::atomic<bool>& stop = install_stop_signals();
  DemoSite site;
  WebhookReceiver receiver;
  if (!site.start() || !receiver.start()) {
    std::cerr << "headlined demo: cannot listen on 127.0.0.1\n";
    return 1;
  }
  std::string dir_pattern =
      (std::filesystem::temp_directory_path() / "headlined-demo-XXXXXX").string();
  if (!mkdtemp(dir_pattern.data())) {
    std::cerr << "headlined demo: cannot create a temporary directory\n";
    return 1;
  }
  const std::string database =
      options.database.empty() ? dir_pattern + "/headlined.db" : options.database;
  const std::string config_path = dir_pattern + "/demo.jsonc";
  const std::string config_text = demo_config(site.base_url(), receiver.url(), database);
  if (FILE* f = std::fopen(config_path.c_str(), "w")) {
    std::fputs(config_text.c_str(), f);
    std::fclose(f);
  }
  config::LoadResult loaded = load_and_check_config(config_path);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) std::cerr << e.to_string() << "\n";
    return 1;
  }

  print("headlined demo\n  news site: " + site.base_url() + "/feed.xml and /list.html\n" +
        "  webhook receiver: " + receiver.url() + "\n  config: " + config_path +
        "\n  database: " + database + "\n\n");

  DemoEventSink events;
  auto daemon = Daemon::create(loaded.config, events);
  if (!daemon) {
    std::cerr << "headlined demo: " << daemon.error().to_string() << "\n";
    return 1;
  }
  if (options.once) {
    (*daemon)->run_once(stop);
  } else {
    print("Polling every 10 s; a breaking article is published in 15 s. Ctrl-C stops.\n\n");
    std::thread publisher([&] {
      for (int i = 0; i < 150 && !stop.load(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (!stop.load()) {
        print("[site]    the list page now carries a breaking article\n");
        site.publish_breaking();
      }
    });
    (*daemon)->run(stop);
    publisher.join();
  }
  print("\nDone. Look at a snapshot again with:\n  headlined show --db " + database + " 1\n");
  return 0;
}

}  // namespace headlined::daemon
