// `iotmark dev seed` gives a store the server reads like a real one: labels
// beyond the point where generated vendor names repeat, a second seed into
// the same store, and every seeded label in the change stream and export.
#include <gtest/gtest.h>

#include "store/store.h"
#include "test_server.h"

namespace iotmark::testing {
namespace {

TEST(DevSeedTest, SeededLabelsAreServedSearchedAndExported) {
  TempFolder folder;
  auto test_url = store::TestStoreUrl("sqlite:" + (folder.path() / "seeded.db").string());
  ASSERT_TRUE(test_url.ok()) << test_url.status().ToString();
  const std::string url = *test_url;
  std::string output;
  ASSERT_EQ(RunIotmark({"dev", "seed", "--db", url, "--labels", "5000", "--json"}, &output), 0)
      << output;
  EXPECT_NE(output.find("\"labels\":5000"), std::string::npos) << output;
  ASSERT_EQ(RunIotmark({"dev", "seed", "--db", url, "--labels", "300", "--json"}, &output), 0)
      << output;

  ServerProcess server;
  ASSERT_TRUE(server.Start(url, folder.path() / "keys", folder.path() / "serve.log"));
  HttpClient client(server.port());

  HttpResult page = client.Get("/api/v1/export/labels?since=0&limit=5000");
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 300);
  const nlohmann::json first = page.Json();
  EXPECT_EQ(first["export"]["records"].size(), 5000u);
  EXPECT_TRUE(first["export"]["more"].get<bool>());
  HttpResult rest =
      client.Get("/api/v1/export/labels?since=" +
                 std::to_string(first["export"]["until"].get<std::int64_t>()) + "&limit=5000");
  ASSERT_EQ(rest.status, 200);
  EXPECT_EQ(rest.Json()["export"]["records"].size(), 300u);
  EXPECT_FALSE(rest.Json()["export"]["more"].get<bool>());

  const std::string regno =
      first["export"]["records"][0]["document"]["record"]["registration_number"];
  EXPECT_EQ(client.Get("/api/v1/labels/" + regno).status, 200);
  EXPECT_EQ(client.Get("/labels/" + regno).status, 200);
  HttpResult search = client.Get("/api/v1/labels?q=%E6%9D%B1%E4%BA%AC");  // 東京
  ASSERT_EQ(search.status, 200) << search.body;
  EXPECT_FALSE(search.Json()["labels"].empty());
}

}  // namespace
}  // namespace iotmark::testing
