#pragma once
// The benchmark's inputs: subscriptions generated from real vocabularies and ~5 KB articles
// made from the paragraphs of real article pages.

#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "headlined/core/types.hpp"

namespace headlined::bench {

struct Vocabulary {
  std::vector<std::string> chinese;  // python3-jieba's dictionary, every word
  std::vector<std::string> english;  // wamerican
};

// Reads jieba's dict.txt ("word frequency tag" lines) and a words file (one per line).
Vocabulary load_vocabulary(const std::string& jieba_dict, const std::string& words_file);

// `count` subscriptions of 1 to 4 terms each (Chinese or English words, some phrases, a few
// prefix wildcards), joined by AND, OR and NOT. Every query parses.
std::vector<Subscription> make_subscriptions(const Vocabulary& vocabulary, std::size_t count,
                                             std::mt19937_64& rng);

// Extracts each page (as the daemon would) and builds `count` articles of at least
// `min_bytes` of title and body each, from one page's paragraphs in a shuffled order.
std::vector<Article> make_articles(const std::vector<std::string>& page_files, std::size_t count,
                                   std::size_t min_bytes, std::mt19937_64& rng);

}  // namespace headlined::bench
