// The change stream over HTTP: the public change list, the signed bulk
// export with deltas and ETags (checked offline with `iotmark label verify`),
// and webhook deliveries to a receiver on 127.0.0.1 that this test runs:
// signed, per label or registry-wide, retried after a failure.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "registry/webhooks.h"
#include "scenario.h"
#include "server/http_server.h"

namespace iotmark::testing {
namespace {

// A webhook receiver on 127.0.0.1:0 that records every delivery and fails
// the first `failures_to_answer` requests with 500.
class WebhookReceiver {
 public:
  explicit WebhookReceiver(int failures_to_answer) : failures_left_(failures_to_answer) {
    server::HttpServerOptions options;
    server_ = std::make_unique<server::HttpServer>(options, [this](server::HttpRequest& request) {
      server::HttpResponse response;
      std::lock_guard lock(mutex_);
      if (failures_left_ > 0) {
        --failures_left_;
        ++refused_;
        response.status = 500;
        return response;
      }
      deliveries_.push_back({request.path.empty() ? request.target : request.path,
                             std::string(request.Header("x-iotmark-signature").value_or("")),
                             request.body});
      response.status = 204;
      return response;
    });
    Status listened = server_->Listen();
    EXPECT_TRUE(listened.ok()) << listened.ToString();
    thread_ = std::thread([this] { server_->Run(false); });
  }
  ~WebhookReceiver() {
    server_->Stop();
    thread_.join();
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
  }

  struct Delivery {
    std::string target;
    std::string signature;
    std::string body;
  };
  std::vector<Delivery> Deliveries() {
    std::lock_guard lock(mutex_);
    return deliveries_;
  }
  int refused() {
    std::lock_guard lock(mutex_);
    return refused_;
  }

 private:
  std::mutex mutex_;
  int failures_left_;
  int refused_ = 0;
  std::vector<Delivery> deliveries_;
  std::unique_ptr<server::HttpServer> server_;
  std::thread thread_;
};

// Changes delivered to `path`, in order, after checking each signature.
std::vector<nlohmann::json> ChangesDeliveredTo(WebhookReceiver& receiver, const std::string& path,
                                               const std::string& secret) {
  std::vector<nlohmann::json> changes;
  for (const auto& delivery : receiver.Deliveries()) {
    if (delivery.target != path) continue;
    EXPECT_TRUE(registry::VerifyWebhookSignature(secret, delivery.signature, delivery.body,
                                                 SystemClock::Instance().Now()))
        << delivery.signature;
    const nlohmann::json body = nlohmann::json::parse(delivery.body);
    for (const auto& change : body["changes"]) changes.push_back(change);
  }
  return changes;
}

TEST(ServerFeedsTest, ExportPagesDeltasAndOfflineVerification) {
  Scenario s;
  ASSERT_TRUE(s.Start());
  std::vector<std::string> labels;
  for (int i = 0; i < 3; ++i) {
    labels.push_back(
        s.IssueLabel(s.vendor_a, s.CreateProduct(s.vendor_a, "EXP-" + std::to_string(i))));
    ASSERT_FALSE(labels.back().empty());
  }

  HttpResult first = s.client.Get("/api/v1/export/labels?since=0&limit=2");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Json()["export"]["records"].size(), 2u);
  EXPECT_TRUE(first.Json()["export"]["more"].get<bool>());
  EXPECT_NE(first.Header("link").find("rel=\"next\""), std::string::npos);
  ASSERT_FALSE(first.Header("etag").empty());
  HttpResult unchanged =
      s.client.Request("GET", "/api/v1/export/labels?since=0&limit=2", std::nullopt, "",
                       {{"If-None-Match", first.Header("etag")}});
  EXPECT_EQ(unchanged.status, 304);

  const std::string until = first.Header("x-iotmark-export-until");
  HttpResult second = s.client.Get("/api/v1/export/labels?since=" + until + "&limit=2");
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(second.Json()["export"]["records"].size(), 1u);
  EXPECT_FALSE(second.Json()["export"]["more"].get<bool>());
  const std::string cursor = second.Header("x-iotmark-export-until");

  // Offline check of a page with the served key; a tampered page fails.
  HttpResult key = s.client.Get("/.well-known/iotmark-label-key");
  const auto key_file = s.folder.path() / "served.pub";
  const auto page_file = s.folder.path() / "page.json";
  std::ofstream(key_file) << key.Json()["key_file"].get<std::string>() << "\n";
  std::ofstream(page_file) << first.body;
  std::string output;
  EXPECT_EQ(
      RunIotmark({"label", "verify", page_file.string(), "--key", key_file.string(), "--json"},
                 &output),
      0)
      << output;
  EXPECT_NE(output.find("\"records\": 2"), std::string::npos) << output;
  std::string tampered = first.body;
  tampered.replace(tampered.find("EXP-"), 4, "XXP-");
  std::ofstream(page_file, std::ios::trunc) << tampered;
  EXPECT_EQ(
      RunIotmark({"label", "verify", page_file.string(), "--key", key_file.string()}, &output), 1)
      << output;

