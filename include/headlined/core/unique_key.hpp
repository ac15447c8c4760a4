#pragma once

#include <string>

namespace headlined {

// A UUIDv7 (RFC 9562) in its text form, e.g. "0192f3c4-5a6b-7c8d-9e0f-1a2b3c4d5e6f": 48 bits
// of Unix milliseconds, then 74 bits from the kernel's random source. Unique across time,
// databases and installations without any coordination, which a row id is not (ids come
// back after a delete, a restored backup or a second installation). Ordered by creation time
// to the millisecond, so an index on it stays append-mostly.
std::string make_unique_key();

}  // namespace headlined
