// Crash consistency over HTTP: a burst of writes (products, firmware
// coverage changes that append to the transparency log) from several
// threads, `kill -9` of the server in the middle, restart on the same
// store: every write the server acknowledged is there, and
// `iotmark log verify` replays the log without a fault.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <mutex>
#include <thread>

#include "scenario.h"

namespace iotmark::testing {
namespace {

TEST(ServerCrashTest, AcknowledgedWritesSurviveKillNine) {
  Scenario s;
  ASSERT_TRUE(s.Start());
  std::int64_t product = s.CreateProduct(s.vendor_a, "CAM-600");
  std::string regno = s.IssueLabel(s.vendor_a, product);
  ASSERT_FALSE(regno.empty());

  std::mutex mutex;
  std::vector<std::pair<std::int64_t, std::string>> acknowledged_products;
  std::atomic<int> acknowledged_coverage{0};
  std::atomic<bool> stop{false};
  std::atomic<int> writes{0};
  std::vector<std::thread> writers;
  for (int worker = 0; worker < 2; ++worker) {
    writers.emplace_back([&, worker] {
      HttpClient client(s.server.port());
      for (int i = 0; !stop; ++i) {
        std::string model = "BURST-" + std::to_string(worker) + "-" + std::to_string(i);
        HttpResult result =
            client.Post("/api/v1/products",
                        {{"model_number", model}, {"name", model}, {"product_type", "router"}},
                        s.vendor_a.token);
        if (result.status == 201) {
          std::lock_guard lock(mutex);
          acknowledged_products.emplace_back(result.Json()["id"].get<std::int64_t>(), model);
          ++writes;
        }
        if (result.status == 0) return;  // the server is gone
      }
    });
  }
  writers.emplace_back([&] {
    HttpClient client(s.server.port());
    for (int i = 0; !stop; ++i) {
      HttpResult result = client.Post(
          "/api/v1/labels/" + regno + "/firmware-coverage",
          {{"version", "1.0.0"}, {"covered", i % 2 == 1}, {"reason", "burst " + std::to_string(i)}},
          s.vendor_a.token);
      if (result.status == 200) {
        ++acknowledged_coverage;
        ++writes;
      }
      if (result.status == 0) return;
    }
  });
  // Kill once the burst is well under way.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (writes < 60 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(s.Restart(SIGKILL));
  stop = true;
  for (auto& writer : writers) writer.join();
  ASSERT_GE(writes.load(), 60);

  for (const auto& [id, model] : acknowledged_products) {
    HttpResult found = s.client.Get("/api/v1/products/" + std::to_string(id), s.vendor_a.token);
    ASSERT_EQ(found.status, 200) << "acknowledged product " << id << " lost";
    EXPECT_EQ(found.Json()["model_number"], model);
  }
  HttpResult label = s.client.Get("/api/v1/labels/" + regno);
  ASSERT_EQ(label.status, 200);
  int coverage_events = 0;
  nlohmann::json label_document = label.Json();  // Json() returns a temporary
  for (const auto& event : label_document["history"])
    coverage_events += event["kind"] == "firmware-coverage";
  EXPECT_GE(coverage_events, acknowledged_coverage.load());

  std::string output;
  EXPECT_EQ(RunIotmark({"log", "verify", "--db", s.DatabaseUrl(), "--key",
                        (s.KeyDirectory() / "label-signing.pub").string()},
                       &output),
            0)
      << output;
  // The server still works after the restart, and SIGTERM stops it cleanly.
  EXPECT_EQ(s.client.Get("/healthz").status, 200);
  auto stopping = std::chrono::steady_clock::now();
  int status = s.server.Signal(SIGTERM);
  const auto stop_time = std::chrono::steady_clock::now() - stopping;
  const bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  EXPECT_TRUE(clean) << "wait status " << status << " (signal "
                     << (WIFSIGNALED(status) ? WTERMSIG(status) : 0) << ", exit "
                     << (WIFEXITED(status) ? WEXITSTATUS(status) : -1) << ")";
  EXPECT_LT(stop_time, std::chrono::seconds(8));
  if (!clean || stop_time >= std::chrono::seconds(8)) {
    std::ifstream log(s.folder.path() / "server.log");
    std::stringstream text;
    text << log.rdbuf();
    std::string log_text = text.str();
    if (log_text.size() > 30000) {  // sanitizer reports: the first frames matter most
      log_text = log_text.substr(0, 22000) + "\n[…]\n" + log_text.substr(log_text.size() - 8000);
    }
    ADD_FAILURE() << "server log:\n" << log_text;
  }
}

}  // namespace
}  // namespace iotmark::testing