  // `iotmark mirror` pulls every page, verified with the served key.
  const std::string source = "http://127.0.0.1:" + std::to_string(s.server.port());
  const auto mirror = s.folder.path() / "mirror";
  ASSERT_EQ(
      RunIotmark({"mirror", "--from", source, "--dir", mirror.string(), "--limit", "2", "--json"},
                 &output),
      0)
      << output;
  EXPECT_NE(output.find("\"records\": 3"), std::string::npos) << output;
  // A key that did not sign the pages: refused, nothing written.
  const auto wrong_key = s.folder.path() / "wrong.pub";
  std::ofstream(wrong_key) << "ed25519-public:" << std::string(43, 'A') << "=\n";
  EXPECT_EQ(RunIotmark({"mirror", "--from", source, "--dir", (s.folder.path() / "m2").string(),
                        "--key", wrong_key.string()},
                       &output),
            1)
      << output;
  EXPECT_FALSE(std::filesystem::exists(s.folder.path() / "m2" / "records.jsonl"));

  // The delta after a withdrawal holds just that label, now withdrawn.
  ASSERT_EQ(s.client
                .Post("/api/v1/labels/" + labels[1] + "/withdraw", {{"reason", "販売終了"}},
                      s.vendor_a.token)
                .status,
            200);
  HttpResult delta = s.client.Get("/api/v1/export/labels?since=" + cursor);
  ASSERT_EQ(delta.status, 200);
  const nlohmann::json records = delta.Json()["export"]["records"];
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["document"]["record"]["registration_number"], labels[1]);
  EXPECT_EQ(records[0]["document"]["record"]["status"], "withdrawn");

  // The mirror's second run fetches only the delta.
  ASSERT_EQ(RunIotmark({"mirror", "--from", source, "--dir", mirror.string(), "--json"}, &output),
            0)
      << output;
  EXPECT_NE(output.find("\"records\": 1"), std::string::npos) << output;
  std::ifstream lines(mirror / "records.jsonl");
  std::map<std::string, nlohmann::json> latest;
  int line_count = 0;
  for (std::string line; std::getline(lines, line); ++line_count) {
    const auto entry = nlohmann::json::parse(line);
    latest[entry["document"]["record"]["registration_number"]] = entry["document"]["record"];
  }
  EXPECT_EQ(line_count, 4);
  EXPECT_EQ(latest.size(), 3u);
  EXPECT_EQ(latest[labels[1]]["status"], "withdrawn");
  EXPECT_EQ(latest[labels[0]]["status"], "active");

  HttpResult changes = s.client.Get("/api/v1/changes?registration_number=" + labels[1]);
  ASSERT_EQ(changes.status, 200) << changes.body;
  ASSERT_EQ(changes.Json()["changes"].size(), 2u);
  EXPECT_EQ(changes.Json()["changes"][1]["kind"], "withdrawn");
  EXPECT_EQ(s.client.Get("/api/v1/changes?since=abc").status, 400);
  EXPECT_EQ(s.client.Get("/api/v1/changes?limit=0").status, 400);
  EXPECT_EQ(s.client.Get("/api/v1/export/labels?limit=999999").status, 400);
}

