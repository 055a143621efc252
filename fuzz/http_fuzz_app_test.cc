// The application of http_request_fuzz starts (it once aborted before its
// first input: the registry had no repositories wired) and answers the seed
// corpus of fuzz/corpus/http_request/ without a 5xx.
#include "fuzz/http_fuzz_app.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace iotmark::fuzz {
namespace {

namespace fs = std::filesystem;

class HttpFuzzAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() / ("iotmark-http-fuzz-app-" + std::to_string(getpid()));
    fs::remove_all(directory_);
    fs::create_directories(directory_);
    auto made = MakeHttpFuzzApp(directory_ / "fuzz.db", IOTMARK_SOURCE_SCHEMES_DIR);
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    app_ = std::move(made).value();
  }
  void TearDown() override {
    app_.reset();
    fs::remove_all(directory_);
  }

  fs::path directory_;
  std::unique_ptr<HttpFuzzApp> app_;
};

TEST_F(HttpFuzzAppTest, StartsAndServesTheRegistry) {
  // A route that reads the registry: it fails without repositories.
  auto raw = std::string("GET /api/v1/labels HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  auto parsed = server::ReadHttpRequest(raw, "127.0.0.1");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  server::HttpResponse response = server::HandleRequest(app_->router, parsed->request);
  EXPECT_EQ(response.status, 200) << response.body;
  auto page = server::ReadHttpRequest("GET /search?q=abc HTTP/1.1\r\nHost: x\r\n\r\n", "127.0.0.1");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(server::HandleRequest(app_->router, page->request).status, 200);
}

TEST_F(HttpFuzzAppTest, SeedCorpusGetsNoServerError) {
  int seeds = 0;
  for (const auto& entry :
       fs::directory_iterator(fs::path(IOTMARK_SOURCE_DIR) / "fuzz" / "corpus" / "http_request")) {
    std::ifstream file(entry.path(), std::ios::binary);
    std::stringstream text;
    text << file.rdbuf();
    EXPECT_EQ(HandleHttpFuzzInput(*app_, text.str()), 0) << entry.path();
    ++seeds;
  }
  EXPECT_GE(seeds, 10);
}

}  // namespace
}  // namespace iotmark::fuzz
