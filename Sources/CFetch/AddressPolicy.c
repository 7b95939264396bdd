// Which destination addresses fetches refuse unless private destinations are allowed.

#include "CFetch.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

/// Non-zero for IPv4 addresses (host byte order) that are not publicly routable unicast.
static int ipv4_is_private(uint32_t a) {
    const struct {
        uint32_t network;
        int prefix;
    } ranges[] = {
        {0x00000000u, 8},   // 0.0.0.0/8 "this network", unspecified
        {0x0A000000u, 8},   // 10.0.0.0/8 private
        {0x64400000u, 10},  // 100.64.0.0/10 carrier-grade NAT
        {0x7F000000u, 8},   // 127.0.0.0/8 loopback
        {0xA9FE0000u, 16},  // 169.254.0.0/16 link-local (cloud metadata)
        {0xAC100000u, 12},  // 172.16.0.0/12 private
        {0xC0A80000u, 16},  // 192.168.0.0/16 private
        {0xE0000000u, 4},   // 224.0.0.0/4 multicast
        {0xF0000000u, 4},   // 240.0.0.0/4 reserved, including 255.255.255.255 broadcast
    };
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        uint32_t mask = 0xFFFFFFFFu << (32 - ranges[i].prefix);
        if ((a & mask) == ranges[i].network) return 1;
    }
    return 0;
}

static uint32_t ipv4_at(const uint8_t *b) {
    return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

static int ipv6_is_private(const uint8_t b[16]) {
    static const uint8_t zeros[12] = {0};
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    static const uint8_t nat64[12] = {0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0};
    // ::/96 (unspecified, loopback, deprecated IPv4-compatible), ::ffff:0:0/96 (IPv4-mapped) and
    // 64:ff9b::/96 (NAT64) carry an IPv4 address in the last four bytes: judge that one.
    // "::" and "::1" land in 0.0.0.0/8 and so are refused.
    if (memcmp(b, zeros, 12) == 0 || memcmp(b, mapped, 12) == 0 || memcmp(b, nat64, 12) == 0)
        return ipv4_is_private(ipv4_at(b + 12));
    if (b[0] == 0x20 && b[1] == 0x02) return ipv4_is_private(ipv4_at(b + 2));  // 2002::/16 6to4
    if ((b[0] & 0xFE) == 0xFC) return 1;                                        // fc00::/7 unique local
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return 1;                        // fe80::/10 link-local
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0) return 1;                        // fec0::/10 site-local
    if (b[0] == 0xFF) return 1;                                                 // ff00::/8 multicast
    return 0;
}

int snk_fetch_address_is_private(const char *address) {
    if (address == NULL) return 1;
    char text[INET6_ADDRSTRLEN + 1];
    size_t length = strcspn(address, "%");  // drop an IPv6 zone ("fe80::1%eth0")
    if (length == 0 || length >= sizeof text) return 1;
    memcpy(text, address, length);
    text[length] = '\0';
    if (text[0] == '[' && length > 2 && text[length - 1] == ']') {  // "[::1]"
        memmove(text, text + 1, length - 2);
        text[length - 2] = '\0';
    }

    struct in_addr v4;
    if (inet_pton(AF_INET, text, &v4) == 1) return ipv4_is_private(ntohl(v4.s_addr));
    struct in6_addr v6;
    if (inet_pton(AF_INET6, text, &v6) == 1) return ipv6_is_private(v6.s6_addr);
    return 1;  // not an address: refuse rather than guess
}
