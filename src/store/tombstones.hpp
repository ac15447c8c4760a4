#pragma once
// Tombstones: URLs that must not be collected again, checked by commit_article inside its
// transaction so a crawl in flight cannot store a URL taken down meanwhile.

#include <string>
#include <string_view>

#include "store_impl.hpp"

namespace headlined::store {

// Call with the connection's mutex held.
Result<bool> tombstone_exists(Connection& impl, std::string_view op, const std::string& url);

}  // namespace headlined::store