TEST(ServerFeedsTest, WebhooksAreSignedFilteredAndRetried) {
  Scenario s;
  ASSERT_TRUE(s.Start({"--webhook-interval-ms", "100"}));
  const std::int64_t product = s.CreateProduct(s.vendor_a, "HOOK-1");
  const std::string watched = s.IssueLabel(s.vendor_a, product);
  const std::string other = s.IssueLabel(s.vendor_a, s.CreateProduct(s.vendor_a, "HOOK-2"));
  ASSERT_FALSE(watched.empty());
  ASSERT_FALSE(other.empty());

  WebhookReceiver receiver(/*failures_to_answer=*/1);
  HttpResult all =
      s.client.Post("/api/v1/webhooks", {{"url", receiver.Url("/all")}}, s.vendor_a.token);
  ASSERT_EQ(all.status, 201) << all.body;
  HttpResult one = s.client.Post("/api/v1/webhooks",
                                 {{"url", receiver.Url("/one")}, {"registration_number", watched}},
                                 s.auditor.token);
  ASSERT_EQ(one.status, 201) << one.body;
  HttpResult refused =
      s.client.Post("/api/v1/webhooks", {{"url", "http://192.0.2.7/hook"}}, s.vendor_a.token);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.Json()["error"]["field"], "$.url") << refused.body;
  EXPECT_EQ(s.client.Post("/api/v1/webhooks", {{"url", receiver.Url("/x")}}).status, 401);

  ASSERT_EQ(s.client
                .Post("/api/v1/products/" + std::to_string(product) + "/vulnerabilities",
                      {{"identifier", "JVN#00000001"}, {"severity", "high"}}, s.vendor_a.token)
                .status,
            201);
  ASSERT_EQ(
      s.client
          .Post("/api/v1/labels/" + other + "/withdraw", {{"reason", "販売終了"}}, s.vendor_a.token)
          .status,
      200);

  // Wait (at most 20 s) for both subscribers to have everything; one
  // delivery was refused first, so a retry (after 2 s) is part of it.
  const std::string all_secret = all.Json()["secret"];
  const std::string one_secret = one.Json()["secret"];
  std::vector<nlohmann::json> everything, mine;
  for (int waited = 0; waited < 200; ++waited) {
    everything = ChangesDeliveredTo(receiver, "/all", all_secret);
    mine = ChangesDeliveredTo(receiver, "/one", one_secret);
    if (everything.size() >= 2 && mine.size() >= 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(receiver.refused(), 1);
  ASSERT_EQ(everything.size(), 2u)
      << s.client.Get("/api/v1/webhooks", s.auditor.token).body
      << " deliveries to /one: " << mine.size() << " received: " << [&] {
           std::string seen;
           for (const auto& delivery : receiver.Deliveries()) seen += delivery.target + " ";
           return seen;
         }();
  EXPECT_EQ(everything[0]["kind"], "vulnerability");
  EXPECT_EQ(everything[0]["registration_number"], watched);
  EXPECT_EQ(everything[1]["kind"], "withdrawn");
  EXPECT_EQ(everything[1]["registration_number"], other);
  EXPECT_LT(everything[0]["sequence"].get<std::int64_t>(),
            everything[1]["sequence"].get<std::int64_t>());
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["registration_number"], watched);

  // The same changes in the Atom feeds, registry-wide and per label.
  HttpResult feed = s.client.Get("/feed.atom");
  ASSERT_EQ(feed.status, 200);
  EXPECT_EQ(feed.Header("content-type").rfind("application/atom+xml", 0), 0u);
  EXPECT_NE(feed.body.find(watched + ": vulnerability"), std::string::npos) << feed.body;
  EXPECT_NE(feed.body.find("JVN#00000001 (high)"), std::string::npos);
  EXPECT_NE(feed.body.find(other + ": withdrawn → withdrawn"), std::string::npos);
  EXPECT_LT(feed.body.find(other + ": withdrawn"), feed.body.find(watched + ": vulnerability"))
      << "newest first";
  HttpResult label_feed = s.client.Get("/labels/" + watched + "/feed.atom");
  ASSERT_EQ(label_feed.status, 200);
  EXPECT_NE(label_feed.body.find("JVN#00000001"), std::string::npos);
  EXPECT_EQ(label_feed.body.find(other), std::string::npos);

  // The dispatcher records a delivery after the receiver's 2xx: wait (at
  // most 5 s) for that bookkeeping too.
  HttpResult listed;
  for (int waited = 0; waited < 50; ++waited) {
    listed = s.client.Get("/api/v1/webhooks", s.vendor_a.token);
    if (listed.status == 200 && listed.Json()["webhooks"].size() == 1u &&
        listed.Json()["webhooks"][0]["delivered_changes"] == 2) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.Json()["webhooks"].size(), 1u);
  EXPECT_FALSE(listed.Json()["webhooks"][0].contains("secret"));
  EXPECT_EQ(listed.Json()["webhooks"][0]["delivered_changes"], 2);
  const std::string id = std::to_string(listed.Json()["webhooks"][0]["id"].get<std::int64_t>());
  EXPECT_EQ(
      s.client.Request("DELETE", "/api/v1/webhooks/" + id, std::nullopt, s.vendor_b.token).status,
      404);
  EXPECT_EQ(
      s.client.Request("DELETE", "/api/v1/webhooks/" + id, std::nullopt, s.vendor_a.token).status,
      204);
  EXPECT_TRUE(s.client.Get("/api/v1/webhooks", s.vendor_a.token).Json()["webhooks"].empty());
}

}  // namespace
}  // namespace iotmark::testing

namespace iotmark::testing {
namespace {

// Two servers on one store: a change made through one reaches label answers
// the other has cached, within its polling interval.
TEST(ServerFeedsTest, ASecondServerSeesChangesMadeThroughTheFirst) {
  Scenario s;
  ASSERT_TRUE(s.Start());
  const std::string regno = s.IssueLabel(s.vendor_a, s.CreateProduct(s.vendor_a, "TWO-1"));
  ASSERT_FALSE(regno.empty());
  ServerProcess second;
  ASSERT_TRUE(second.Start(s.DatabaseUrl(), s.KeyDirectory(), s.folder.path() / "second.log"));
  HttpClient other(second.port());
  ASSERT_EQ(other.Get("/api/v1/labels/" + regno).Json()["status"], "active");
  ASSERT_EQ(other.Get("/api/v1/labels/" + regno).Json()["status"], "active");  // cached now

  ASSERT_EQ(s.client
                .Post("/api/v1/labels/" + regno + "/withdraw", {{"reason", "販売終了"}},
                      s.vendor_a.token)
                .status,
            200);
  EXPECT_EQ(s.client.Get("/api/v1/labels/" + regno).Json()["status"], "withdrawn")
      << "the server that made the change answers it at once";
  std::string seen;
  for (int waited = 0; waited < 50 && seen != "withdrawn"; ++waited) {
    seen = other.Get("/api/v1/labels/" + regno).Json()["status"];
    if (seen != "withdrawn") std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(seen, "withdrawn") << "the other server still answers from its cache after 5 s";
}

}  // namespace
}  // namespace iotmark::testing
