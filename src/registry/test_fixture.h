// A registry on an in-memory store with a FakeClock, the real scheme packs
// (plus a test-only extension fee, which the public material does not give),
// a deterministic signing key, and principals for every role.
#ifndef IOTMARK_REGISTRY_TEST_FIXTURE_H_
#define IOTMARK_REGISTRY_TEST_FIXTURE_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "common/clock.h"
#include "persistence/label_search_factory.h"
#include "persistence/repositories_factory.h"
#include "registry/registry_service.h"

namespace iotmark::registry {

class RegistryFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto dir = std::filesystem::temp_directory_path() /
               ("iotmark-registry-schemes-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::copy(IOTMARK_SOURCE_SCHEMES_DIR, dir,
                          std::filesystem::copy_options::recursive);
    std::ofstream fees(dir / "jcstar" / "fees.yaml", std::ios::app);
    fees << "  - level: star1\n"
            "    application_kind: extension\n"
            "    amount_jpy: 55000\n"
            "    tax_included: true\n"
            "    source: \"test fixture only (no public extension fee)\"\n"
            "    source_kind: public\n";
    fees.close();
    auto loaded = catalog::Catalog::Load(dir);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    catalog_ = new catalog::Catalog(std::move(loaded).value());
    std::filesystem::remove_all(dir);
  }
  static void TearDownTestSuite() {
    delete catalog_;
    catalog_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(catalog_, nullptr);
    auto url = store::TestStoreUrl("sqlite::memory:");
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    auto store = store::OpenStore(*url);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    auto key = crypto::SigningKey::FromSeed(std::string(32, '\x2a'));
    ASSERT_TRUE(key.ok());
    RegistryOptions options;
    auto search = persistence::MakeLabelSearchIndex(*store_);
    ASSERT_TRUE(search.ok()) << search.status().ToString();
    options.label_search = *search;
    auto repositories = persistence::MakeRepositories(*store_);
    ASSERT_TRUE(repositories.ok()) << repositories.status().ToString();
    options.repositories = *repositories;
    service_ = std::make_unique<RegistryService>(*store_, clock_, *catalog_, *key, options);
    ASSERT_TRUE(service_->RegisterSigningKey().ok());
    auto a = service_->CreateOrganization(
        admin_, {"サンプル電機株式会社", "Sample Electric", "psirt@sample.example", {}});
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    auto b =
        service_->CreateOrganization(admin_, {"別会社", "Other Corp", "sec@other.example", {}});
    ASSERT_TRUE(b.ok());
    vendor_a_.organization_id = a->id;
    vendor_b_.organization_id = b->id;
  }

  // A product of vendor A with firmware 1.0.0 and 1.1.0.
  std::int64_t MakeProduct(const Principal& vendor, const std::string& model = "SC-100") {
    auto product = service_->CreateProduct(
        vendor, {*vendor.organization_id, model, "ネットワークカメラ " + model, "network-camera"});
    EXPECT_TRUE(product.ok()) << product.status().ToString();
    if (!product.ok()) return 0;
    EXPECT_TRUE(service_->AddFirmwareVersion(vendor, product->id, {"1.0.0", std::nullopt}).ok());
    EXPECT_TRUE(service_->AddFirmwareVersion(vendor, product->id, {"1.1.0", std::nullopt}).ok());
    return product->id;
  }

  // Runs an application from draft to paid and issues the label.
  Result<Label> IssueNewLabel(const Principal& vendor, std::int64_t product_id,
                              std::optional<int> months = std::nullopt) {
    NewApplication input;
    input.product_id = product_id;
    input.requested_validity_months = months;
    input.checklist_json = R"({"scheme":"jcstar-star1"})";
    auto application = service_->CreateApplication(vendor, input);
    if (!application.ok()) return application.status();
    return RunToIssue(vendor, application->id);
  }

  Result<Label> RunToIssue(const Principal& vendor, std::int64_t application_id) {
    if (auto s = service_->SubmitApplication(vendor, application_id); !s.ok()) return s.status();
    if (auto s = service_->StartSupplyChainInquiry(reviewer_, application_id); !s.ok()) {
      return s.status();
    }
    if (auto s =
            service_->RecordInquiryResult(reviewer_, application_id, true, "照会結果: 問題なし");
        !s.ok()) {
      return s.status();
    }
    if (auto s = service_->AcceptApplication(reviewer_, application_id); !s.ok()) return s.status();
    if (auto s = service_->InvoiceFee(reviewer_, application_id); !s.ok()) return s.status();
    if (auto s = service_->RecordPayment(reviewer_, application_id); !s.ok()) return s.status();
    return service_->IssueLabel(reviewer_, application_id);
  }

  static inline catalog::Catalog* catalog_ = nullptr;
  FakeClock clock_{*ParseIso8601("2026-04-01T00:00:00Z")};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<RegistryService> service_;
  Principal admin_{1001, "admin@operator.example", Role::kOperatorAdmin, std::nullopt};
  Principal reviewer_{1002, "reviewer@operator.example", Role::kOperatorReviewer, std::nullopt};
  Principal auditor_{1003, "auditor@operator.example", Role::kAuditor, std::nullopt};
  Principal vendor_a_{1004, "member@sample.example", Role::kVendorMember, std::nullopt};
  Principal vendor_b_{1005, "member@other.example", Role::kVendorMember, std::nullopt};
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_TEST_FIXTURE_H_
