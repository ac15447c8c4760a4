#include "pg_connection.hpp"

#include <cstdlib>

namespace headlined::store::pg {

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
  // expand_dbname: "dbname" holds the whole URI. A password given here wins over the URI's
  // and over PGPASSWORD / PGPASSFILE, which libpq reads when it is left out.
  std::vector<const char*> keywords{"dbname", "client_encoding"};
  std::vector<const char*> values{url.c_str(), "UTF8"};
  if (!password.empty()) {
    keywords.push_back("password");
    values.push_back(password.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  c->conn_ = PQconnectdbParams(keywords.data(), values.data(), 1);
  if (!c->conn_ || PQstatus(c->conn_) != CONNECTION_OK) {
    std::string message = c->conn_ ? PQerrorMessage(c->conn_) : "out of memory";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
      message.pop_back();
    return std::unexpected(c->error("connect", message));
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
  std::string message = primary ? primary : PQerrorMessage(conn_);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (message.empty()) message = "no answer from the server";
  return std::unexpected(error(op, message));
}

Result<Rows> Connection::run(std::string_view op, const std::string& sql,
                             const std::vector<Param>& params) {
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
  auto done = check(op, PQexec(conn_, sql.c_str()));
  if (!done) return std::unexpected(done.error());
  return {};
}

void Connection::rollback() {
  PQclear(PQexec(conn_, "ROLLBACK"));
}

}  // namespace headlined::store::pg
