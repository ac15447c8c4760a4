// Which PostgreSQL URLs are a config error (libpq could not use them) and which are fine,
// however unreachable their server.
#include <gtest/gtest.h>

#include "headlined/store/pg_url.hpp"

namespace headlined::store {
namespace {

TEST(PgUrl, WhatLibpqCanUseIsFine) {
  for (const char* url : {
           "postgresql://headlined@db.example/headlined?sslmode=verify-full",
           "postgres://h:secret@10.0.0.5:5433/x?connect_timeout=5&application_name=node1",
           "postgresql:///headlined",  // the local Unix socket
           "postgresql://headlined@%2Fvar%2Frun%2Fpostgresql/headlined",
           "postgresql://a.example:5432,b.example:5433/h?target_session_attrs=read-write",
           "postgresql://h@127.0.0.1:1/postgres?gssencmode=disable&options=-csearch_path%3Dx",
       }) {
    EXPECT_EQ(postgresql_url_problem(url), std::nullopt) << url;
  }
}

TEST(PgUrl, WhatLibpqWouldRefuseIsNamedWithThePasswordMasked) {
  const std::pair<const char*, const char*> cases[] = {
      {"postgresql://u:s3cret@db/h?colour=blue", "invalid URI query parameter: \"colour\""},
      {"postgresql://u:s3cret@db:port/h", "invalid port \"port\""},
      {"postgresql://u:s3cret@db:70000/h", "invalid port \"70000\""},
      {"postgresql://u:s3cret@db/h?sslmode=sometimes", "invalid sslmode \"sometimes\""},
      {"postgresql://u:s3cret@db/h?target_session_attrs=writable", "target_session_attrs"},
      {"postgresql://u:s3cret@db/h?connect_timeout=soon", "invalid connect_timeout"},
      {"postgresql://u:s3cret@/h", "no host"},
      {"postgresql://:5432/h", "no host"},
      {"postgresql://u:s3%zzcret@db/h", "***"},
  };
  for (const auto& [url, expected] : cases) {
    auto problem = postgresql_url_problem(url);
    ASSERT_TRUE(problem) << url;
    EXPECT_NE(problem->find(expected), std::string::npos) << url << ": " << *problem;
    EXPECT_EQ(problem->find("s3"), std::string::npos) << url << ": " << *problem;
  }
}

TEST(PgUrl, PasswordsAreMaskedInTheUrlAsShown) {
  EXPECT_EQ(masked_postgresql_url("postgresql://u:s3cret@db/h?password=again&x=1"),
            "postgresql://u:***@db/h?password=***&x=1");
}

}  // namespace
}  // namespace headlined::store
