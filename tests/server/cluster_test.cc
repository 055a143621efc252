// Several `iotmark serve` processes on one PostgreSQL store (issue 12 §3–§4):
// concurrent vendors applying and an operator issuing through random servers
// give unique, gap-free registration numbers, an intact transparency log and
// the same label on every server within 1 s; kill -9 of one server in a
// burst of writes and a PostgreSQL outage of 10 s lose nothing acknowledged,
// and clients see 503 (never 500 or a hang) while the store is away.
//
// Each test owns its cluster (PgCluster), so it runs whether or not the
// suite as a whole runs on PostgreSQL; without PostgreSQL it fails.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "pg_cluster.h"
#include "registry/registration_number.h"
#include "scenario.h"

namespace iotmark::testing {
namespace {

using Clock = std::chrono::steady_clock;

// A registry of three servers on one PostgreSQL cluster.
class ClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(cluster_.Start(&error)) << "PostgreSQL cluster: " << error;
    scenario_.UseDatabase(cluster_.url());
    ASSERT_TRUE(scenario_.Start());
    for (int i = 0; i < 2; ++i) {
      auto server = std::make_unique<ServerProcess>();
      ASSERT_TRUE(server->Start(cluster_.url(), scenario_.KeyDirectory(),
                                scenario_.folder.path() / ("server" + std::to_string(i + 2) + ".log")));
      others_.push_back(std::move(server));
    }
  }

  std::vector<uint16_t> Ports() const {
    std::vector<uint16_t> ports = {scenario_.server.port()};
    for (const auto& server : others_) ports.push_back(server->port());
    return ports;
  }

  int VerifyLog(std::string* output) {
    return RunIotmark({"log", "verify", "--db", cluster_.url(), "--key",
                       (scenario_.KeyDirectory() / "label-signing.pub").string()},
                      output);
  }

  PgCluster cluster_;
  Scenario scenario_;
  std::vector<std::unique_ptr<ServerProcess>> others_;
};

// One request to a server picked at random.
class RandomServerClient {
 public:
  RandomServerClient(std::vector<uint16_t> ports, unsigned seed)
      : ports_(std::move(ports)), random_(seed) {}
  HttpResult Post(const std::string& target, const nlohmann::json& body, const std::string& token) {
    return Pick().Post(target, body, token);
  }
  HttpResult Get(const std::string& target, const std::string& token = "") {
    return Pick().Get(target, token);
  }

 private:
  HttpClient Pick() {
    return HttpClient(ports_[std::uniform_int_distribution<std::size_t>(0, ports_.size() - 1)(random_)]);
  }
  std::vector<uint16_t> ports_;
  std::mt19937 random_;
};

// Walks one vendor's application from product to issued label, every request
// through a random server; returns the registration number or "" with `failure`.
std::string ApplyAndIssue(RandomServerClient& client, const Actor& vendor, const Actor& reviewer,
                          const std::string& model, std::string& failure) {
  HttpResult product = client.Post(
      "/api/v1/products",
      {{"model_number", model}, {"name", "Camera " + model}, {"product_type", "network-camera"}},
      vendor.token);
  if (product.status != 201) return failure = "product: " + product.body, "";
  std::string product_id = std::to_string(product.Json()["id"].get<std::int64_t>());
  HttpResult firmware = client.Post("/api/v1/products/" + product_id + "/firmware-versions",
                                    {{"version", "1.0.0"}, {"released_on", "2026-10-01"}},
                                    vendor.token);
  if (firmware.status != 201) return failure = "firmware: " + firmware.body, "";
  nlohmann::json checklist = Scenario::ValidChecklist(model);
  HttpResult application = client.Post(
      "/api/v1/applications",
      {{"product_id", std::stoll(product_id)}, {"kind", "new"}, {"checklist", checklist}},
      vendor.token);
  if (application.status != 201) return failure = "application: " + application.body, "";
  std::string prefix =
      "/api/v1/applications/" + std::to_string(application.Json()["id"].get<std::int64_t>()) + "/";
  struct Step {
    const char* name;
    const Actor* actor;
    nlohmann::json body;
  };
  const Step steps[] = {
      {"submit", &vendor, nlohmann::json::object()},
      {"inquiry", &reviewer, nlohmann::json::object()},
      {"inquiry-result", &reviewer, {{"result", "cleared"}, {"note", "照会結果: 問題なし"}}},
      {"accept", &reviewer, nlohmann::json::object()},
      {"invoice", &reviewer, nlohmann::json::object()},
      {"payment", &reviewer, nlohmann::json::object()},
  };
  for (const Step& step : steps) {
    HttpResult result = client.Post(prefix + step.name, step.body, step.actor->token);
    if (result.status != 200) {
      return failure = std::string(step.name) + ": " + std::to_string(result.status) + " " +
                       result.body,
             "";
    }
  }
  HttpResult issued = client.Post(prefix + "issue", nlohmann::json::object(), reviewer.token);
  if (issued.status != 201) return failure = "issue: " + issued.body, "";
  return issued.Json()["registration_number"];
}

