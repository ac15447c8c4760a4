#include "support/postgres_server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace headlined::testing {

namespace {

namespace fs = std::filesystem;

constexpr const char* kBin = "/usr/lib/postgresql/15/bin";
constexpr const char* kUser = "headlined";

std::unique_ptr<PostgresServer>& the_server() {
  static std::unique_ptr<PostgresServer> server;
  return server;
}

// Stops the server after the last test of the process.
class PostgresEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { PostgresServer::shut_down(); }
};

[[maybe_unused]] const auto* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

// A port nothing listens on now (the server may still lose it to another process; start()
// tries again then).
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t size = sizeof address;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0)
    port = ntohs(address.sin_port);
  close(fd);
  return port;
}

// The unprivileged user the server runs as when the tests run as root.
std::string server_user() {
  if (getpwnam("postgres")) return "postgres";
  return "nobody";
}

std::string quoted(const std::string& s) {
  return "'" + s + "'";
}

}  // namespace

PostgresServer& PostgresServer::instance() {
  auto& server = the_server();
  if (!server) {
    server.reset(new PostgresServer());
    const char* shared = std::getenv("HEADLINED_TEST_POSTGRES_DIR");
    if (!shared || !server->attach(shared)) {
      char dir_name[] = "/tmp/headlined-pg-XXXXXX";
      server->start(mkdtemp(dir_name));
    }
  }
  return *server;
}

void PostgresServer::shut_down() {
  the_server().reset();
}

PostgresServer::PostgresServer() = default;

bool PostgresServer::attach(const std::string& dir) {
  std::ifstream in(dir + "/port");
  int port = 0;
  if (!(in >> port) || port <= 0) return false;
  dir_ = dir;
  port_ = port;
  owned_ = false;
  return true;
}

std::string PostgresServer::start_shared(const std::string& dir) {
  stop_shared(dir);  // one a crashed run left behind
  fs::create_directories(dir);
  PostgresServer server;
  server.start(dir);
  if (!server.started()) return server.failure();
  std::ofstream(dir + "/port") << server.port_ << "\n";
  server.owned_ = false;  // it outlives this process
  return "";
}

std::string PostgresServer::stop_shared(const std::string& dir) {
  if (!fs::exists(dir)) return "";
  PostgresServer server;
  server.dir_ = dir;
  server.runner_ = geteuid() == 0 ? "runuser -u " + server_user() + " -- " : "";
  server.port_ = fs::exists(dir + "/data/postmaster.pid") ? 1 : 0;
  return "";  // the destructor stops the server and removes the folder
}

void PostgresServer::start(const std::string& dir) {
  dir_ = dir;
  if (!fs::exists(fs::path(kBin) / "initdb") || !fs::exists(fs::path(kBin) / "pg_ctl")) {
    failure_ = std::string("PostgreSQL 15 is not installed: no initdb/pg_ctl in ") + kBin +
               " (apt-get install postgresql-15; scripts/install-deps --test installs it)";
    return;
  }
  const bool root = geteuid() == 0;
  const std::string user = server_user();
  runner_ = root ? "runuser -u " + user + " -- " : "";
  auto own = [&](const std::string& path) {
    if (root) run_command("chown -R " + user + " " + quoted(path));
  };

  // The template: initdb once, into a folder renamed into place when complete, so parallel
  // test processes either find a whole one or make their own.
  const std::string tmp = fs::temp_directory_path().string();
  const std::string template_dir =
      tmp + "/headlined-pg15-template-" + std::to_string(geteuid()) + "-" + user;
  if (!fs::exists(template_dir + "/PG_VERSION")) {
    char scratch_name[] = "/tmp/headlined-pg-initdb-XXXXXX";
    const std::string scratch = mkdtemp(scratch_name);
    own(scratch);
    const auto made = run_command(runner_ + kBin + "/initdb -D " + quoted(scratch + "/data") +
                                  " --no-sync --no-instructions -U " + kUser +
                                  " --auth=trust -E UTF8 --locale=C 2>&1");
    if (made.status != 0) {
      failure_ = "initdb failed: " + made.out;
      fs::remove_all(scratch);
      return;
    }
    std::error_code ignored;
    fs::rename(scratch + "/data", template_dir, ignored);  // another process may have won
    fs::remove_all(scratch, ignored);
  }

  const auto copied =
      run_command("cp -a " + quoted(template_dir) + " " + quoted(dir_ + "/data") + " 2>&1");
  if (copied.status != 0) {
    failure_ = "copying the cluster template failed: " + copied.out;
    return;
  }
  own(dir_);
  for (int attempt = 0; attempt < 5 && port_ == 0; ++attempt) {
    const int port = free_port();
    const std::string options = std::string("-c fsync=off -c synchronous_commit=") +
                                (durable_commits_ ? "on" : "off") +
                                " -c full_page_writes=off "
                                "-c listen_addresses=127.0.0.1 -c port=" +
                                std::to_string(port) + " -c unix_socket_directories=" + dir_;
    const auto started =
        run_command(runner_ + kBin + "/pg_ctl -D " + quoted(dir_ + "/data") + " -l " +
                    quoted(dir_ + "/log") + " -w -t 30 -o " + quoted(options) + " start 2>&1");
    if (started.status == 0) {
      port_ = port;
      options_ = options;
    } else {
      failure_ = "pg_ctl start failed: " + started.out + read_file(dir_ + "/log");
    }
  }
  if (port_ != 0) failure_.clear();
}

