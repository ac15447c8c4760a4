// Secrets kept out of the config file: {"env": "NAME"} and {"file": "/path"} in place of a
// string, resolved at load time, with an error at the value's position when they fail.

#include <gtest/gtest.h>

#include <cstdlib>

#include "headlined/config/config.hpp"
#include "support/temp_dir.hpp"

namespace headlined::config {
namespace {

std::string email_channel(const std::string& password, const std::string& header) {
  return R"({
  "channels": [
    {"name": "mail", "type": "email", "smtp_url": "smtps://mail.example.org",
     "username": "u", "password": )" +
         password + R"(, "from": "a@example.org", "to": ["b@example.org"]},
    {"name": "hook", "type": "webhook", "url": {"env": "HEADLINED_TEST_HOOK_URL"},
     "headers": {"Authorization": )" +
         header + R"(}}
  ]
})";
}

TEST(ConfigSecrets, ComeFromTheEnvironmentOrAFile) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "password", "from-a-file\n");
  setenv("HEADLINED_TEST_TOKEN", "Bearer from-env", 1);
  setenv("HEADLINED_TEST_HOOK_URL", "https://hooks.example.org/T000/B000/XXXX", 1);
  LoadResult r = load_config_text(email_channel(R"({"file": ")" + dir.file("password") + R"("})",
                                                R"({"env": "HEADLINED_TEST_TOKEN"})"),
                                  "s.jsonc");
  unsetenv("HEADLINED_TEST_TOKEN");
  unsetenv("HEADLINED_TEST_HOOK_URL");
  ASSERT_TRUE(r.ok()) << r.errors[0].to_string();
  ASSERT_EQ(r.config.channels.size(), 2u);
  EXPECT_EQ(r.config.channels[0].password, "from-a-file");
  EXPECT_EQ(r.config.channels[1].url, "https://hooks.example.org/T000/B000/XXXX");
  EXPECT_EQ(r.config.channels[1].headers.at("Authorization"), "Bearer from-env");
}

TEST(ConfigSecrets, AMissingVariableOrFileIsAnErrorAtItsValue) {
  unsetenv("HEADLINED_TEST_TOKEN");
  unsetenv("HEADLINED_TEST_HOOK_URL");
  LoadResult r = load_config_text(email_channel(R"({"file": "/nonexistent/headlined-secret"})",
                                                R"({"env": "HEADLINED_TEST_TOKEN", "file": "x"})"),
                                  "s.jsonc");
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0].to_string().rfind("s.jsonc:4:", 0), 0u) << r.errors[0].to_string();
  EXPECT_NE(r.errors[0].message.find("cannot read /nonexistent/headlined-secret"),
            std::string::npos);
  EXPECT_NE(r.errors[1].message.find("HEADLINED_TEST_HOOK_URL is not set"), std::string::npos)
      << r.errors[1].message;
  EXPECT_NE(r.errors[2].message.find("{\"env\": \"VARIABLE\"}"), std::string::npos)
      << r.errors[2].message;
}

// Admin commands that send nothing (status, search, backup, ...) run from a root shell that
// has neither the unit's environment nor its credentials: they must not need either.
TEST(ConfigSecrets, SkippedSecretsAreNeitherReadNorErrors) {
  unsetenv("HEADLINED_TEST_TOKEN");
  unsetenv("HEADLINED_TEST_HOOK_URL");
  LoadResult r = load_config_text(email_channel(R"({"file": "/nonexistent/headlined-secret"})",
                                                R"({"env": "HEADLINED_TEST_TOKEN"})"),
                                  "s.jsonc", Secrets::Skip);
  ASSERT_TRUE(r.ok()) << r.errors[0].to_string();
  EXPECT_TRUE(r.unchecked.empty());
  ASSERT_EQ(r.config.channels.size(), 2u);
  EXPECT_EQ(r.config.channels[0].password, "");
  EXPECT_EQ(r.config.channels[1].url, "");
  // A malformed secret reference is still a mistake in the file.
  LoadResult bad =
      load_config_text(email_channel(R"({"path": "/x"})", R"("t")"), "s.jsonc", Secrets::Skip);
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_NE(bad.errors[0].message.find("{\"file\": \"/path\"}"), std::string::npos);
}

// check-config before `systemctl enable --now`: a variable only the unit sets and a
// credential systemd loads only when the service starts are listed as not checked, while a
// secret file that is simply missing stays an error.
TEST(ConfigSecrets, CheckConfigNamesWhatOnlyTheServiceCanRead) {
  unsetenv("HEADLINED_TEST_TOKEN");
  unsetenv("HEADLINED_TEST_HOOK_URL");
  LoadResult r = load_config_text(
      email_channel(R"({"file": "/run/credentials/headlined.service/smtp-password"})",
                    R"({"file": "/nonexistent/headlined-token"})"),
      "s.jsonc", Secrets::ReadIfHere);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("cannot read /nonexistent/headlined-token"),
            std::string::npos);
  ASSERT_EQ(r.unchecked.size(), 2u);
  EXPECT_EQ(r.unchecked[0].to_string().rfind("s.jsonc:4:", 0), 0u) << r.unchecked[0].to_string();
  EXPECT_NE(r.unchecked[0].message.find("LoadCredential="), std::string::npos)
      << r.unchecked[0].message;
  EXPECT_NE(r.unchecked[1].message.find("HEADLINED_TEST_HOOK_URL is not set"), std::string::npos);
  EXPECT_NE(r.unchecked[1].message.find("Environment="), std::string::npos);
}

// The PostgreSQL URL stays as written (it is no file to resolve), and its password is a
// secret that even the admin commands, which skip the channels' secrets, read: they open the
// database too.
TEST(ConfigSecrets, TheDatabasePasswordIsReadEvenWhereOtherSecretsAreSkipped) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "db-password", "s3cret\n");
  const std::string text = R"({"database": "postgresql://news@db.example/headlined?sslmode=require",
  "database_password": {"file": ")" +
                           dir.file("db-password") + R"("},
  "channels": [{"name": "hook", "type": "webhook", "url": {"env": "HEADLINED_TEST_UNSET"}}]})";
  unsetenv("HEADLINED_TEST_UNSET");
  testing::write_file(dir.path() / "h.jsonc", text);
  LoadResult r = load_config_file(dir.file("h.jsonc"), Secrets::Skip);
  ASSERT_TRUE(r.ok()) << r.errors[0].to_string();
  EXPECT_EQ(r.config.database, "postgresql://news@db.example/headlined?sslmode=require");
  EXPECT_EQ(r.config.database_password, "s3cret");
  EXPECT_EQ(r.config.channels.at(0).url, "");  // still skipped
}

}  // namespace
}  // namespace headlined::config
