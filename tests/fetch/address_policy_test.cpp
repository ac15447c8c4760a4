// The address classification behind the crawler's address policy: which IPv4 and IPv6
// addresses (IPv4 carried inside IPv6 included) a discovered URL may not reach.

#include "headlined/fetch/address_policy.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <cstring>
#include <string>

namespace headlined::fetch {
namespace {

AddressRule rule_of(const std::string& text) {
  auto classified = classify_ip_text(text);
  EXPECT_TRUE(classified) << text;
  return classified ? classified->rule : AddressRule::NotIp;
}

TEST(AddressPolicy, Ipv4Ranges) {
  EXPECT_EQ(rule_of("127.0.0.1"), AddressRule::Loopback);
  EXPECT_EQ(rule_of("127.255.255.254"), AddressRule::Loopback);
  EXPECT_EQ(rule_of("10.0.0.1"), AddressRule::Private);
  EXPECT_EQ(rule_of("172.16.0.1"), AddressRule::Private);
  EXPECT_EQ(rule_of("172.31.255.255"), AddressRule::Private);
  EXPECT_EQ(rule_of("172.15.255.255"), AddressRule::Public);
  EXPECT_EQ(rule_of("172.32.0.0"), AddressRule::Public);
  EXPECT_EQ(rule_of("192.168.1.1"), AddressRule::Private);
  EXPECT_EQ(rule_of("169.254.169.254"), AddressRule::LinkLocal);
  EXPECT_EQ(rule_of("100.64.0.1"), AddressRule::SharedCgnat);
  EXPECT_EQ(rule_of("100.127.255.255"), AddressRule::SharedCgnat);
  EXPECT_EQ(rule_of("100.63.255.255"), AddressRule::Public);
  EXPECT_EQ(rule_of("100.128.0.0"), AddressRule::Public);
  EXPECT_EQ(rule_of("0.0.0.0"), AddressRule::Unspecified);
  EXPECT_EQ(rule_of("0.1.2.3"), AddressRule::Unspecified);
  EXPECT_EQ(rule_of("224.0.0.1"), AddressRule::Multicast);
  EXPECT_EQ(rule_of("239.255.255.250"), AddressRule::Multicast);
  EXPECT_EQ(rule_of("255.255.255.255"), AddressRule::Broadcast);
  EXPECT_EQ(rule_of("240.0.0.1"), AddressRule::Reserved);
  EXPECT_EQ(rule_of("192.0.0.170"), AddressRule::Reserved);
  EXPECT_EQ(rule_of("192.0.2.10"), AddressRule::Reserved);
  EXPECT_EQ(rule_of("198.18.0.1"), AddressRule::Reserved);
  EXPECT_EQ(rule_of("198.19.255.255"), AddressRule::Reserved);
  EXPECT_EQ(rule_of("198.51.100.7"), AddressRule::Reserved);
  EXPECT_EQ(rule_of("203.0.113.9"), AddressRule::Reserved);
  EXPECT_EQ(rule_of("93.184.216.34"), AddressRule::Public);
  EXPECT_EQ(rule_of("8.8.8.8"), AddressRule::Public);
  EXPECT_EQ(rule_of("1.1.1.1"), AddressRule::Public);
  EXPECT_EQ(rule_of("192.0.1.1"), AddressRule::Public);
  EXPECT_EQ(rule_of("223.255.255.255"), AddressRule::Public);
}

TEST(AddressPolicy, Ipv6Ranges) {
  EXPECT_EQ(rule_of("::"), AddressRule::Unspecified);
  EXPECT_EQ(rule_of("::1"), AddressRule::Loopback);
  EXPECT_EQ(rule_of("[::1]"), AddressRule::Loopback);
  EXPECT_EQ(rule_of("fe80::1"), AddressRule::LinkLocal);
  EXPECT_EQ(rule_of("fe80::1%eth0"), AddressRule::LinkLocal);
  EXPECT_EQ(rule_of("febf::1"), AddressRule::LinkLocal);
  EXPECT_EQ(rule_of("fec0::1"), AddressRule::Private);
  EXPECT_EQ(rule_of("fc00::1"), AddressRule::UniqueLocal);
  EXPECT_EQ(rule_of("fd12:3456::1"), AddressRule::UniqueLocal);
  EXPECT_EQ(rule_of("ff02::1"), AddressRule::Multicast);
  EXPECT_EQ(rule_of("ff05::1:3"), AddressRule::Multicast);
  EXPECT_EQ(rule_of("2001:db8::1"), AddressRule::Reserved);
  EXPECT_EQ(rule_of("2001::1"), AddressRule::Reserved);  // Teredo
  EXPECT_EQ(rule_of("100::1"), AddressRule::Reserved);   // discard-only
  EXPECT_EQ(rule_of("4000::1"), AddressRule::Reserved);  // outside 2000::/3
  EXPECT_EQ(rule_of("3fff::1"), AddressRule::Reserved);  // documentation
  EXPECT_EQ(rule_of("2606:4700:4700::1111"), AddressRule::Public);
  EXPECT_EQ(rule_of("2a00:1450:4001:80b::200e"), AddressRule::Public);
}

TEST(AddressPolicy, Ipv4CarriedInIpv6IsJudgedByTheIpv4) {
  // IPv4-mapped: what a dual-stack socket connects to for 127.0.0.1.
  EXPECT_EQ(rule_of("::ffff:127.0.0.1"), AddressRule::Loopback);
  EXPECT_EQ(rule_of("::ffff:7f00:1"), AddressRule::Loopback);
  EXPECT_EQ(rule_of("[::ffff:10.1.2.3]"), AddressRule::Private);
  EXPECT_EQ(rule_of("::ffff:169.254.169.254"), AddressRule::LinkLocal);
  EXPECT_EQ(rule_of("::ffff:0.0.0.0"), AddressRule::Unspecified);
  EXPECT_EQ(rule_of("::ffff:8.8.8.8"), AddressRule::Public);
  // IPv4-compatible (deprecated): refused whatever it carries.
  EXPECT_EQ(rule_of("::127.0.0.1"), AddressRule::Loopback);
  EXPECT_EQ(rule_of("::192.168.0.1"), AddressRule::Private);
  EXPECT_EQ(rule_of("::8.8.8.8"), AddressRule::Reserved);
  // IPv4-translated (RFC 2765).
  EXPECT_EQ(rule_of("::ffff:0:127.0.0.1"), AddressRule::Loopback);
  // NAT64 well-known prefix and 6to4.
  EXPECT_EQ(rule_of("64:ff9b::127.0.0.1"), AddressRule::Loopback);
  EXPECT_EQ(rule_of("64:ff9b::a9fe:a9fe"), AddressRule::LinkLocal);
  EXPECT_EQ(rule_of("64:ff9b::8.8.8.8"), AddressRule::Public);
  EXPECT_EQ(rule_of("64:ff9b:1::1"), AddressRule::Reserved);
  EXPECT_EQ(rule_of("2002:7f00:1::1"), AddressRule::Loopback);
  EXPECT_EQ(rule_of("2002:c0a8:101::1"), AddressRule::Private);
  EXPECT_EQ(rule_of("2002:808:808::1"), AddressRule::Public);
}

TEST(AddressPolicy, HostNamesAndOddSpellingsAreNotIpText) {
  // Only the socket address decides; these spellings are for libcurl and DNS to resolve.
  EXPECT_FALSE(classify_ip_text("localhost"));
  EXPECT_FALSE(classify_ip_text("example.com"));
  EXPECT_FALSE(classify_ip_text("0177.0.0.1"));
  EXPECT_FALSE(classify_ip_text("2130706433"));
  EXPECT_FALSE(classify_ip_text(""));
}

TEST(AddressPolicy, SocketAddresses) {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  ASSERT_EQ(inet_pton(AF_INET, "127.0.0.1", &v4.sin_addr), 1);
  auto c = classify_sockaddr(reinterpret_cast<const sockaddr*>(&v4), sizeof v4);
  EXPECT_EQ(c.rule, AddressRule::Loopback);
  EXPECT_EQ(c.text, "127.0.0.1");

  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  ASSERT_EQ(inet_pton(AF_INET6, "::ffff:127.0.0.1", &v6.sin6_addr), 1);
  c = classify_sockaddr(reinterpret_cast<const sockaddr*>(&v6), sizeof v6);
  EXPECT_EQ(c.rule, AddressRule::Loopback);
  EXPECT_EQ(c.text, "::ffff:127.0.0.1");

  ASSERT_EQ(inet_pton(AF_INET6, "2606:4700:4700::1111", &v6.sin6_addr), 1);
  EXPECT_EQ(classify_sockaddr(reinterpret_cast<const sockaddr*>(&v6), sizeof v6).rule,
            AddressRule::Public);

  // A truncated or foreign address is not an IP address.
  EXPECT_EQ(classify_sockaddr(reinterpret_cast<const sockaddr*>(&v6), 8).rule, AddressRule::NotIp);
  sockaddr unix_like{};
  unix_like.sa_family = AF_UNIX;
  EXPECT_EQ(classify_sockaddr(&unix_like, sizeof unix_like).rule, AddressRule::NotIp);
  EXPECT_EQ(classify_sockaddr(nullptr, 0).rule, AddressRule::NotIp);
}

TEST(AddressPolicy, DescriptionsNameTheRule) {
  EXPECT_EQ(describe(AddressRule::Loopback), "a loopback address");
  EXPECT_EQ(describe(AddressRule::LinkLocal), "a link-local address");
  EXPECT_EQ(describe(AddressRule::UniqueLocal), "a unique-local address");
}

}  // namespace
}  // namespace headlined::fetch
