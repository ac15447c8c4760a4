#pragma once
// Which IP addresses a URL found in fetched content (a feed item, a sitemap entry, a link on
// a list page) may reach. The crawler must not be turned against the network it runs in: a
// feed naming http://169.254.169.254/ or http://127.0.0.1:6379/ would otherwise make it
// request cloud metadata or an internal service. The check is made on the socket address of
// every connection (each DNS answer, each redirect hop), not on the URL's spelling.

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace headlined::fetch {

// Why an address is not reachable by a policed fetch, for the error message.
enum class AddressRule {
  Public,       // reachable
  Unspecified,  // 0.0.0.0/8, ::
  Loopback,     // 127/8, ::1
  Private,      // 10/8, 172.16/12, 192.168/16, fec0::/10 (deprecated site-local)
  LinkLocal,    // 169.254/16, fe80::/10
  SharedCgnat,  // 100.64/10
  UniqueLocal,  // fc00::/7
  Multicast,    // 224/4, ff00::/8
  Broadcast,    // 255.255.255.255
  Reserved,     // protocol assignments, documentation, benchmarking, 240/4, discard, ...
  NotIp,        // not an IPv4 or IPv6 socket address
};

// "a loopback address", "a private address", ...
std::string_view describe(AddressRule rule);

// `address` in network byte order as four octets (a.b.c.d = {a, b, c, d}).
AddressRule classify_ipv4(const std::array<std::uint8_t, 4>& address);
// IPv4 inside IPv6 (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d,
// 6to4 2002:aabb:ccdd::) is judged by the IPv4 address it carries.
AddressRule classify_ipv6(const std::array<std::uint8_t, 16>& address);

struct ClassifiedAddress {
  AddressRule rule = AddressRule::NotIp;
  std::string text;  // "127.0.0.1", "::ffff:127.0.0.1"
};

ClassifiedAddress classify_sockaddr(const sockaddr* address, socklen_t length);
// A numeric IPv4 (dotted quad only) or IPv6 address, brackets allowed; nothing when `text`
// is not one (a host name).
std::optional<ClassifiedAddress> classify_ip_text(std::string_view text);

}  // namespace headlined::fetch
