// A ProductInput with every VEX status (affected, not affected with a
// justification, fixed, under investigation), for tests of the generator.
#ifndef IOTMARK_CSAF_TEST_INPUT_H_
#define IOTMARK_CSAF_TEST_INPUT_H_

#include "csaf/model.h"

namespace iotmark::csaf::testing {

inline TimePoint At(std::int64_t seconds) { return TimePoint(std::chrono::seconds(seconds)); }

inline ProductInput EveryStatusInput() {
  ProductInput input;
  input.tracking_id = "IOTMARK-VEX-JCS1-2026-000001-0";
  input.vendor_name = "株式会社サンプル電機";
  input.product_name = "ネットワークカメラ NC-100";
  input.model_number = "NC-100";
  input.product_type = "network-camera";
  input.registration_number = "JCS1-2026-000001-0";
  input.label_url = "http://127.0.0.1:8080/labels/JCS1-2026-000001-0";
  for (std::string version : {"1.0.0", "1.0.1", "1.1.0"}) {
    ProductVersion v;
    v.version = version;
    v.product_id = "FW-" + version;
    v.purl = "pkg:generic/sample/nc-100-firmware@" + version;
    input.versions.push_back(v);
  }
  input.versions[0].note = "このバージョンはラベルの対象外です。 / Not covered by the label.";
  VulnerabilityInput openssl;
  openssl.identifier = "CVE-2024-12797";
  openssl.severity = "high";
  openssl.published_at = At(1790000000);
  openssl.advisory_url = "https://vendor.example/advisories/2026-01";
  Remediation update{RemediationCategory::kVendorFix,
                     "1.1.0 以降に更新してください。 / Update to 1.1.0 or later.",
                     "https://vendor.example/firmware"};
  openssl.assessments = {
      {"1.0.0", VersionStatus::kKnownAffected, std::nullopt, "", update},
      {"1.0.1", VersionStatus::kKnownNotAffected, Justification::kVulnerableCodeNotInExecutePath,
       "TLS クライアント機能は無効です。 / The TLS client is disabled in this build.",
       std::nullopt},
      {"1.1.0", VersionStatus::kFixed, std::nullopt, "", std::nullopt},
  };
  VulnerabilityInput vendor;
  vendor.identifier = "JVN#12345678";
  vendor.id_system = "JVN";
  vendor.severity = "medium";
  vendor.published_at = At(1790500000);
  vendor.assessments = {
      {"1.0.0", VersionStatus::kUnderInvestigation, std::nullopt, "", std::nullopt},
      {"1.0.1", VersionStatus::kUnderInvestigation, std::nullopt, "", std::nullopt},
      {"1.1.0", VersionStatus::kKnownNotAffected, Justification::kComponentNotPresent, "",
       std::nullopt},
  };
  input.vulnerabilities = {openssl, vendor};
  input.revisions = {{At(1790000000), "初版 / Initial release"},
                     {At(1790500000), "JVN#12345678 を追加 / Added JVN#12345678"}};
  return input;
}

inline Publisher TestPublisher() {
  Publisher publisher;
  publisher.namespace_url = "http://127.0.0.1:8080";
  publisher.base_url = "http://127.0.0.1:8080";
  return publisher;
}

}  // namespace iotmark::csaf::testing

#endif  // IOTMARK_CSAF_TEST_INPUT_H_
