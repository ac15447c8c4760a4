#include "pg_connection.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <random>

#include "headlined/core/time.hpp"

namespace headlined::store::pg {

namespace {

// libpq's messages end in a newline and may hold a second, tab-indented line (a hint such as
// "Is the server running on that host...?"): one line for logs and STATUS.
std::string one_line(std::string message) {
  for (char& c : message)
    if (c == '\n' || c == '\t') c = ' ';
  std::string out;
  for (char c : message)
    if (c != ' ' || (!out.empty() && out.back() != ' ')) out += c;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// A wait of `delay` give or take a fifth, so that nodes cut off together do not all knock
// at the same moment when the server comes back.
std::chrono::milliseconds jittered(std::chrono::milliseconds delay) {
  thread_local std::minstd_rand random{std::random_device{}()};
  std::uniform_real_distribution<double> factor(0.8, 1.2);
  return std::chrono::milliseconds(
      static_cast<std::int64_t>(static_cast<double>(delay.count()) * factor(random)));
}

}  // namespace

bool connect_failure_is_permanent(PGconn* conn, std::string_view message) {
  // The server's own refusals and the client's settings: the same answer would come on every
  // attempt until an admin changes something. libpq gives no SQLSTATE for a failed connect,
  // so these are its and the server's messages (in English; a server set to answer in
  // another language has its refusals retried like a network failure).
  if (conn && PQconnectionNeedsPassword(conn)) return true;
  static constexpr std::array kPermanent{
      "authentication failed",  // password, SCRAM, peer, ident, cert
      "does not exist",         // database "x" / role "x" does not exist
      "no pg_hba.conf entry",   // the server accepts no connection from here
      "no password supplied",   // fe_sendauth
      "permission denied",      // no CONNECT right on the database
      "is not permitted to log in",
      "server does not support SSL",
      "certificate verify failed",
      "invalid sslmode",
      "invalid connection option",
      "invalid integer value",
  };
  return std::ranges::any_of(
      kPermanent, [&](const char* text) { return message.find(text) != std::string_view::npos; });
}

std::string mask_password(std::string_view url) {
  std::string out(url);
  // user:password@host
  const std::size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const std::size_t start = scheme + 3;
    const std::size_t at = out.find('@', start);
    const std::size_t slash = out.find('/', start);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const std::size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // ...?password=secret&... (libpq accepts every connection keyword as a query parameter)
  for (std::size_t pos = out.find("password="); pos != std::string::npos;
       pos = out.find("password=", pos + 1)) {
    if (pos == 0 || (out[pos - 1] != '?' && out[pos - 1] != '&')) continue;
    const std::size_t value = pos + 9;
    std::size_t end = out.find('&', value);
    if (end == std::string::npos) end = out.size();
    out.replace(value, end - value, "***");
  }
  return out;
}

Param text(std::string_view value) {
  return Param{std::string(value), false};
}

Param integer(std::int64_t value) {
  return Param{std::to_string(value), false};
}

Param optional_integer(std::optional<std::int64_t> value) {
  if (!value) return Param{};
  return integer(*value);
}

Param bytes(std::string_view value) {
  return Param{std::string(value), true};
}

Param integer_array(const std::vector<std::int64_t>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(values[i]);
  }
  out += '}';
  return Param{std::move(out), false};
}

Param text_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return Param{std::move(out), false};
}

bool Rows::null(int row, int column) const {
  return PQgetisnull(result_.get(), row, column) != 0;
}

std::string Rows::text(int row, int column) const {
  return std::string(PQgetvalue(result_.get(), row, column),
                     static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}

std::int64_t Rows::integer(int row, int column) const {
  if (null(row, column)) return 0;
  return std::strtoll(PQgetvalue(result_.get(), row, column), nullptr, 10);
}

std::optional<std::int64_t> Rows::optional_integer(int row, int column) const {
  if (null(row, column)) return std::nullopt;
  return integer(row, column);
}

std::string Rows::bytes(int row, int column) const {
  if (null(row, column)) return {};
  std::size_t length = 0;
  unsigned char* raw = PQunescapeBytea(
      reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row, column)), &length);
  if (!raw) return {};
  std::string out(reinterpret_cast<const char*>(raw), length);
  PQfreemem(raw);
  return out;
}

std::int64_t Rows::affected() const {
  const char* count = PQcmdTuples(result_.get());
  return count && *count ? std::strtoll(count, nullptr, 10) : 0;
}

