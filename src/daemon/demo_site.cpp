#include "headlined/daemon/demo_site.hpp"

#include <httplib.h>

#include <chrono>
#include <thread>

#include "headlined/daemon/embedded_files.hpp"

namespace headlined::daemon {

namespace {

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size()))
    text.replace(pos, from.size(), to);
  return text;
}

// No charset in the header on purpose: the GBK article declares its charset only in a
// <meta> tag, as many Chinese sites do, so the demo exercises that decoding path.
std::string content_type_for(const std::string& path) {
  if (path.ends_with(".xml")) return "application/rss+xml";
  return "text/html";
}

}  // namespace

struct DemoSite::Impl {
  httplib::Server server;
  std::thread thread;
  int port = 0;
};

DemoSite::DemoSite() : impl_(std::make_unique<Impl>()) {}

DemoSite::~DemoSite() {
  if (impl_->thread.joinable()) {
    impl_->server.stop();
    impl_->thread.join();
  }
}

bool DemoSite::start() {
  impl_->server.Get(".*", [this](const httplib::Request& request, httplib::Response& response) {
    std::string path = request.path == "/" ? "list.html" : request.path.substr(1);
    const auto& files = demo_site_files();
    auto file = files.find(path);
    if (file == files.end()) {
      response.status = 404;
      response.set_content("not found", "text/plain");
      return;
    }
    std::string body = replace_all(std::string(file->second), "{{base}}", base_url());
    if (path == "list.html" && breaking_published_.load()) {
      body = replace_all(body, "<!--breaking-->",
                         "<li><a href=\"articles/breaking-signing.html\">"
                         "快讯：高青县新签约两个过亿元项目</a></li>");
    }
    response.set_content(body, content_type_for(path));
  });
  impl_->port = impl_->server.bind_to_any_port("127.0.0.1");
  if (impl_->port <= 0) return false;
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
  while (!impl_->server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return true;
}

std::string DemoSite::base_url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->port);
}

}  // namespace headlined::daemon