std::unique_ptr<PostgresServer> PostgresServer::start_private() {
  std::unique_ptr<PostgresServer> server(new PostgresServer());
  // Its tests crash it (pg_ctl stop -m immediate) and count on what was committed before:
  // without synchronous_commit a commit is flushed to the OS up to 200 ms later, and the
  // crash would lose it (fsync stays off: the machine itself does not crash).
  server->durable_commits_ = true;
  char dir_name[] = "/tmp/headlined-pg-XXXXXX";
  server->start(mkdtemp(dir_name));
  return server;
}

std::string PostgresServer::crash() {
  const auto stopped = run_command(runner_ + kBin + "/pg_ctl -D " + quoted(dir_ + "/data") +
                                   " -m immediate -w stop 2>&1");
  return stopped.status == 0 ? "" : "pg_ctl stop failed: " + stopped.out;
}

std::string PostgresServer::start_again() {
  const std::string& options = options_;  // const: the local quoted(), not std::quoted
  const auto started =
      run_command(runner_ + kBin + "/pg_ctl -D " + quoted(dir_ + "/data") + " -l " +
                  quoted(dir_ + "/log") + " -w -t 30 -o " + quoted(options) + " start 2>&1");
  return started.status == 0 ? ""
                             : "pg_ctl start failed: " + started.out + read_file(dir_ + "/log");
}

PostgresServer::~PostgresServer() {
  if (!owned_) return;
  if (port_ != 0) {
    run_command(runner_ + kBin + "/pg_ctl -D " + quoted(dir_ + "/data") +
                " -m immediate -w stop >/dev/null 2>&1");
  }
  if (!dir_.empty()) {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
}

std::string PostgresServer::url() const {
  // No GSSAPI attempt: the test server has no Kerberos, and libpq would look for tickets
  // (and the Kerberos library keep allocations to the end) on every connect.
  return "postgresql://" + std::string(kUser) + "@127.0.0.1:" + std::to_string(port_) +
         "/postgres?gssencmode=disable";
}

std::string PostgresServer::fresh_schema_url() {
  // Unique across the processes that share one server.
  const std::string schema = "test_" + std::to_string(getpid()) + "_" + std::to_string(++schemas_);
  query(url(), "CREATE SCHEMA " + schema);
  // options=-c search_path=<schema>, URL-encoded.
  return url() + "&options=-csearch_path%3D" + schema;
}

std::string PostgresServer::query(const std::string& database_url, const std::string& sql) const {
  PGconn* conn = PQconnectdb(database_url.c_str());
  std::string out;
  if (PQstatus(conn) == CONNECTION_OK) {
    PGresult* result = PQexec(conn, sql.c_str());
    if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) > 0) {
      out.assign(PQgetvalue(result, 0, 0), static_cast<std::size_t>(PQgetlength(result, 0, 0)));
    }
    PQclear(result);
  }
  PQfinish(conn);
  return out;
}

}  // namespace headlined::testing
