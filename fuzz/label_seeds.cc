// Writes the seed corpus of label_verify_fuzz: label records and export
// pages signed by the registry's own signing code with fuzz/label_key.h.
//   fuzz_label_seeds DIR
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "fuzz/label_key.h"
#include "registry/label_export.h"
#include "registry/label_record.h"

namespace {
using namespace iotmark;
using namespace std::chrono;

registry::Label SampleLabel(int n, registry::LabelStatus status) {
  registry::Label label;
  label.id = n;
  label.registration_number = "JCS1-2026-000" + std::to_string(n);
  label.product_id = 10 + n;
  label.organization_id = 3;
  label.application_id = 20 + n;
  label.scheme = "jcstar";
  label.level = "star1";
  label.issued_at = system_clock::time_point(seconds(1767225600 + n * 86400));
  label.valid_from = label.issued_at;
  label.valid_until = label.issued_at + hours(24 * 365 * 2);
  label.status = status;
  label.product_name = n % 2 ? "ネットワークカメラ NC-100" : "Smart Plug SP-2";
  label.model_number = "NC-100-" + std::to_string(n);
  label.product_type = "network_camera";
  label.vendor_name = "株式会社サンプル電機";
  registry::FirmwareVersion firmware;
  firmware.version = "1.0." + std::to_string(n);
  label.firmware_versions.push_back(firmware);
  if (status == registry::LabelStatus::kUnderSurveillance) {
    registry::Surveillance surveillance;
    surveillance.evidence_request = "ログイン試行制限の証跡を提出してください";
    surveillance.opened_at = label.issued_at + hours(48);
    surveillance.deadline = surveillance.opened_at + hours(24 * 30);
    label.surveillance = surveillance;
  }
  return label;
}

bool Write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fuzz_label_seeds DIR\n";
    return 2;
  }
  std::string dir = argv[1];
  const crypto::SigningKey& key = fuzz::LabelFuzzKey();
  system_clock::time_point as_of(seconds(1780000000));
  registry::LabelStatus statuses[] = {registry::LabelStatus::kActive,
                                      registry::LabelStatus::kUnderSurveillance,
                                      registry::LabelStatus::kWithdrawn};
  std::vector<registry::ExportedLabel> exported;
  int n = 1;
  for (registry::LabelStatus status : statuses) {
    registry::Label label = SampleLabel(n, status);
    if (!Write(dir + "/record-" + std::to_string(n) + ".json",
               registry::SignLabelRecord(label, as_of, key))) {
      return 2;
    }
    exported.push_back({label, n * 3, label.issued_at});
    ++n;
  }
  if (!Write(dir + "/export-page.json",
             registry::SignLabelExport(0, 9, false, exported, key).document) ||
      !Write(dir + "/export-empty.json", registry::SignLabelExport(9, 9, false, {}, key).document)) {
    return 2;
  }
  return 0;
}