Result<std::unique_ptr<Connection>> Connection::connect(const std::string& url,
                                                        const std::string& password) {
  std::unique_ptr<Connection> c(new Connection());
  c->masked_url_ = mask_password(url);
  // expand_dbname: "dbname" holds the whole URI. libpq keeps the last value of a repeated
  // keyword: the defaults before the URI give way to its own settings, the encoding and a
  // password given here after it win over the URI's (and over PGPASSWORD / PGPASSFILE, which
  // libpq reads when it is left out). A dead peer is found by keepalives within about a
  // minute (30 s idle, then 3 probes 10 s apart) and by tcp_user_timeout when data goes
  // unacknowledged; both apply to TCP only.
  std::vector<const char*> keywords{"connect_timeout",  "keepalives_idle",  "keepalives_interval",
                                    "keepalives_count", "tcp_user_timeout", "dbname",
                                    "client_encoding"};
  std::vector<const char*> values{"10", "30", "10", "3", "60000", url.c_str(), "UTF8"};
  if (!password.empty()) {
    keywords.push_back("password");
    values.push_back(password.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  c->conn_ = PQconnectdbParams(keywords.data(), values.data(), 1);
  if (!c->conn_ || PQstatus(c->conn_) != CONNECTION_OK) {
    const std::string message = one_line(c->conn_ ? PQerrorMessage(c->conn_) : "out of memory");
    Error e = c->error("connect", message);
    e.permanent = connect_failure_is_permanent(c->conn_, message);
    return std::unexpected(e);
  }
  // Notices (e.g. "relation already exists, skipping") are not errors: keep them off stderr.
  PQsetNoticeProcessor(
      c->conn_, [](void*, const char*) {}, nullptr);
  return c;
}

Connection::~Connection() {
  if (conn_) PQfinish(conn_);
}

Error Connection::error(std::string_view op, std::string_view message) const {
  return Error{std::string(op) + ": " + std::string(message), masked_url_};
}

Result<Rows> Connection::check(std::string_view op, PGresult* result) {
  Rows rows(result);
  const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return rows;
  // The primary message alone ("duplicate key value violates unique constraint ..."), not
  // the statement excerpt and hints that follow it.
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string message = one_line(primary ? primary : PQerrorMessage(conn_));
  if (message.empty()) message = "no answer from the server";
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  note_failure(message, state ? state : "");
  return std::unexpected(error(op, message));
}

void Connection::note_failure(std::string_view message, std::string_view sqlstate) {
  // A statement the server refused leaves the connection up; a lost one leaves it BAD. A
  // session the server is ending (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot
  // connect now, class 08 connection exceptions) is as good as lost even before libpq has
  // seen the socket close.
  const bool ending = sqlstate.starts_with("57P0") || sqlstate.starts_with("08");
  if (PQstatus(conn_) != CONNECTION_BAD && !ending) return;
  std::lock_guard lock(outage_mutex_);
  if (!outage_) outage_ = Outage{now_unix(), std::string(message)};
  // The first reconnect comes with the next statement: a server restarted by its admin, or
  // a pooler that dropped the connection, is usually back by then.
  delay_ = std::chrono::milliseconds(0);
  next_attempt_ = std::chrono::steady_clock::now();
}

std::optional<Outage> Connection::outage() const {
  std::lock_guard lock(outage_mutex_);
  return outage_;
}

void Connection::set_reconnect_delays(const ReconnectDelays& delays) {
  std::lock_guard lock(mutex);
  delays_ = delays;
  if (delays_.first <= std::chrono::milliseconds(0)) delays_.first = std::chrono::milliseconds(1);
  delays_.most = std::max(delays_.most, delays_.first);
}

void Connection::schedule_next_attempt() {
  delay_ = delay_.count() == 0 ? delays_.first : std::min(delay_ * 2, delays_.most);
  next_attempt_ = std::chrono::steady_clock::now() + jittered(delay_);
}

bool Connection::reconnect() {
  PQreset(conn_);
  std::string failure;
  if (PQstatus(conn_) != CONNECTION_OK) {
    failure = one_line(PQerrorMessage(conn_));
  } else {
    for (const std::string& sql : session_) {
      PGresult* result = PQexec(conn_, sql.c_str());
      if (PQresultStatus(result) != PGRES_COMMAND_OK) failure = one_line(PQerrorMessage(conn_));
      PQclear(result);
      if (!failure.empty()) break;
    }
  }
  if (failure.empty()) {
    delay_ = std::chrono::milliseconds(0);
    std::lock_guard lock(outage_mutex_);
    outage_.reset();
    return true;
  }
  schedule_next_attempt();
  std::lock_guard lock(outage_mutex_);
  if (outage_) outage_->message = failure;
  return false;
}

Result<void> Connection::ensure_connected(std::string_view op) {
  std::optional<Outage> down = outage();
  if (!down) return {};
  if (!in_transaction_ && std::chrono::steady_clock::now() >= next_attempt_ && reconnect())
    return {};
  down = outage();
  const auto wait = std::chrono::duration_cast<std::chrono::seconds>(
      std::max(next_attempt_ - std::chrono::steady_clock::now(),
               std::chrono::steady_clock::duration::zero()));
  return std::unexpected(error(
      op, "no connection to the server since " + format_utc_iso(down ? down->since : now_unix()) +
              " (" + (down ? down->message : std::string("lost")) + "); next attempt in " +
              std::to_string(wait.count()) + " s"));
}

Result<void> Connection::set_session(std::string_view op, const std::string& sql) {
  std::lock_guard lock(mutex);
  if (auto done = exec(op, sql); !done) return done;
  session_.push_back(sql);
  return {};
}

Result<Rows> Connection::run(std::string_view op, const std::string& sql,
                             const std::vector<Param>& params) {
  if (auto up = ensure_connected(op); !up) return std::unexpected(up.error());
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  for (const Param& p : params) {
    values.push_back(p.value ? p.value->data() : nullptr);
    lengths.push_back(p.value ? static_cast<int>(p.value->size()) : 0);
    formats.push_back(p.binary ? 1 : 0);
  }
  PGresult* result = PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), nullptr,
                                  values.data(), lengths.data(), formats.data(), 0);
  return check(op, result);
}

Result<void> Connection::exec(std::string_view op, const std::string& sql) {
  if (auto up = ensure_connected(op); !up) return up;
  auto done = check(op, PQexec(conn_, sql.c_str()));
  if (!done) return std::unexpected(done.error());
  return {};
}

void Connection::rollback() {
  in_transaction_ = false;
  // A broken connection has no transaction left to roll back (the server ended it).
  if (PQstatus(conn_) == CONNECTION_BAD) return;
  PQclear(PQexec(conn_, "ROLLBACK"));
}

}  // namespace headlined::store::pg
