// A realistic label view model shared by the web tests.
#ifndef IOTMARK_WEB_TEST_LABELS_H_
#define IOTMARK_WEB_TEST_LABELS_H_

#include "web/view_models.h"

namespace iotmark::web {

inline LabelPageModel SampleLabel() {
  LabelPageModel label;
  label.registration_number = "JC1-2026-000123-7";
  label.status = "active";
  label.status_changed_on = "2026-04-01";
  label.status_reason = "ラベル交付";
  label.level = "star1";
  label.stars = 1;
  label.issued_on = "2026-04-01";
  label.valid_until = "2028-03-31";
  label.vendor_name = "東京電機株式会社";
  label.vendor_contact_email = "psirt@example.jp";
  label.vendor_contact_url = "https://example.jp/support";
  label.product_name = "防犯カメラ ミハル";
  label.model_number = "TK-CAM-200";
  label.product_type = "ネットワークカメラ";
  label.firmware_versions = {{"1.0.0", true, ""}, {"0.9.0", false, "旧版"}};
  label.security_updates = {{"1.0.1", "2026-05-10", "TLS ライブラリ更新", true},
                            {"1.0.2", "2026-08-01", "UI 改善", false}};
  label.vulnerabilities = {
      {"CVE-2026-0001", "high", "1.0.1", "https://example.jp/adv/1", "2026-05-01"},
      {"CVE-2026-0002", "medium", "", "", "2026-07-15"}};
  label.support_end_date = "2031-03-31";
  label.disclosure_policy_url = "https://example.jp/security/policy";
  label.criteria = {
      {"S1.1-01",
       "初期パスワードの変更",
       "Default passwords",
       "conform",
       "",
       {{"etsi-en-303-645", "5.1-1"}, {"uk-psti", "1"}, {"sg-cls", "1.1"}}},
      {"S1.1-04",
       "認証試行の制限",
       "Brute-force protection",
       "not-applicable",
       "認証機能を持たない",
       {{"etsi-en-303-645", "5.1-5"}}},
  };
  label.status_history = {{"active", "2026-04-01", "ラベル交付", "", "", ""}};
  return label;
}

}  // namespace iotmark::web

#endif  // IOTMARK_WEB_TEST_LABELS_H_
