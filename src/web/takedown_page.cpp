// /takedown: the form to request deletion of a snapshot (original address, contact, reason)
// and its POST, stored as a request for the admin (`headlined takedown-requests`). The POST
// needs the CSRF token the form carries (also in a SameSite=Strict cookie), is limited per
// client address, and is the web front's only write to the database.
#include <spdlog/spdlog.h>

#include "headlined/core/time.hpp"
#include "headlined/core/url.hpp"
#include "headlined/web/html.hpp"
#include "site.hpp"

namespace headlined::web {

namespace {

constexpr std::size_t kMaxUrl = 2048;
constexpr std::size_t kMaxContact = 200;
constexpr std::size_t kMaxReason = 4000;
constexpr std::string_view kCookie = "headlined_csrf";

std::string form_html(const Site& site, const std::string& token, std::string_view message,
                      const std::string& url = {}, const std::string& contact = {},
                      const std::string& reason = {}) {
  const Labels& l = site.labels;
  std::string out = "<h1>" + std::string(l.takedown_title) + "</h1>\n";
  if (!message.empty()) out += "<p class=\"notice\">" + escape_html(message) + "</p>\n";
  out += "<p>" + std::string(l.takedown_intro) + "</p>\n";
  out += "<form class=\"takedown\" action=\"/takedown\" method=\"post\">\n";
  out += "<input type=\"hidden\" name=\"csrf\" value=\"" + escape_html(token) + "\">\n";
  out += "<label>" + std::string(l.takedown_url) +
         "<input type=\"url\" name=\"url\" required maxlength=\"" + std::to_string(kMaxUrl) +
         "\" value=\"" + escape_html(url) + "\"></label>\n";
  out += "<label>" + std::string(l.takedown_contact) +
         "<input type=\"text\" name=\"contact\" required maxlength=\"" +
         std::to_string(kMaxContact) + "\" value=\"" + escape_html(contact) + "\"></label>\n";
  out += "<label>" + std::string(l.takedown_reason) + "<textarea name=\"reason\" maxlength=\"" +
         std::to_string(kMaxReason) + "\">" + escape_html(reason) + "</textarea></label>\n";
  out += "<button type=\"submit\">" + std::string(l.takedown_submit) + "</button>\n</form>\n";
  return out;
}

void send_form(Site& site, const httplib::Request& req, httplib::Response& res, int status,
               std::string_view message, const std::string& url = {},
               const std::string& contact = {}, const std::string& reason = {}) {
  const std::string token = site.form_guard.issue_token(client_address(req), now_unix());
  res.set_header("Set-Cookie", std::string(kCookie) + "=" + token +
                                   "; Path=/takedown; HttpOnly; SameSite=Strict; Max-Age=7200");
  res.set_header("Cache-Control", "no-store");
  send_page(res, status,
            render_page(site, site.labels.takedown_title,
                        form_html(site, token, message, url, contact, reason)));
}

std::string cookie_value(const httplib::Request& req, std::string_view name) {
  const std::string header = req.get_header_value("Cookie");
  std::size_t pos = 0;
  while (pos < header.size()) {
    std::size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string_view pair = std::string_view(header).substr(pos, end - pos);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.starts_with(name) && pair.size() > name.size() && pair[name.size()] == '=')
      return std::string(pair.substr(name.size() + 1));
    pos = end + 1;
  }
  return "";
}

}  // namespace

void serve_takedown_form(Site& site, const httplib::Request& req, httplib::Response& res) {
  send_form(site, req, res, 200, "");
}

void accept_takedown_request(Site& site, const httplib::Request& req, httplib::Response& res) {
  const Labels& l = site.labels;
  const std::string client = client_address(req);
  const UnixTime now = now_unix();
  const std::string token = req.get_param_value("csrf");
  // Double submit: the form's token must equal the cookie's and be one this process signed
  // for this client. A page on another site can post the form but cannot read the token.
  if (token.empty() || token != cookie_value(req, kCookie) ||
      !site.form_guard.valid_token(token, client, now))
    return send_error(site, res, 403, std::string(l.bad_request) + "csrf");
  const std::string url = req.get_param_value("url");
  const std::string contact = req.get_param_value("contact");
  const std::string reason = req.get_param_value("reason");
  std::string problem;
  if (url.empty() || url.size() > kMaxUrl || !Url::parse(url) ||
      (Url::parse(url)->scheme != "http" && Url::parse(url)->scheme != "https"))
    problem = std::string(l.takedown_url);
  else if (contact.find_first_not_of(" \t") == std::string::npos || contact.size() > kMaxContact)
    problem = std::string(l.takedown_contact);
  else if (reason.size() > kMaxReason)
    problem = std::string(l.takedown_reason);
  if (!problem.empty())
    return send_form(site, req, res, 400, std::string(l.bad_request) + problem, url, contact,
                     reason);
  if (!site.form_guard.allow_post(client, now)) {
    res.set_header("Retry-After", "3600");
    return send_error(site, res, 429, l.too_many);
  }
  auto writer = site.request_writer();
  if (!writer) {
    spdlog::warn("web: takedown request from {} not stored: {}", client,
                 writer.error().to_string());
    return send_error(site, res, 503, l.takedown_closed);
  }
  store::TakedownRequest request{0, canonical_url(url), contact, reason, client, now};
  auto stored = (*writer)->add_takedown_request(request);
  if (!stored) {
    spdlog::warn("web: takedown request from {} not stored: {}", client,
                 stored.error().to_string());
    return send_error(site, res, 503, l.unavailable);
  }
  spdlog::info("web: takedown request #{} for {} from {}", *stored, request.url, client);
  res.set_header("Cache-Control", "no-store");
  send_page(res, 200,
            render_page(site, l.takedown_title,
                        "<p class=\"notice\">" + std::string(l.takedown_received) + "</p>\n"));
}

}  // namespace headlined::web
