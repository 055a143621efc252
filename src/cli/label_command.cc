// `iotmark label verify FILE --key KEY`: checks a signed label record, or a
// page of the signed bulk export (/api/v1/export/labels: the page signature
// and every record in it), offline. The document's "format" tells which.
// Exit 0 valid, 1 invalid signature / tampered, 2 unreadable.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"
#include "common/files.h"
#include "crypto/signing.h"
#include "registry/label_export.h"
#include "registry/label_record.h"

namespace iotmark::cli {
namespace {

struct LabelVerifyOptions {
  std::string record;
  std::string key;
  bool json = false;
};

int VerifyExport(const LabelVerifyOptions& options, const std::string& document,
                 const crypto::PublicKey& key) {
  auto verification = registry::VerifyLabelExport(document, key);
  if (!verification.ok()) {
    std::cerr << "iotmark label verify: "
              << verification.status().WithPrefix(options.record).ToString() << "\n";
    return kExitUsage;
  }
  if (options.json) {
    nlohmann::json out{{"valid", verification->valid},
                       {"format", std::string(registry::kLabelExportFormat)},
                       {"since", verification->since},
                       {"until", verification->until},
                       {"latest_sequence", verification->latest_sequence},
                       {"more", verification->more},
                       {"records", verification->records},
                       {"key_id", key.KeyId()}};
    if (!verification->valid) out["reason"] = verification->reason;
    std::cout << out.dump(2) << "\n";
  } else if (verification->valid) {
    std::cout << "署名は有効です / Signature valid: export page (" << verification->since << ", "
              << verification->until << "], " << verification->records << " record(s)"
              << (verification->more ? ", more follow" : "") << " (key id " << key.KeyId() << ")\n";
  } else {
    std::cout << "署名が無効です / Signature INVALID: " << verification->reason << "\n";
  }
  return verification->valid ? kExitOk : kExitCheckFailed;
}

int RunLabelVerify(const LabelVerifyOptions& options) {
  auto fail = [](const Status& status) {
    std::cerr << "iotmark label verify: " << status.ToString() << "\n";
    return kExitUsage;
  };
  auto key = crypto::ReadPublicKeyFile(options.key);
  if (!key.ok()) return fail(key.status());
  std::string document;
  if (options.record == "-") {
    document.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    auto text = ReadFile(options.record, 256 << 20);
    if (!text.ok()) return fail(text.status());
    document = std::move(text).value();
  }
  const nlohmann::json parsed = nlohmann::json::parse(document, nullptr, false);
  const auto format = parsed.is_object() ? parsed.find("format") : parsed.end();
  if (parsed.is_object() && format != parsed.end() && format->is_string() &&
      *format == registry::kLabelExportFormat) {
    return VerifyExport(options, document, *key);
  }
  auto verification = registry::VerifyLabelRecord(document, *key);
  if (!verification.ok()) {
    return fail(verification.status().WithPrefix(options.record));
  }
  if (options.json) {
    nlohmann::json out{{"valid", verification->valid},
                       {"registration_number", verification->registration_number},
                       {"status", verification->status},
                       {"key_id", key->KeyId()}};
    if (!verification->valid) out["reason"] = verification->reason;
    std::cout << out.dump(2) << "\n";
  } else if (verification->valid) {
    std::cout << "署名は有効です / Signature valid: " << verification->registration_number
              << " (status " << verification->status << ", key id " << key->KeyId() << ")\n";
  } else {
    std::cout << "署名が無効です / Signature INVALID: " << verification->reason << "\n";
  }
  return verification->valid ? kExitOk : kExitCheckFailed;
}

void SetupLabel(CLI::App& root, Context& context) {
  auto* label = root.add_subcommand("label", "適合ラベル / Conformity labels");
  label->require_subcommand(1);
  auto options = std::make_shared<LabelVerifyOptions>();
  auto* verify = label->add_subcommand(
      "verify",
      "署名付きラベル記録・一括エクスポートをオフラインで検証 / Verify a signed label record or "
      "bulk-export page offline");
  verify->add_option("RECORD", options->record, "The record or export-page JSON file (- for stdin)")
      ->required();
  verify->add_option("--key", options->key, "The registry's public key file (label-signing.pub)")
      ->required();
  verify->add_flag("--json", options->json, "Print the result as JSON");
  verify->callback([options, &context] { context.exit_code = RunLabelVerify(*options); });
}

}  // namespace

IOTMARK_REGISTER_COMMAND(label, SetupLabel);

}  // namespace iotmark::cli