// The public label answer without fields that legitimately differ per request.
nlohmann::json LabelView(const HttpResult& result) {
  if (result.status != 200) return {{"status", result.status}};
  return result.Json();
}

TEST_F(ClusterTest, ThirtyVendorsThroughThreeServersGetUniqueGapFreeNumbers) {
  constexpr int kVendors = 30;
  std::vector<Actor> vendors;
  for (int i = 0; i < kVendors; ++i) {
    std::string name = "cluster-vendor-" + std::to_string(i);
    HttpResult org = scenario_.client.Post(
        "/api/v1/organizations",
        {{"name", name}, {"name_en", name + " Ltd."}, {"contact_email", "security@" + name + ".example"}},
        scenario_.admin.token);
    ASSERT_EQ(org.status, 201) << org.body;
    vendors.push_back(scenario_.CreateUser("member@" + name + ".example", "vendor-member",
                                           org.Json()["id"].get<std::int64_t>()));
    ASSERT_FALSE(vendors.back().token.empty());
  }

  std::mutex mutex;
  std::vector<std::string> numbers;
  std::map<std::string, int> vendor_of;  // registration number → index in vendors
  std::vector<std::string> failures;
  std::vector<std::thread> threads;
  for (int i = 0; i < kVendors; ++i) {
    threads.emplace_back([&, i] {
      RandomServerClient client(Ports(), 1000 + i);
      std::string failure;
      std::string number = ApplyAndIssue(client, vendors[i], scenario_.reviewer,
                                         "CL-" + std::to_string(i), failure);
      std::lock_guard lock(mutex);
      if (number.empty()) failures.push_back("vendor " + std::to_string(i) + ": " + failure);
      else {
        numbers.push_back(number);
        vendor_of[number] = i;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_TRUE(failures.empty()) << failures.front();
  ASSERT_EQ(numbers.size(), static_cast<std::size_t>(kVendors));

  // Unique and gap-free within the year: sequences 1…30 exactly.
  std::set<std::string> unique(numbers.begin(), numbers.end());
  EXPECT_EQ(unique.size(), numbers.size());
  std::map<int, std::set<int>> sequences_by_year;
  for (const std::string& number : numbers) {
    auto parsed = registry::ParseRegistrationNumber(number);
    ASSERT_TRUE(parsed.ok()) << number << ": " << parsed.status().ToString();
    EXPECT_EQ(parsed->stars, 1);
    sequences_by_year[parsed->year].insert(parsed->sequence);
  }
  for (const auto& [year, sequences] : sequences_by_year) {
    EXPECT_EQ(*sequences.begin(), 1) << year;
    EXPECT_EQ(*sequences.rbegin(), static_cast<int>(sequences.size())) << "gap in " << year;
  }

  std::string output;
  EXPECT_EQ(VerifyLog(&output), 0) << output;

  // Every server answers the same label; a change made through one server
  // reads the same on the others within 1 s.
  const std::string& regno = numbers.front();
  auto same_everywhere_within = [&](std::chrono::milliseconds limit) {
    auto deadline = Clock::now() + limit;
    while (true) {
      std::vector<nlohmann::json> views;
      for (uint16_t port : Ports()) views.push_back(LabelView(HttpClient(port).Get("/api/v1/labels/" + regno)));
      bool same = views[0].value("registration_number", "") == regno;
      for (const auto& view : views) same = same && view == views[0];
      if (same) return ::testing::AssertionSuccess();
      if (Clock::now() > deadline) {
        return ::testing::AssertionFailure() << views[0].dump() << "\nvs\n" << views[1].dump();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  };
  EXPECT_TRUE(same_everywhere_within(std::chrono::milliseconds(1000)));
  for (uint16_t port : Ports()) ASSERT_EQ(HttpClient(port).Get("/api/v1/labels/" + regno).status, 200);
  HttpResult change = HttpClient(Ports()[1]).Post(
      "/api/v1/labels/" + regno + "/firmware-coverage",
      {{"version", "1.0.0"}, {"covered", false}, {"reason", "cluster test"}},
      vendors[vendor_of[regno]].token);
  ASSERT_EQ(change.status, 200) << change.body;
  auto changed_at = Clock::now();
  EXPECT_TRUE(same_everywhere_within(std::chrono::milliseconds(1000)));
  const auto propagated = Clock::now() - changed_at;
  EXPECT_LT(propagated, std::chrono::milliseconds(1000));
  std::cout << "a change through one server read the same on all three after "
            << std::chrono::duration_cast<std::chrono::milliseconds>(propagated).count() << " ms\n";
}

// Writers spread over the servers; a write counts as acknowledged only on
// 201. 503 (store away) and 429 (the per-user write limit) must carry
// Retry-After; the writer then waits 50 ms.
struct Burst {
  std::mutex mutex;
  std::vector<std::pair<std::int64_t, std::string>> acknowledged;
  std::map<int, int> statuses;  // status → count (0 = no answer, -503/-429 = without Retry-After)
  std::atomic<int> attempts{0};
};

void WriteProducts(Burst& burst, std::vector<uint16_t> ports, const Actor& vendor, int worker,
                   int total, std::atomic<bool>& stop) {
  std::mt19937 random(worker);
  for (int i = 0; !stop; ++i) {
    int attempt = burst.attempts++;
    if (attempt >= total) return;
    uint16_t port = ports[std::uniform_int_distribution<std::size_t>(0, ports.size() - 1)(random)];
    std::string model = "BURST-" + std::to_string(worker) + "-" + std::to_string(i);
    HttpResult result = HttpClient(port).Post(
        "/api/v1/products", {{"model_number", model}, {"name", model}, {"product_type", "router"}},
        vendor.token);
    {
      std::lock_guard lock(burst.mutex);
      ++burst.statuses[result.status];
      bool busy = result.status == 503 || result.status == 429;
      if (busy && result.Header("retry-after").empty()) ++burst.statuses[-result.status];
      if (result.status == 201) {
        burst.acknowledged.emplace_back(result.Json()["id"].get<std::int64_t>(), model);
      }
    }
    // A client waits a little before trying again.
    if (result.status == 503 || result.status == 429) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

void ExpectAllPresent(const Burst& burst, uint16_t port, const Actor& vendor) {
  for (const auto& [id, model] : burst.acknowledged) {
    HttpResult found = HttpClient(port).Get("/api/v1/products/" + std::to_string(id), vendor.token);
    ASSERT_EQ(found.status, 200) << "acknowledged product " << id << " lost";
    EXPECT_EQ(found.Json()["model_number"], model);
  }
}

std::string Statuses(const Burst& burst) {
  std::string text;
  for (const auto& [status, count] : burst.statuses) {
    text += std::to_string(status) + "×" + std::to_string(count) + " ";
  }
  return text;
}

TEST_F(ClusterTest, KillNineOfOneServerInABurstLosesNothingAcknowledged) {
  constexpr int kWrites = 1000;
  Burst burst;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int worker = 0; worker < 6; ++worker) {
    writers.emplace_back(WriteProducts, std::ref(burst), Ports(), std::cref(scenario_.vendor_a),
                         worker, kWrites, std::ref(stop));
  }
  auto deadline = Clock::now() + std::chrono::seconds(60);
  while (burst.attempts < kWrites / 3 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  others_[0]->Signal(SIGKILL);
  for (auto& writer : writers) writer.join();
  ASSERT_GE(burst.attempts.load(), kWrites);
  // The killed server's share after the kill has no answer; nothing else fails.
  for (const auto& [status, count] : burst.statuses) {
    EXPECT_TRUE(status == 201 || status == 0 || status == 429) << Statuses(burst);
  }
  EXPECT_GT(burst.acknowledged.size(), static_cast<std::size_t>(kWrites / 2)) << Statuses(burst);
  ExpectAllPresent(burst, others_[1]->port(), scenario_.vendor_a);
  std::string output;
  EXPECT_EQ(VerifyLog(&output), 0) << output;
  std::cout << "burst of " << kWrites << " writes over 3 servers, one killed: " << Statuses(burst)
            << "\n";
}

TEST_F(ClusterTest, PostgresStoppedTenSecondsMidBurstServersRecoverWithout500) {
  Burst burst;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  constexpr int kWrites = 100000;  // bounded by `stop`
  for (int worker = 0; worker < 4; ++worker) {
    writers.emplace_back(WriteProducts, std::ref(burst), Ports(), std::cref(scenario_.vendor_a),
                         worker, kWrites, std::ref(stop));
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));
  ASSERT_TRUE(cluster_.Halt());
  auto halted = Clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(10));
  ASSERT_TRUE(cluster_.Resume());
  auto resumed = Clock::now();
  // The servers recover by themselves: each answers a write again.
  for (uint16_t port : Ports()) {
    auto deadline = Clock::now() + std::chrono::seconds(30);
    int status = 0;
    while (Clock::now() < deadline) {
      status = HttpClient(port).Get("/api/v1/products", scenario_.vendor_a.token).status;
      if (status == 200) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(status, 200) << "server on port " << port << " did not recover";
  }
  auto recovered = Clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  stop = true;
  for (auto& writer : writers) writer.join();
  for (const auto& [status, count] : burst.statuses) {
    EXPECT_TRUE(status == 201 || status == 503 || status == 429) << Statuses(burst);
  }
  EXPECT_GT(burst.statuses[503], 0) << "no request met the outage: " << Statuses(burst);
  ExpectAllPresent(burst, Ports()[2], scenario_.vendor_a);
  std::string output;
  EXPECT_EQ(VerifyLog(&output), 0) << output;
  std::cout << "PostgreSQL down "
            << std::chrono::duration_cast<std::chrono::milliseconds>(resumed - halted).count()
            << " ms; all servers answering "
            << std::chrono::duration_cast<std::chrono::milliseconds>(recovered - resumed).count()
            << " ms after restart; " << Statuses(burst) << "\n";
}

}  // namespace
}  // namespace iotmark::testing
