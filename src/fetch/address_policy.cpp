#include "headlined/fetch/address_policy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>

namespace headlined::fetch {

namespace {

std::array<std::uint8_t, 4> embedded_ipv4(const std::array<std::uint8_t, 16>& a, std::size_t at) {
  return {a[at], a[at + 1], a[at + 2], a[at + 3]};
}

bool zero(const std::array<std::uint8_t, 16>& a, std::size_t from, std::size_t to) {
  return std::all_of(a.begin() + static_cast<std::ptrdiff_t>(from),
                     a.begin() + static_cast<std::ptrdiff_t>(to),
                     [](std::uint8_t b) { return b == 0; });
}

}  // namespace

std::string_view describe(AddressRule rule) {
  switch (rule) {
    case AddressRule::Public:
      return "a public address";
    case AddressRule::Unspecified:
      return "an unspecified (\"this network\") address";
    case AddressRule::Loopback:
      return "a loopback address";
    case AddressRule::Private:
      return "a private address";
    case AddressRule::LinkLocal:
      return "a link-local address";
    case AddressRule::SharedCgnat:
      return "a shared (carrier-grade NAT) address";
    case AddressRule::UniqueLocal:
      return "a unique-local address";
    case AddressRule::Multicast:
      return "a multicast address";
    case AddressRule::Broadcast:
      return "the broadcast address";
    case AddressRule::Reserved:
      return "a reserved (special-purpose) address";
    case AddressRule::NotIp:
      return "not an IP address";
  }
  return "an unknown address";
}

AddressRule classify_ipv4(const std::array<std::uint8_t, 4>& ip) {
  const auto [a, b, c, d] = ip;
  if (a == 0) return AddressRule::Unspecified;  // 0.0.0.0/8, "this network"
  if (a == 10) return AddressRule::Private;
  if (a == 100 && (b & 0xC0) == 64) return AddressRule::SharedCgnat;  // 100.64/10
  if (a == 127) return AddressRule::Loopback;
  if (a == 169 && b == 254) return AddressRule::LinkLocal;        // also cloud metadata services
  if (a == 172 && (b & 0xF0) == 16) return AddressRule::Private;  // 172.16/12
  if (a == 192 && b == 168) return AddressRule::Private;
  if (a == 192 && b == 0 && c == 0) return AddressRule::Reserved;     // protocol assignments
  if (a == 192 && b == 0 && c == 2) return AddressRule::Reserved;     // documentation
  if (a == 192 && b == 88 && c == 99) return AddressRule::Reserved;   // 6to4 relay anycast
  if (a == 198 && (b & 0xFE) == 18) return AddressRule::Reserved;     // 198.18/15 benchmarking
  if (a == 198 && b == 51 && c == 100) return AddressRule::Reserved;  // documentation
  if (a == 203 && b == 0 && c == 113) return AddressRule::Reserved;   // documentation
  if (a >= 224 && a <= 239) return AddressRule::Multicast;
  if (a == 255 && b == 255 && c == 255 && d == 255) return AddressRule::Broadcast;
  if (a >= 240) return AddressRule::Reserved;  // 240/4, "future use"
  return AddressRule::Public;
}

AddressRule classify_ipv6(const std::array<std::uint8_t, 16>& ip) {
  if (zero(ip, 0, 10)) {
    if (ip[10] == 0xFF && ip[11] == 0xFF)  // ::ffff:a.b.c.d, IPv4-mapped
      return classify_ipv4(embedded_ipv4(ip, 12));
    if (ip[10] == 0 && ip[11] == 0) {
      if (zero(ip, 10, 16)) return AddressRule::Unspecified;              // ::
      if (zero(ip, 10, 15) && ip[15] == 1) return AddressRule::Loopback;  // ::1
      // ::a.b.c.d, IPv4-compatible (deprecated, never a web server): reported by what it
      // carries when that is itself refused.
      const AddressRule carried = classify_ipv4(embedded_ipv4(ip, 12));
      return carried == AddressRule::Public ? AddressRule::Reserved : carried;
    }
  }
  if (zero(ip, 0, 8) && ip[8] == 0xFF && ip[9] == 0xFF && ip[10] == 0 && ip[11] == 0) {
    // ::ffff:0:a.b.c.d, IPv4-translated (RFC 2765)
    const AddressRule carried = classify_ipv4(embedded_ipv4(ip, 12));
    return carried == AddressRule::Public ? AddressRule::Reserved : carried;
  }
  // 64:ff9b::/96, the NAT64 well-known prefix: the gateway connects to the IPv4 it carries.
  if (ip[0] == 0x00 && ip[1] == 0x64 && ip[2] == 0xFF && ip[3] == 0x9B && zero(ip, 4, 12))
    return classify_ipv4(embedded_ipv4(ip, 12));
  // 64:ff9b:1::/48, local-use NAT64: may translate to anything on the local network.
  if (ip[0] == 0x00 && ip[1] == 0x64 && ip[2] == 0xFF && ip[3] == 0x9B && ip[4] == 0 && ip[5] == 1)
    return AddressRule::Reserved;
  // 100::/64, discard-only.
  if (ip[0] == 0x01 && ip[1] == 0x00 && zero(ip, 2, 8)) return AddressRule::Reserved;
  if (ip[0] == 0xFF) return AddressRule::Multicast;                            // ff00::/8
  if ((ip[0] & 0xFE) == 0xFC) return AddressRule::UniqueLocal;                 // fc00::/7
  if (ip[0] == 0xFE && (ip[1] & 0xC0) == 0x80) return AddressRule::LinkLocal;  // fe80::/10
  if (ip[0] == 0xFE && (ip[1] & 0xC0) == 0xC0) return AddressRule::Private;    // fec0::/10
  // Everything else outside 2000::/3 (global unicast) is unassigned.
  if ((ip[0] & 0xE0) != 0x20) return AddressRule::Reserved;
  // 2001::/23, IETF protocol assignments (Teredo, benchmarking, ORCHID, ...): no web servers.
  if (ip[0] == 0x20 && ip[1] == 0x01 && (ip[2] & 0xFE) == 0x00) return AddressRule::Reserved;
  if (ip[0] == 0x20 && ip[1] == 0x01 && ip[2] == 0x0D && ip[3] == 0xB8)
    return AddressRule::Reserved;  // 2001:db8::/32, documentation
  if (ip[0] == 0x3F && ip[1] == 0xFF && (ip[2] & 0xF0) == 0x00)
    return AddressRule::Reserved;  // 3fff::/20, documentation
  // 2002::/16, 6to4: the tunnel ends at the IPv4 address in bits 16-47.
  if (ip[0] == 0x20 && ip[1] == 0x02) return classify_ipv4(embedded_ipv4(ip, 2));
  return AddressRule::Public;
}

ClassifiedAddress classify_sockaddr(const sockaddr* address, socklen_t length) {
  ClassifiedAddress out;
  char text[INET6_ADDRSTRLEN] = {};
  if (!address) return out;
  if (address->sa_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    sockaddr_in in{};
    std::memcpy(&in, address, sizeof in);
    std::array<std::uint8_t, 4> ip{};
    std::memcpy(ip.data(), &in.sin_addr, 4);
    out.rule = classify_ipv4(ip);
    if (inet_ntop(AF_INET, &in.sin_addr, text, sizeof text)) out.text = text;
  } else if (address->sa_family == AF_INET6 &&
             length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, address, sizeof in6);
    std::array<std::uint8_t, 16> ip{};
    std::memcpy(ip.data(), &in6.sin6_addr, 16);
    out.rule = classify_ipv6(ip);
    if (inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text)) out.text = text;
  } else {
    out.text = "address family " + std::to_string(address->sa_family);
  }
  return out;
}

std::optional<ClassifiedAddress> classify_ip_text(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']')
    text = text.substr(1, text.size() - 2);
  text = text.substr(0, text.find('%'));  // an IPv6 zone ("fe80::1%eth0")
  const std::string s(text);
  ClassifiedAddress out;
  out.text = s;
  std::array<std::uint8_t, 4> v4{};
  std::array<std::uint8_t, 16> v6{};
  if (inet_pton(AF_INET, s.c_str(), v4.data()) == 1) {
    out.rule = classify_ipv4(v4);
    return out;
  }
  if (inet_pton(AF_INET6, s.c_str(), v6.data()) == 1) {
    out.rule = classify_ipv6(v6);
    return out;
  }
  return std::nullopt;
}

}  // namespace headlined::fetch
