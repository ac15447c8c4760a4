#include "headlined/daemon/websub_protocol.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cctype>
#include <random>
#include <regex>

#include "headlined/core/url.hpp"

namespace headlined::daemon {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 0xf];
  }
  return out;
}

const EVP_MD* digest_for(std::string_view method) {
  if (method == "sha1") return EVP_sha1();
  if (method == "sha256") return EVP_sha256();
  if (method == "sha384") return EVP_sha384();
  if (method == "sha512") return EVP_sha512();
  return nullptr;
}

std::string resolved(const std::string& base, const std::string& href) {
  if (href.empty()) return {};
  const std::string url = resolve_url(base, href);
  return url.empty() ? href : url;
}

// rel="hub" / rel="self" in one tag's or header's attributes (rel may list several words).
bool rel_has(const std::string& rel_value, std::string_view word) {
  std::string rel = lower(rel_value);
  std::size_t at = 0;
  while ((at = rel.find(word, at)) != std::string::npos) {
    const bool start = at == 0 || std::isspace(static_cast<unsigned char>(rel[at - 1]));
    const std::size_t end = at + word.size();
    const bool finish = end == rel.size() || std::isspace(static_cast<unsigned char>(rel[end]));
    if (start && finish) return true;
    at = end;
  }
  return false;
}

std::string attribute(const std::string& tag, const char* name) {
  // name="value" or name='value', case-insensitive name.
  const std::regex pattern(std::string("\\b") + name + "\\s*=\\s*(\"([^\"]*)\"|'([^']*)')",
                           std::regex::icase);
  std::smatch m;
  if (!std::regex_search(tag, m, pattern)) return {};
  return m[2].matched ? m[2].str() : m[3].str();
}

}  // namespace

WebSubLinks find_websub_links(std::string_view feed_body,
                              const std::vector<std::string>& link_headers,
                              const std::string& base_url) {
  WebSubLinks links;
  // Link: <https://hub.example/>; rel="hub", <https://example.org/feed>; rel="self"
  static const std::regex kHeaderLink(R"re(<([^>]*)>\s*((?:;\s*[^;,]*)*))re");
  for (const std::string& header : link_headers) {
    for (std::sregex_iterator it(header.begin(), header.end(), kHeaderLink), end; it != end; ++it) {
      const std::string params = (*it)[2].str();
      static const std::regex kRel(R"re(rel\s*=\s*("([^"]*)"|([^\s;,]+)))re", std::regex::icase);
      std::smatch rel;
      if (!std::regex_search(params, rel, kRel)) continue;
      const std::string words = rel[2].matched ? rel[2].str() : rel[3].str();
      if (links.hub.empty() && rel_has(words, "hub")) links.hub = resolved(base_url, (*it)[1]);
      if (links.topic.empty() && rel_has(words, "self")) links.topic = resolved(base_url, (*it)[1]);
    }
  }
  if (!links.hub.empty() && !links.topic.empty()) return links;
  // <link rel="hub" href="…"/> and <atom:link rel="self" href="…"/> in RSS or Atom; only the
  // head of a feed carries them, but a cheap scan of it all finds them wherever they are.
  static const std::regex kTag(R"re(<(?:[A-Za-z0-9_]+:)?link\b[^>]*>)re", std::regex::icase);
  const std::string body(feed_body.substr(0, 256 * 1024));
  for (std::sregex_iterator it(body.begin(), body.end(), kTag), end; it != end; ++it) {
    const std::string tag = it->str();
    const std::string rel = attribute(tag, "rel");
    const std::string href = attribute(tag, "href");
    if (href.empty()) continue;
    if (links.hub.empty() && rel_has(rel, "hub")) links.hub = resolved(base_url, href);
    if (links.topic.empty() && rel_has(rel, "self")) links.topic = resolved(base_url, href);
  }
  return links;
}

std::optional<std::string> hub_signature_hex(std::string_view method, std::string_view secret,
                                             std::string_view body) {
  const EVP_MD* md = digest_for(method);
  if (!md) return std::nullopt;
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(md, secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), out, &len);
  return hex(out, len);
}

SignatureCheck check_hub_signature(std::string_view header, std::string_view secret,
                                   std::string_view body) {
  while (!header.empty() && std::isspace(static_cast<unsigned char>(header.front())))
    header.remove_prefix(1);
  while (!header.empty() && std::isspace(static_cast<unsigned char>(header.back())))
    header.remove_suffix(1);
  if (header.empty()) return SignatureCheck::Missing;
  const std::size_t eq = header.find('=');
  if (eq == std::string_view::npos) return SignatureCheck::Malformed;
  const std::string method = lower(header.substr(0, eq));
  const std::string given = lower(header.substr(eq + 1));
  auto expected = hub_signature_hex(method, secret, body);
  if (!expected) return SignatureCheck::UnknownMethod;
  if (given.size() != expected->size()) return SignatureCheck::Mismatch;
  // Constant time: a forger learns nothing from how long a wrong guess took.
  return CRYPTO_memcmp(given.data(), expected->data(), given.size()) == 0
             ? SignatureCheck::Valid
             : SignatureCheck::Mismatch;
}

const char* signature_check_text(SignatureCheck check) {
  switch (check) {
    case SignatureCheck::Valid:
      return "valid";
    case SignatureCheck::Missing:
      return "no X-Hub-Signature header";
    case SignatureCheck::UnknownMethod:
      return "X-Hub-Signature names a method other than sha1, sha256, sha384 or sha512";
    case SignatureCheck::Malformed:
      return "X-Hub-Signature is not METHOD=HEX";
    case SignatureCheck::Mismatch:
      return "X-Hub-Signature does not match the body";
  }
  return "?";
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  if (RAND_bytes(buffer.data(), static_cast<int>(bytes)) != 1) {
    // RAND_bytes fails only without an entropy source; the random device is the fallback.
    std::random_device device;
    for (unsigned char& b : buffer) b = static_cast<unsigned char>(device());
  }
  return hex(buffer.data(), buffer.size());
}

}  // namespace headlined::daemon
