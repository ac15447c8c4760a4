#pragma once
// A real PostgreSQL 15 for the tests, started by the tests themselves: once per test
// process, from the Debian binaries in /usr/lib/postgresql/15/bin, in a temporary folder,
// listening on a Unix socket there and on 127.0.0.1 at a free port; stopped and removed
// when the process's tests end (a gtest Environment). Each test asks for a fresh schema.
//
// Under ctest, where every test is a process of its own, one server serves the whole run:
// the `postgres` fixture (tests/CMakeLists.txt) starts it with `postgres_test_server start
// DIR` and stops it afterwards, and HEADLINED_TEST_POSTGRES_DIR names DIR to the tests,
// which then only make their schemas in it. Without that variable (a test binary run by
// hand) the process starts its own.
//
// The cluster is made from a template that initdb writes once per machine and PostgreSQL
// version (in the temp folder, renamed into place when complete): initdb takes seconds,
// a copy a fraction of one, and ctest runs every test in its own process.
// The server runs with fsync=off: nothing here must survive a crash of the machine, and
// every commit's flush would otherwise dominate the store tests' time.
// Run as root (CI is), the server runs as the `postgres` user (or `nobody`): PostgreSQL
// refuses to run as root.

#include <memory>
#include <string>

namespace headlined::testing {

class PostgresServer {
 public:
  // The process's server, started on first use. A failure to start (binaries missing,
  // initdb failing) is a gtest fatal failure naming the cause, never a skip.
  static PostgresServer& instance();
  // Stops and removes the server if one was started (the Environment's TearDown).
  static void shut_down();

  // The server a ctest fixture runs: started in `dir` and left running (`url` written in
  // dir/url) by start_shared, stopped and removed by stop_shared. "" or an error message.
  static std::string start_shared(const std::string& dir);
  static std::string stop_shared(const std::string& dir);

  // A server of the caller's own (neither the process's nor the fixture's), which it may stop
  // and start again on the same data and port: a database that goes away while a daemon
  // uses it. Check started() / failure().
  static std::unique_ptr<PostgresServer> start_private();
  // Stops the server with `pg_ctl stop -m immediate`, as a crash of the server would: the
  // harsher case, and the quickest. What was committed survives (a private server commits
  // with synchronous_commit on). "" or why not.
  std::string crash();
  // Starts it again on the same folder and port (crash recovery runs first). "" or why not.
  std::string start_again();

  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // A libpq URL of a new, empty schema (search_path set to it) in the server's database:
  // every store opened through it sees only that schema.
  std::string fresh_schema_url();
  // The URL of the server's database itself (the public schema).
  std::string url() const;
  // Runs SQL on its own connection; returns the first value of the first row, "" when there
  // is none or the statement failed.
  std::string query(const std::string& url, const std::string& sql) const;

  bool started() const { return port_ != 0; }
  const std::string& failure() const { return failure_; }

 private:
  PostgresServer();
  // Starts a cluster in `dir` (made when empty): sets port_ or failure_.
  void start(const std::string& dir);
  // Uses the server a fixture started in `dir` (its url file); false when there is none.
  bool attach(const std::string& dir);

  std::string dir_;               // the cluster's folder (data/, the socket, the log)
  std::string options_;           // the server's -o options (port, socket folder), for start_again
  bool durable_commits_ = false;  // synchronous_commit on (private servers, which are crashed)
  std::string runner_;            // "runuser -u postgres -- " when run as root, else ""
  int port_ = 0;
  bool owned_ = true;  // stopped and removed with this object
  int schemas_ = 0;
  std::string failure_;
};

}  // namespace headlined::testing
