// SMTP delivery through libcurl: the rendered message is uploaded as the DATA of one
// transaction to every configured recipient.
#include <curl/curl.h>

#include <algorithm>
#include <cstring>

#include "answers.hpp"
#include "curl_handles.hpp"
#include "curl_init.hpp"
#include "headlined/core/time.hpp"
#include "headlined/notify/channels.hpp"
#include "headlined/notify/email.hpp"

namespace headlined::notify {

namespace {

struct Upload {
  std::string_view data;
  std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  std::size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

}  // namespace

EmailChannel::EmailChannel(ChannelSpec spec) : spec_(std::move(spec)) {
  ensure_curl_initialized();
}

SendResult EmailChannel::send(const Message& message) {
  EasyHandle curl(curl_easy_init());
  if (!curl) return std::unexpected(SendFailure{"cannot create a curl handle", {}, false});
  const std::string text = render_email(message, spec_, now_unix());
  Upload upload{text};

  Slist recipients;
  for (const auto& rcpt : spec_.to) {
    if (!slist_append(recipients, ("<" + bare_address(rcpt) + ">").c_str())) {
      return std::unexpected(SendFailure{"out of memory building recipients", {}, false});
    }
  }
  const std::string from = "<" + bare_address(spec_.from) + ">";

  char errbuf[CURL_ERROR_SIZE] = {};
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, spec_.smtp_url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  // "try": STARTTLS when the server offers it; "starttls": refuse to send without it;
  // "none": never. smtps:// is TLS from the start regardless.
  long use_ssl = spec_.tls == "starttls" ? CURLUSESSL_ALL
                 : spec_.tls == "none"   ? CURLUSESSL_NONE
                                         : CURLUSESSL_TRY;
  curl_easy_setopt(h, CURLOPT_USE_SSL, use_ssl);
  if (!spec_.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, spec_.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, spec_.password.c_str());
  }
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(text.size()));
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(spec_.timeout.count() * 1000));
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);

  CURLcode rc = curl_easy_perform(h);
  long reply = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
  last_answer_ = reply > 0 ? "SMTP " + std::to_string(reply) : "";
  if (rc == CURLE_OK) return {};
  std::string reason = errbuf[0] ? errbuf : curl_easy_strerror(rc);
  if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL)
    return std::unexpected(SendFailure{reason, std::nullopt, true, true});
  if (!last_answer_.empty()) last_answer_ += " (" + reason + ")";
  if (reply > 0) reason += " (SMTP " + std::to_string(reply) + ")";
  return to_send_result(read_smtp_answer(errbuf, reply, rc == CURLE_LOGIN_DENIED), reason);
}

}  // namespace headlined::notify
