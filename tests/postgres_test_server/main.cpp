// `postgres_test_server start DIR` / `stop DIR`: the ctest fixture that runs one PostgreSQL
// server for a whole test run (support/postgres_server.hpp).
#include <cstdio>
#include <string>

#include "support/postgres_server.hpp"

int main(int argc, char** argv) {
  if (argc != 3 || (std::string(argv[1]) != "start" && std::string(argv[1]) != "stop")) {
    std::fprintf(stderr, "usage: postgres_test_server start|stop DIR\n");
    return 2;
  }
  const std::string dir = argv[2];
  const std::string failure = std::string(argv[1]) == "start"
                                  ? headlined::testing::PostgresServer::start_shared(dir)
                                  : headlined::testing::PostgresServer::stop_shared(dir);
  if (!failure.empty()) {
    std::fprintf(stderr, "postgres_test_server %s %s: %s\n", argv[1], dir.c_str(), failure.c_str());
    return 1;
  }
  return 0;
}
