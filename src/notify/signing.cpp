#include "headlined/notify/signing.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base64.hpp"

namespace headlined::notify {

std::string hmac_sha256(std::string_view key, std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::optional<std::string> standard_webhooks_signature(std::string_view secret, std::string_view id,
                                                       std::int64_t timestamp,
                                                       std::string_view body) {
  constexpr std::string_view kPrefix = "whsec_";
  if (secret.starts_with(kPrefix)) secret.remove_prefix(kPrefix.size());
  auto key = base64_decode(secret);
  if (!key || key->empty()) return std::nullopt;
  std::string signed_content = std::string(id) + "." + std::to_string(timestamp) + ".";
  signed_content += body;
  return "v1," + base64_encode(hmac_sha256(*key, signed_content));
}

std::string dingtalk_signature(std::string_view secret, std::int64_t timestamp_ms) {
  return base64_encode(
      hmac_sha256(secret, std::to_string(timestamp_ms) + "\n" + std::string(secret)));
}

std::string feishu_signature(std::string_view secret, std::int64_t timestamp) {
  return base64_encode(hmac_sha256(std::to_string(timestamp) + "\n" + std::string(secret), ""));
}

}  // namespace headlined::notify
