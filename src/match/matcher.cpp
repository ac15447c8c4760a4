#include "headlined/match/matcher.hpp"

#include <algorithm>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "fold_table.hpp"
#include "headlined/match/normalize.hpp"
#include "headlined/match/query.hpp"
#include "headlined/text/utf8.hpp"
#include "program.hpp"
#include "snippet.hpp"
#include "term_index.hpp"

namespace headlined::match {

struct Matcher::Compiled {
  TermIndex terms;
  std::vector<std::string> names;
  // The sources of the few subscriptions that name any; a flag per subscription keeps the
  // common case to one byte read per candidate.
  std::vector<char> limited_to_sources;
  std::unordered_map<std::uint32_t, std::vector<std::string>> sources;
  // Subscriptions with "alerts": "article" (the default is one alert per story).
  std::unordered_set<std::string> per_article;
  // Subscription s's program is nodes[program_begin[s], program_begin[s + 1]).
  std::vector<std::uint32_t> program_begin{0};
  std::vector<ProgramNode> nodes;
  // The subscriptions pattern p triggers: triggered[trigger_begin[p], trigger_begin[p + 1]).
  // kSoleTerm marks a subscription whose query is that one term: its hit is its match, and
  // its program need not be read (the most common query, and the most matches).
  static constexpr std::uint32_t kSoleTerm = 1u << 31;
  std::vector<std::uint32_t> trigger_begin;
  std::vector<std::uint32_t> triggered;

