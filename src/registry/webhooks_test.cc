#include "registry/webhooks.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace iotmark::registry {
namespace {

TEST(WebhookUrlTest, AcceptsLoopbackIpLiterals) {
  EXPECT_TRUE(ValidateWebhookUrl("http://127.0.0.1:9000/hook", false).ok());
  EXPECT_TRUE(ValidateWebhookUrl("http://127.1.2.3/", false).ok());
  EXPECT_TRUE(ValidateWebhookUrl("http://[::1]:8081/a?b=c", false).ok());
  EXPECT_TRUE(ValidateWebhookUrl("http://127.0.0.1", false).ok());
}

TEST(WebhookUrlTest, RefusesWhatCannotBeDeliveredNamingTheField) {
  for (const char* url :
       {"", "ftp://127.0.0.1/", "http://localhost/", "http://127.0.0.1:0/", "http://127.0.0.1:/",
        "http://127.0.0.1:70000/", "http://127.0.0.256/", "http://127.0.0/", "http://[::1/",
        "http://127.0.0.1/a b", "http://user@127.0.0.1/", "https://127.0.0.1/"}) {
    Status status = ValidateWebhookUrl(url, true);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << url;
    EXPECT_EQ(status.field(), "url") << url << ": " << status.message();
    EXPECT_NE(status.message().rfind("url: ", 0), 0u) << status.message();  // not in the text
  }
  EXPECT_NE(ValidateWebhookUrl("https://127.0.0.1/", true).message().find("https"),
            std::string::npos);
  EXPECT_EQ(
      ValidateWebhookUrl(std::string("http://127.0.0.1/") + std::string(2000, 'a'), true).code(),
      StatusCode::kInvalidArgument);
}

TEST(WebhookUrlTest, OtherHostsOnlyWhenAllowed) {
  EXPECT_EQ(ValidateWebhookUrl("http://192.0.2.10/hook", false).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateWebhookUrl("http://[2001:db8::1]/hook", false).code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(ValidateWebhookUrl("http://192.0.2.10/hook", true).ok());
  EXPECT_TRUE(ValidateWebhookUrl("http://[2001:db8::1]:8443/hook", true).ok());
}

TEST(WebhookSignatureTest, VerifiesAndRejectsTamperingReplayAndWrongSecret) {
  const TimePoint now = *ParseIso8601("2026-11-23T10:00:00Z");
  const std::int64_t t =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const std::string body = R"({"changes":[]})";
  const std::string header = WebhookSignatureHeader("secret", t, body);
  EXPECT_EQ(header.rfind("t=" + std::to_string(t) + ",v1=", 0), 0u);
  EXPECT_TRUE(VerifyWebhookSignature("secret", header, body, now));
  EXPECT_FALSE(VerifyWebhookSignature("secret", header, body + " ", now));
  EXPECT_FALSE(VerifyWebhookSignature("other", header, body, now));
  EXPECT_FALSE(VerifyWebhookSignature("secret", header, body, now + std::chrono::minutes(6)));
  EXPECT_FALSE(VerifyWebhookSignature("secret", "v1=abc", body, now));
  EXPECT_FALSE(VerifyWebhookSignature("secret", "t=x,v1=abc", body, now));
}

TEST(WebhookBodyTest, CarriesEveryChangeWithItsPageUrl) {
  WebhookBatch batch;
  batch.subscription_id = 7;
  batch.changes.push_back({41, "JCS1-2026-000001-7", "revoked", "revoked",
                           *ParseIso8601("2026-11-23T10:00:00Z"), "改善されず / not remedied"});
  const auto body = nlohmann::json::parse(WebhookBody(batch, "http://127.0.0.1:8080"));
  EXPECT_EQ(body["format"], "iotmark-webhook/1");
  EXPECT_EQ(body["subscription_id"], 7);
  ASSERT_EQ(body["changes"].size(), 1u);
  EXPECT_EQ(body["changes"][0]["sequence"], 41);
  EXPECT_EQ(body["changes"][0]["at"], "2026-11-23T10:00:00Z");
  EXPECT_EQ(body["changes"][0]["summary"], "改善されず / not remedied");
  EXPECT_EQ(body["changes"][0]["url"], "http://127.0.0.1:8080/labels/JCS1-2026-000001-7");
}

TEST(WebhookRetryTest, BacksOffExponentiallyUpToAnHour) {
  EXPECT_EQ(WebhookRetryDelay(1), std::chrono::seconds(2));
  EXPECT_EQ(WebhookRetryDelay(2), std::chrono::seconds(4));
  EXPECT_EQ(WebhookRetryDelay(11), std::chrono::seconds(2048));
  EXPECT_EQ(WebhookRetryDelay(12), std::chrono::hours(1));
  EXPECT_EQ(WebhookRetryDelay(1000), std::chrono::hours(1));
}

}  // namespace
}  // namespace iotmark::registry
