// `serve --access-log`: a file gets one line per request (flushed within a
// second or at shutdown); "off" writes none; a folder that cannot hold the
// file is refused at start.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "store/store.h"
#include "test_server.h"

namespace iotmark::testing {
namespace {

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(AccessLogTest, FileOffAndUnwritable) {
  TempFolder folder;
  auto test_url = store::TestStoreUrl("sqlite:" + (folder.path() / "registry.db").string());
  ASSERT_TRUE(test_url.ok()) << test_url.status().ToString();
  const std::string url = *test_url;
  const auto access = folder.path() / "access.log";
  {
    ServerProcess server;
    ASSERT_TRUE(server.Start(url, folder.path() / "keys", folder.path() / "serve.log",
                             {"--access-log", access.string()}));
    HttpClient client(server.port());
    EXPECT_EQ(client.Get("/healthz").status, 200);
    EXPECT_EQ(client.Get("/api/v1/labels/JCS1-2026-999999-0").status / 100, 4);
    std::string text;
    for (int waited = 0; waited < 30 && text.find("status=4") == std::string::npos; ++waited) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      text = Slurp(access);
    }
    EXPECT_NE(text.find("path=\"/healthz\" status=200"), std::string::npos) << text;
    EXPECT_NE(text.find("status=4"), std::string::npos) << text;
    EXPECT_EQ(Slurp(folder.path() / "serve.log").find("path=\"/healthz\""), std::string::npos)
        << "access lines go to the file only";
  }
  {
    ServerProcess server;
    ASSERT_TRUE(server.Start(url, folder.path() / "keys", folder.path() / "serve-off.log",
                             {"--access-log", "off"}));
    EXPECT_EQ(HttpClient(server.port()).Get("/healthz").status, 200);
    const int exit_status = server.Signal(SIGTERM);  // the log is complete once it is gone
    EXPECT_TRUE(WIFEXITED(exit_status) && WEXITSTATUS(exit_status) == 0) << exit_status;
    EXPECT_EQ(Slurp(folder.path() / "serve-off.log").find("access "), std::string::npos);
  }
  std::string output;
  EXPECT_EQ(RunIotmark({"serve", "--db", url, "--listen", "127.0.0.1:0", "--key-dir",
                        (folder.path() / "keys").string(), "--access-log",
                        (folder.path() / "serve.log" / "access.log").string()},
                       &output),
            2)
      << output;
  EXPECT_NE(output.find("--access-log"), std::string::npos) << output;
}

}  // namespace
}  // namespace iotmark::testing
