#include "workload.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "headlined/match/query.hpp"
#include "headlined/parse/extract.hpp"
#include "headlined/text/charset.hpp"

namespace headlined::bench {

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

template <typename T>
const T& pick(const std::vector<T>& v, std::mt19937_64& rng) {
  return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
}

std::string random_word(const Vocabulary& v, std::mt19937_64& rng) {
  // Uniformly over each vocabulary: Chinese words a little more often than English ones.
  if (std::uniform_int_distribution<int>(0, 9)(rng) < 6) return pick(v.chinese, rng);
  return pick(v.english, rng);
}

std::string random_term(const Vocabulary& v, std::mt19937_64& rng) {
  const int r = std::uniform_int_distribution<int>(0, 19)(rng);
  if (r < 2) return "\"" + random_word(v, rng) + " " + random_word(v, rng) + "\"";
  if (r == 2) {
    // A prefix wildcard from an English word's first letters.
    const std::string& w = pick(v.english, rng);
    const std::size_t n = std::min<std::size_t>(w.size(), 4 + w.size() / 3);
    if (n >= 4 && std::all_of(w.begin(), w.begin() + n, [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }))
      return w.substr(0, n) + "*";
  }
  std::string w = random_word(v, rng);
  // A lone OR/AND/NOT would be an operator; quote it like a user would.
  if (w == "OR" || w == "AND" || w == "NOT") return "\"" + w + "\"";
  return w;
}

std::string random_query(const Vocabulary& v, std::mt19937_64& rng) {
  const int terms = std::uniform_int_distribution<int>(1, 4)(rng);
  std::string q = random_term(v, rng);
  for (int i = 1; i < terms; ++i) {
    const int op = std::uniform_int_distribution<int>(0, 9)(rng);
    if (op < 5) {
      q += " " + random_term(v, rng);  // AND
    } else if (op < 8) {
      q += " OR " + random_term(v, rng);
    } else {
      q += " -" + random_term(v, rng);
    }
  }
  return q;
}

}  // namespace

Vocabulary load_vocabulary(const std::string& jieba_dict, const std::string& words_file) {
  Vocabulary v;
  std::istringstream jieba(read_file(jieba_dict));
  std::string line;
  while (std::getline(jieba, line)) {
    std::istringstream fields(line);
    std::string word;
    long frequency = 0;
    if (!(fields >> word >> frequency)) continue;
    v.chinese.push_back(word);
  }
  std::istringstream words(read_file(words_file));
  while (std::getline(words, line))
    if (!line.empty()) v.english.push_back(line);
  if (v.chinese.empty() || v.english.empty()) throw std::runtime_error("empty vocabulary");
  return v;
}

std::vector<Subscription> make_subscriptions(const Vocabulary& vocabulary, std::size_t count,
                                             std::mt19937_64& rng) {
  std::vector<Subscription> subs;
  subs.reserve(count);
  while (subs.size() < count) {
    std::string query = random_query(vocabulary, rng);
    if (!match::Query::parse(query)) continue;  // e.g. a word that is all punctuation
    Subscription s;
    s.name = "s" + std::to_string(subs.size());
    s.query = std::move(query);
    subs.push_back(std::move(s));
  }
  return subs;
}

std::vector<Article> make_articles(const std::vector<std::string>& page_files, std::size_t count,
                                   std::size_t min_bytes, std::mt19937_64& rng) {
  std::vector<Article> pages;
  for (const std::string& path : page_files) {
    text::Decoded decoded = text::decode_to_utf8(read_file(path), "text/html");
    Article a = parse::extract_article(decoded.utf8, "http://127.0.0.1/" + path);
    if (!a.body.empty()) pages.push_back(std::move(a));
  }
  if (pages.empty()) throw std::runtime_error("no article text in the pages given");
  std::vector<Article> articles;
  for (std::size_t i = 0; i < count; ++i) {
    const Article& page = pages[i % pages.size()];
    std::vector<std::string> paragraphs;
    std::istringstream body(page.body);
    for (std::string p; std::getline(body, p);)
      if (!p.empty()) paragraphs.push_back(p);
    Article a;
    a.url = page.url + "#" + std::to_string(i);
    a.title = page.title;
    a.byline = page.byline;
    a.attribution = page.attribution;
    a.source_name = "bench";
    while (a.title.size() + a.body.size() < min_bytes) {
      std::shuffle(paragraphs.begin(), paragraphs.end(), rng);
      for (const std::string& p : paragraphs) a.body += p + "\n";
    }
    articles.push_back(std::move(a));
  }
  return articles;
}

}  // namespace headlined::bench
