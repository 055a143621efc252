// `iotmark dev seed`: fills a store with realistic labels for development and
// benchmarks (Japanese and Latin vendor and product names, a mix of statuses).
//
//   iotmark dev seed --db sqlite:PATH --labels N [--seed S] [--batch B] [--json]
//
// Rows are written straight into the registry's tables in batched
// transactions (B labels each), so 1,000,000 labels take minutes, not hours.
// Seeded labels carry an "issued" history entry but no transparency-log entry
// and no signature: the data is for trying out pages and measuring, never a
// real registry. Registration numbers are valid (format and check digit) and
// the per-year sequences are moved on, so labels issued later do not collide.
// Exit codes: 0 written; 2 bad option or store error.
#include <chrono>
#include <cstdint>
#include <ctime>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "cli/command.h"
#include "registry/registration_number.h"
#include "store/store.h"

namespace iotmark::cli {
namespace {

struct SeedOptions {
  std::string database_url;
  std::int64_t labels = 1000;
  std::uint64_t seed = 1;
  std::int64_t batch = 5000;
  bool json = false;
};

constexpr const char* kPlacesJa[] = {"東京", "大阪", "名古屋", "京都", "横浜", "福岡",
                                     "札幌", "仙台", "広島",   "神戸", "浜松", "金沢"};
constexpr const char* kTradesJa[] = {"電機", "電子",       "通信",           "精機",
                                     "技研", "システムズ", "ネットワークス", "ホームテック"};
constexpr const char* kNamesLatin[] = {"Acme",   "Sakura", "Fuji",    "Kaze",   "Hikari",
                                       "Aozora", "Midori", "Tsubasa", "Yamato", "Nova"};
constexpr const char* kTradesLatin[] = {"Electric", "Devices", "Networks",
                                        "Systems",  "Labs",    "Technologies"};

struct ProductKind {
  const char* type;  // registry product_type code
  const char* code;  // used in model numbers
  const char* name_ja;
  const char* name_en;
};
constexpr ProductKind kKinds[] = {
    {"network-camera", "CAM", "防犯カメラ", "Security Camera"},
    {"network-camera", "NVR", "ネットワークカメラ", "Network Camera"},
    {"router", "RT", "Wi-Fiルーター", "Wi-Fi Router"},
    {"smart-speaker", "SPK", "スマートスピーカー", "Smart Speaker"},
    {"smart-lock", "LCK", "スマートロック", "Smart Lock"},
    {"smart-plug", "PLG", "スマートプラグ", "Smart Plug"},
    {"sensor", "SNS", "見守りセンサー", "Care Sensor"},
    {"printer", "MFP", "複合機", "Multifunction Printer"},
    {"gateway", "GW", "ホームゲートウェイ", "Home Gateway"},
    {"home-appliance", "AC", "エアコン用無線アダプタ", "Air Conditioner Wi-Fi Adapter"},
};
constexpr const char* kSeries[] = {"ミハル", "ソラ", "ハヤテ", "アオバ", "ひかり",
                                   "Kumo",   "Nova", "Zen",    "Aria",   "Orbit"};

// The 16 ★1 criteria; S1.1-07 and S1.1-15 are declared not applicable on
// some products, as real checklists do.
std::string ChecklistJson(bool has_physical_interface) {
  nlohmann::json results = nlohmann::json::array();
  for (int i = 1; i <= 16; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "S1.1-%02d", i);
    nlohmann::json result = {{"criterion", id}, {"verdict", "conform"}};
    if (i == 15 && !has_physical_interface) {
      result["verdict"] = "na";
      result["na_reason"] = "外部から操作可能な物理インタフェースを持たない";
    }
    results.push_back(result);
  }
  return nlohmann::json{{"scheme", "jcstar-star1"}, {"results", results}}.dump();
}

struct Counts {
  std::int64_t organizations = 0;
  std::int64_t labels = 0;
  std::map<std::string, std::int64_t> by_status;
};

Status Seed(const SeedOptions& options, Counts& counts) {
  Result<std::unique_ptr<store::Store>> opened = store::OpenStore(options.database_url);
  if (!opened.ok()) return opened.status().WithPrefix("--db " + options.database_url);
  store::Store& store = **opened;
  std::mt19937_64 random(options.seed);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  constexpr std::int64_t kDay = 86400;
  constexpr std::int64_t kTwoYears = 730 * kDay;

  // Where numbering and ids start (the store may hold data already).
  std::int64_t first_organization = 0, first_product = 0, first_application = 0, first_label = 0;
  std::map<int, std::int64_t> sequence_of_year;
  IOTMARK_RETURN_IF_ERROR(store.RunReadOnly([&](store::Transaction& transaction) -> Status {
    for (auto [table, target] :
         {std::pair{"organizations", &first_organization}, std::pair{"products", &first_product},
          std::pair{"applications", &first_application}, std::pair{"labels", &first_label}}) {
      auto row = transaction.QueryOne(std::string("SELECT COALESCE(MAX(id), 0) FROM ") + table, {});
      if (!row.ok()) return row.status();
      *target = (*row) ? (*row)->Int(0) : 0;
    }
    auto rows = transaction.Query("SELECT year, last_value FROM registration_sequences", {});
    if (!rows.ok()) return rows.status();
    for (const store::Row& row : *rows) sequence_of_year[static_cast<int>(row.Int(0))] = row.Int(1);
    return Status::Ok();
  }));

  // About 25 labels per vendor, at most 40,000 vendors.
  const std::int64_t organization_count =
      std::max<std::int64_t>(1, std::min<std::int64_t>(40000, options.labels / 25));
  IOTMARK_RETURN_IF_ERROR(store.RunInTransaction([&](store::Transaction& transaction) -> Status {
    for (std::int64_t i = 0; i < organization_count; ++i) {
      const std::int64_t id = first_organization + 1 + i;
      std::string name, name_en;
      if (i % 2 == 0) {
        name = std::string(kPlacesJa[(i / 2) % 12]) + kTradesJa[(i / 24) % 8] + "株式会社";
        name_en = std::string(kNamesLatin[(i / 2) % 10]) + " " + kTradesLatin[(i / 20) % 6];
      } else {
        name = std::string(kNamesLatin[(i / 2) % 10]) + " " + kTradesLatin[(i / 20) % 6] +
               " Co., Ltd.";
        name_en = name;
      }
      // Names are unique in the registry: the Japanese ones repeat after 192
      // organisations, the Latin ones after 120; a store seeded before may
      // hold the same names already.
      const std::int64_t round = i / (i % 2 == 0 ? 192 : 120);
      if (round > 0 || first_organization > 0) name += " #" + std::to_string(id);
      const std::string domain = "vendor" + std::to_string(id) + ".example.jp";
      auto inserted = transaction.Execute(
          "INSERT INTO organizations (id, name, name_en, contact_email, policy_url, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?)",
          {id, name, name_en, "psirt@" + domain, "https://" + domain + "/security/policy",
           now - kTwoYears - kDay});
      if (!inserted.ok()) return inserted.status();
    }
    return Status::Ok();
  }));
  counts.organizations = organization_count;

  const std::string checklist_with_port = ChecklistJson(true);
  const std::string checklist_without_port = ChecklistJson(false);
  std::int64_t written = 0;
  while (written < options.labels) {
    const std::int64_t batch = std::min(options.batch, options.labels - written);
    IOTMARK_RETURN_IF_ERROR(store.RunInTransaction([&](store::Transaction& transaction) -> Status {
      for (std::int64_t k = 0; k < batch; ++k) {
        const std::int64_t n = written + k;
        const std::int64_t label_id = first_label + 1 + n;
        const std::int64_t product_id = first_product + 1 + n;
        const std::int64_t application_id = first_application + 1 + n;
        const std::int64_t organization_id = first_organization + 1 + (n % organization_count);
        const ProductKind& kind = kKinds[random() % std::size(kKinds)];
        const bool japanese = random() % 3 != 0;
        const std::string series = kSeries[random() % std::size(kSeries)];
        const std::string product_name =
            japanese ? series + " " + kind.name_ja : series + " " + kind.name_en;
        const std::string model_number = std::string(kind.code) + "-" +
                                         std::to_string(100 + random() % 900) + "-" +
                                         std::to_string(label_id);
        // Issued within the last two years; some labels have run out.
        const std::int64_t issued_at =
            now - static_cast<std::int64_t>(random() % (kTwoYears + 90 * kDay));
        const std::int64_t valid_until = issued_at + kTwoYears;
        const int roll = static_cast<int>(random() % 100);
        std::string status = "active";
        std::string event_kind, reason;
        if (valid_until <= now) {
          status = "expired", event_kind = "expired", reason = "有効期間満了 / validity ended";
        } else if (roll < 4) {
          status = "withdrawn", event_kind = "withdrawn",
          reason = "ベンダーの申し出による取下げ / withdrawn at the vendor's request";
        } else if (roll < 7) {
          status = "under-surveillance", event_kind = "surveillance-opened",
          reason = "脆弱性報告の調査 / investigating a vulnerability report";
        } else if (roll < 9) {
          status = "revoked", event_kind = "revoked",
          reason = "期限までに是正されず / not remedied by the deadline";
        }
        const int stars = random() % 10 == 0 ? 2 : 1;
        const std::time_t issued_time = static_cast<std::time_t>(issued_at);
        std::tm issued_tm{};
        gmtime_r(&issued_time, &issued_tm);
        const int year = issued_tm.tm_year + 1900;
        std::int64_t& sequence = sequence_of_year[year];
        if (sequence >= 999999)
          return Status::FailedPrecondition("registration numbers of " + std::to_string(year) +
                                            " are used up");
        ++sequence;
        auto regno = registry::FormatRegistrationNumber({stars, year, static_cast<int>(sequence)});
        if (!regno.ok()) return regno.status();

        std::vector<std::pair<std::string_view, std::vector<store::Value>>> statements = {
            {"INSERT INTO products (id, organization_id, model_number, name, product_type, "
             "created_at) VALUES (?, ?, ?, ?, ?, ?)",
             {product_id, organization_id, model_number, product_name, std::string(kind.type),
              issued_at - 40 * kDay}},
            {"INSERT INTO firmware_versions (product_id, version, released_on, covered) "
             "VALUES (?, ?, ?, 1)",
             {product_id, "1." + std::to_string(random() % 5) + "." + std::to_string(random() % 10),
              issued_at - 60 * kDay}},
            {"INSERT INTO applications (id, organization_id, product_id, kind, scheme, level, "
             "checklist_json, state, fee_amount_jpy, submitted_at, invoiced_at, paid_at, "
             "created_at, updated_at) VALUES (?, ?, ?, 'new', 'jcstar-star1', ?, ?, "
             "'label-issued', 198000, ?, ?, ?, ?, ?)",
             {application_id, organization_id, product_id, "star" + std::to_string(stars),
              random() % 4 == 0 ? checklist_without_port : checklist_with_port,
              issued_at - 30 * kDay, issued_at - 10 * kDay, issued_at - 5 * kDay,
              issued_at - 31 * kDay, issued_at}},
            {"INSERT INTO labels (id, registration_number, product_id, organization_id, "
             "application_id, scheme, level, issued_at, valid_from, valid_until, status) "
             "VALUES (?, ?, ?, ?, ?, 'jcstar-star1', ?, ?, ?, ?, ?)",
             {label_id, *regno, product_id, organization_id, application_id,
              "star" + std::to_string(stars), issued_at, issued_at, valid_until, status}},
            {"INSERT INTO label_events (label_id, kind, from_status, to_status, actor_user_id, "
             "actor_email, at, reason) VALUES (?, 'issued', NULL, 'active', 0, 'seed', ?, ?)",
             {label_id, issued_at, std::string("ラベル交付 / label issued")}},
        };
        if (!event_kind.empty()) {
          const std::int64_t at =
              status == "expired" ? valid_until : std::min(now, issued_at + 200 * kDay);
          statements.push_back(
              {"INSERT INTO label_events (label_id, kind, from_status, to_status, actor_user_id, "
               "actor_email, at, reason) VALUES (?, ?, 'active', ?, 0, 'seed', ?, ?)",
               {label_id, event_kind, status, at, reason}});
          if (status == "under-surveillance") {
            statements.push_back(
                {"UPDATE labels SET surveillance_request = ?, surveillance_opened_at = ?, "
                 "surveillance_deadline = ? WHERE id = ?",
                 {std::string("ログイン試行制限の設定値を示す証跡 / evidence of the login "
                              "throttling settings"),
                  at, now + 30 * kDay, label_id}});
          }
        }
        if (random() % 5 == 0) {
          statements.push_back(
              {"INSERT INTO update_releases (product_id, version, released_on, summary, "
               "security_relevant) VALUES (?, ?, ?, ?, 1)",
               {product_id, "2.0." + std::to_string(random() % 10),
                std::min(now, issued_at + 100 * kDay),
                std::string("TLSライブラリの更新 / TLS library update")}});
        }
        for (const auto& [sql, parameters] : statements) {
          auto done = transaction.Execute(sql, parameters);
          if (!done.ok()) return done.status();
        }
        // The label's newest change, for the change stream and the export.
        const std::int64_t changed_at = event_kind.empty() ? issued_at
                                        : status == "expired"
                                            ? valid_until
                                            : std::min(now, issued_at + 200 * kDay);
        auto change = transaction.InsertReturningId(
            "INSERT INTO registry_changes (label_id, registration_number, kind, status, at, "
            "summary) VALUES (?, ?, ?, ?, ?, ?) RETURNING sequence",
            {label_id, *regno, event_kind.empty() ? std::string("issued") : event_kind, status,
             changed_at, reason});
        if (!change.ok()) return change.status();
        auto moved = transaction.Execute(
            "UPDATE labels SET change_sequence = ?, changed_at = ? WHERE id = ?",
            {*change, changed_at, label_id});
        if (!moved.ok()) return moved.status();
        ++counts.by_status[status];
      }
      for (const auto& [year, sequence] : sequence_of_year) {
        auto done = transaction.Execute(
            "INSERT INTO registration_sequences (year, last_value) VALUES (?, ?) "
            "ON CONFLICT (year) DO UPDATE SET last_value = excluded.last_value",
            {static_cast<std::int64_t>(year), sequence});
        if (!done.ok()) return done.status();
      }
      return Status::Ok();
    }));
    written += batch;
    counts.labels = written;
    if (!options.json && options.labels >= 100000 && written % 100000 == 0) {
      std::cerr << "  " << written << " / " << options.labels << "\n";
    }
  }
  // Rows were written with explicit ids: the store's next generated ids
  // must follow them (PostgreSQL identity sequences).
  return store.SyncIdSequences();
}

void SetupDev(CLI::App& root, Context& context) {
  auto* dev = root.add_subcommand("dev", "開発用ツール / Development tools");
  dev->require_subcommand(1);
  auto options = std::make_shared<SeedOptions>();
  auto* seed = dev->add_subcommand(
      "seed", "ストアに試験用ラベルを投入 / Fill a store with realistic test labels");
  seed->add_option("--db", options->database_url, "Store URL: sqlite:registry.db or postgresql://user@host:port/db")->required();
  seed->add_option("--labels", options->labels, "Number of labels")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{5'000'000}));
  seed->add_option("--seed", options->seed, "Random seed (same seed, same data)");
  seed->add_option("--batch", options->batch, "Labels per transaction")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100'000}));
  seed->add_flag("--json", options->json, "Print the summary as JSON");
  seed->callback([options, &context] {
    const auto started = std::chrono::steady_clock::now();
    Counts counts;
    const Status status = Seed(*options, counts);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!status.ok()) {
      std::cerr << "iotmark dev seed: " << status.ToString() << "\n";
      context.exit_code = kExitUsage;
      return;
    }
    if (options->json) {
      std::cout << nlohmann::json{{"labels", counts.labels},
                                  {"organizations", counts.organizations},
                                  {"by_status", counts.by_status},
                                  {"seconds", seconds}}
                       .dump()
                << "\n";
    } else {
      std::cout << "ラベル " << counts.labels << " 件・組織 " << counts.organizations
                << " 件を投入しました / seeded " << counts.labels << " labels of "
                << counts.organizations << " vendors in " << seconds << " s\n";
      for (const auto& [status_name, count] : counts.by_status) {
        std::cout << "  " << status_name << ": " << count << "\n";
      }
    }
  });
}

}  // namespace

IOTMARK_REGISTER_COMMAND(dev, SetupDev);

}  // namespace iotmark::cli
