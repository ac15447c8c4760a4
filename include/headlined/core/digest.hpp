#pragma once
// SHA-256 digests as lower-case hex, and the short hash that names a canonical URL in the
// web front's stable snapshot links (/a/HASH): it stays the same across databases and
// re-imports, unlike the row id.

#include <string>
#include <string_view>

namespace headlined {

// The 64 hex digits of SHA-256(data).
std::string sha256_hex(std::string_view data);

// The first 16 hex digits (64 bits) of SHA-256(canonical_url): enough that two stored URLs
// sharing one is not expected below billions of snapshots.
std::string url_hash(std::string_view canonical_url);

}  // namespace headlined
