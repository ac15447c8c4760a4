#pragma once
// The tokens PgStore keeps with each snapshot for search (the text[] column the GIN index
// covers): the same tokens the SQLite index's tokenizer makes (search_tokens.hpp) from every
// searchable field, each once.

#include <string>
#include <vector>

#include "headlined/core/types.hpp"

namespace headlined::store {

std::vector<std::string> pg_search_tokens(const Article& article);

}  // namespace headlined::store