  void add(const Subscription& s, const Query& query,
           std::vector<std::pair<std::uint32_t, std::uint32_t>>& triggers);
  void index_triggers(std::vector<std::pair<std::uint32_t, std::uint32_t>>& triggers);
};

void Matcher::Compiled::add(const Subscription& s, const Query& query,
                            std::vector<std::pair<std::uint32_t, std::uint32_t>>& triggers) {
  const QueryNode& q = query.node();
  std::vector<std::uint32_t> pattern_of_term;
  pattern_of_term.reserve(q.terms.size());
  for (const QueryTerm& t : q.terms)
    pattern_of_term.push_back(terms.add(t.pattern, t.field, t.text));
  const auto subscription = static_cast<std::uint32_t>(names.size());
  for (const QueryOpNode& n : q.nodes) {
    ProgramNode p;
    p.op = n.op;
    if (n.op == Op::Term) {
      p.a = pattern_of_term[n.term];
      p.positive = q.terms[n.term].positive;
    } else {
      p.a = static_cast<std::uint32_t>(n.left);
      p.b = static_cast<std::uint32_t>(n.right);
    }
    nodes.push_back(p);
  }
  program_begin.push_back(static_cast<std::uint32_t>(nodes.size()));
  const bool sole_term = q.nodes.size() == 1;  // one Term node: parsing made it positive
  for (std::uint32_t pattern : trigger_patterns(q, pattern_of_term))
    triggers.emplace_back(pattern, subscription | (sole_term ? kSoleTerm : 0));
  names.push_back(s.name);
  limited_to_sources.push_back(!s.sources.empty());
  if (!s.sources.empty()) sources.emplace(subscription, s.sources);
}

void Matcher::Compiled::index_triggers(
    std::vector<std::pair<std::uint32_t, std::uint32_t>>& triggers) {
  trigger_begin.assign(terms.size() + 1, 0);
  for (const auto& [pattern, sub] : triggers) ++trigger_begin[pattern + 1];
  for (std::size_t p = 0; p < terms.size(); ++p) trigger_begin[p + 1] += trigger_begin[p];
  triggered.resize(triggers.size());
  std::vector<std::uint32_t> fill(trigger_begin.begin(), trigger_begin.end() - 1);
  for (const auto& [pattern, sub] : triggers) triggered[fill[pattern]++] = sub;
}

Matcher::Matcher(const std::vector<Subscription>& subscriptions, std::vector<std::string>* errors)
    : compiled_(nullptr) {
  auto compiled = std::make_unique<Compiled>();
  std::vector<std::pair<std::uint32_t, std::uint32_t>> triggers;
  for (const Subscription& s : subscriptions) {
    auto query = Query::parse(s.query);
    if (!query) {
      if (errors)
        errors->push_back("subscription '" + s.name + "': query: " + query.error().reason +
                          " (at " + describe_error_place(s.query, query.error()) + ")");
      continue;
    }
    compiled->add(s, *query, triggers);
    if (s.alerts == AlertScope::Article) compiled->per_article.insert(s.name);
  }
  compiled->terms.finish_building();
  compiled->index_triggers(triggers);
  compiled_ = std::move(compiled);
}

Matcher::~Matcher() = default;
Matcher::Matcher(Matcher&&) noexcept = default;
Matcher& Matcher::operator=(Matcher&&) noexcept = default;

AlertScope Matcher::alerts_of(const std::string& subscription) const {
  return compiled_->per_article.contains(subscription) ? AlertScope::Article : AlertScope::Story;
}

std::size_t Matcher::size() const {
  return compiled_->names.size();
}

std::size_t Matcher::distinct_terms() const {
  return compiled_->terms.size();
}

std::size_t Matcher::memory_bytes() const {
  const Compiled& c = *compiled_;
  std::size_t bytes = c.terms.memory_bytes();
  bytes += c.program_begin.capacity() * sizeof(std::uint32_t) +
           c.nodes.capacity() * sizeof(ProgramNode) +
           (c.trigger_begin.capacity() + c.triggered.capacity()) * sizeof(std::uint32_t);
  for (const std::string& n : c.names)
    bytes += sizeof(std::string) + (n.size() > 15 ? n.size() : 0);
  bytes += c.limited_to_sources.capacity();
  for (const auto& [sub, names] : c.sources) bytes += 64 + names.size() * sizeof(std::string);
  return bytes;
}

namespace {

bool covers(const std::vector<std::string>& sources, const std::string& source_name) {
  return std::find(sources.begin(), sources.end(), source_name) != sources.end();
}

// Each thread's normalised title and body and their origins, kept from article to article:
// allocating and zero-filling them anew for every article was a tenth of its instructions.
struct FoldBuffers {
  std::string title;
  std::string body;
  std::vector<std::uint32_t> title_origin;  // 32-bit, as TermHit's offsets are
  std::vector<std::uint32_t> body_origin;
};

// The origins as snippet_at takes them: one entry per normalised byte, then the text's end.
std::span<const std::uint32_t> close_origin(std::vector<std::uint32_t>& origin,
                                            std::size_t normalised_size,
                                            std::size_t original_size) {
  if (origin.size() <= normalised_size) origin.resize(normalised_size + 1);
  origin[normalised_size] = static_cast<std::uint32_t>(original_size);
  return {origin.data(), normalised_size + 1};
}

// The article's title and body normalised for the scan, with where each normalised byte came
// from, so snippets are cut from the original text.
struct SnippetSource {
  // As match::normalize(text, origin), with the texts' validity learnt on the way.
  SnippetSource(const Article& a, FoldBuffers& b)
      : article(a), buffers(b), title(b.title), body(b.body) {
    const FoldTable& table = FoldTable::instance();
    title.clear();
    body.clear();
    const bool title_valid = table.fold(a.title, title, &buffers.title_origin);
    const bool body_valid = table.fold(a.body, body, &buffers.body_origin);
    valid = title_valid && body_valid;
    title_origin = close_origin(buffers.title_origin, title.size(), a.title.size());
    body_origin = close_origin(buffers.body_origin, body.size(), a.body.size());
  }
  // An outsize article's buffers are not kept for the rest of the thread's life.
  ~SnippetSource() {
    constexpr std::size_t kKeptBytes = 1 << 20;
    if (buffers.body_origin.capacity() > kKeptBytes || buffers.title_origin.capacity() > kKeptBytes)
      buffers = FoldBuffers{};
  }
  SnippetSource(const SnippetSource&) = delete;
  SnippetSource& operator=(const SnippetSource&) = delete;

  const Article& article;
  FoldBuffers& buffers;
  std::string& title;
  std::string& body;
  std::span<const std::uint32_t> title_origin;
  std::span<const std::uint32_t> body_origin;
  bool valid = true;  // else snippets may hold bad bytes and are cleaned

  std::string make(const TermHit* hit) const {
    std::string s;
    if (!hit) {
      s = leading_snippet(article.title);
      if (s.empty()) s = leading_snippet(article.body);
    } else if (hit->field == Field::Title) {
      s = snippet_at(article.title, title_origin, hit->begin, hit->end, valid);
    } else {
      s = snippet_at(article.body, body_origin, hit->begin, hit->end, valid);
    }
    return valid ? s : text::sanitize_utf8(s);
  }
};

}  // namespace

std::vector<Match> Matcher::match(const Article& article, std::string* normalised_body) const {
  std::vector<Match> matches;
  const Compiled& c = *compiled_;
  if (c.names.empty()) {
    if (normalised_body) *normalised_body = normalize(article.body);
    return matches;
  }

  thread_local FoldBuffers buffers;
  SnippetSource snippets(article, buffers);
  FirstHits found;
  c.terms.scan(snippets.title, Field::Title, found);
  c.terms.scan(snippets.body, Field::Body, found);
  // Snippets are cut from the original body, so the normalised one is not needed past here:
  // the caller takes it, and the thread's buffer grows again for the next article.
  if (normalised_body) {
    normalised_body->clear();
    normalised_body->swap(snippets.body);
  }
  c.terms.scan(normalize(article.attribution + "\n" + article.source_name), Field::Source, found);
  c.terms.scan(normalize(article.byline), Field::Author, found);
  const std::vector<TermHit>& hits = found.hits();
  if (hits.empty()) return matches;
  auto hit_of = [&](std::uint32_t pattern) { return found.find(pattern); };

  // Subscriptions whose earliest hit is the same share its snippet: per hit (and a last slot
  // for "no hit in the title or body"), the match that holds it, or kAbsent. The first match
  // takes the snippet, later ones copy it from there.
  thread_local std::vector<std::uint32_t> snippet_holder;
  snippet_holder.assign(hits.size() + 1, kAbsent);
  auto snippet_for = [&](const TermHit* h) {  // for the match pushed next
    const std::size_t slot = h ? static_cast<std::size_t>(h - hits.data()) : hits.size();
    if (snippet_holder[slot] != kAbsent) return matches[snippet_holder[slot]].snippet;
    snippet_holder[slot] = static_cast<std::uint32_t>(matches.size());
    return snippets.make(h);
  };

  // (subscription << 32) | the pattern that is its sole term, or kAbsent: evaluate it.
  thread_local std::vector<std::uint64_t> candidates;
  candidates.clear();
  for (const TermHit& h : hits) {
    for (std::uint32_t i = c.trigger_begin[h.pattern]; i < c.trigger_begin[h.pattern + 1]; ++i) {
      const std::uint32_t t = c.triggered[i];
      const std::uint32_t s = t & ~Compiled::kSoleTerm;
      candidates.push_back(std::uint64_t{s} << 32 |
                           (t & Compiled::kSoleTerm ? h.pattern : kAbsent));
    }
  }
  std::sort(candidates.begin(), candidates.end());  // config order

  thread_local std::vector<char> values;
  std::uint32_t previous = kAbsent;
  for (std::uint64_t candidate : candidates) {
    const auto s = static_cast<std::uint32_t>(candidate >> 32);
    const auto sole_pattern = static_cast<std::uint32_t>(candidate);
    if (s == previous) continue;  // triggered by more than one term
    previous = s;
    if (c.limited_to_sources[s] && !covers(c.sources.at(s), article.source_name)) continue;
    if (sole_pattern != kAbsent) {
      const TermHit* h = hit_of(sole_pattern);
      const bool in_text = h->field == Field::Title || h->field == Field::Body;
      std::string snippet = snippet_for(in_text ? h : nullptr);
      matches.push_back(Match{c.names[s], {c.terms.text(sole_pattern)}, std::move(snippet)});
      continue;
    }
    const ProgramNode* program = c.nodes.data() + c.program_begin[s];
    const std::size_t count = c.program_begin[s + 1] - c.program_begin[s];
    if (!evaluate_program(
            program, count, [&](std::uint32_t p) { return hit_of(p) != nullptr; }, values))
      continue;
    Match m;
    m.subscription = c.names[s];
    m.terms.reserve((count + 1) / 2);  // a program of `count` nodes has at most this many terms
    const TermHit* first = nullptr;
    for (std::size_t i = 0; i < count; ++i) {
      const ProgramNode& n = program[i];
      if (n.op != Op::Term || !n.positive) continue;
      const TermHit* h = hit_of(n.a);
      if (!h) continue;
      const std::string& text = c.terms.text(n.a);
      if (std::find(m.terms.begin(), m.terms.end(), text) == m.terms.end()) m.terms.push_back(text);
      const bool in_text = h->field == Field::Title || h->field == Field::Body;
      if (in_text &&
          (!first || std::pair(h->field, h->begin) < std::pair(first->field, first->begin)))
        first = h;
    }
    m.snippet = snippet_for(first);
    matches.push_back(std::move(m));
  }
  return matches;
}

}  // namespace headlined::match
