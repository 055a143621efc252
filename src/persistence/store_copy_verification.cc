// Verification of a store copy; see the header.
#include "persistence/store_copy_verification.h"

#include <memory>

#include "common/clock.h"
#include "crypto/signing.h"
#include "persistence/label_search_factory.h"
#include "persistence/repositories_factory.h"
#include "registry/label_export.h"
#include "registry/registry_service.h"
#include "registry/transparency_log.h"

namespace iotmark::persistence {
namespace {

constexpr int kExportPage = 5000;  // RegistryService::ExportLabels' maximum

Result<std::unique_ptr<registry::RegistryService>> MakeService(store::Store& store,
                                                               const Clock& clock,
                                                               const catalog::Catalog& catalog,
                                                               const crypto::SigningKey& key) {
  registry::RegistryOptions options;
  auto search = MakeLabelSearchIndex(store);
  if (!search.ok()) return search.status();
  options.label_search = *search;
  auto repositories = MakeRepositories(store);
  if (!repositories.ok()) return repositories.status();
  options.repositories = *repositories;
  return std::make_unique<registry::RegistryService>(store, clock, catalog, key, options);
}

// The log check. A store without a registered key can only have an empty log.
Status VerifyLogs(store::Store& source, store::Store& target, const crypto::PublicKey& throwaway,
                  CopyVerification& result) {
  auto target_repositories = MakeRepositories(target);
  if (!target_repositories.ok()) return target_repositories.status();
  auto source_repositories = MakeRepositories(source);
  if (!source_repositories.ok()) return source_repositories.status();
  auto target_key = registry::LoadRegisteredPublicKey(target, *target_repositories);
  if (!target_key.ok() && target_key.status().code() != StatusCode::kNotFound) {
    return target_key.status();
  }
  auto source_key = registry::LoadRegisteredPublicKey(source, *source_repositories);
  if (!source_key.ok() && source_key.status().code() != StatusCode::kNotFound) {
    return source_key.status();
  }
  const crypto::PublicKey& key = target_key.ok() ? *target_key : throwaway;
  auto on_target = registry::VerifyLog(target, *target_repositories, key);
  if (!on_target.ok()) return on_target.status();
  auto on_source =
      registry::VerifyLog(source, *source_repositories, source_key.ok() ? *source_key : throwaway);
  if (!on_source.ok()) return on_source.status();
  result.log_entries = on_target->entries;
  result.tree_heads = on_target->tree_heads;
  result.label_events = on_target->label_events;
  result.root_hash = on_target->root_hash_base64;
  result.key_id = target_key.ok() ? target_key->KeyId() : "";
  result.log_ok = true;
  auto problem = [&](std::string text) {
    result.log_ok = false;
    result.problems.push_back("transparency log: " + std::move(text));
  };
  if (!target_key.ok() && (on_target->entries > 0 || on_target->tree_heads > 0)) {
    problem("the target holds " + std::to_string(on_target->entries) +
            " entries but no signing key is registered in it, so no signature was checked");
  }
  if (source_key.ok() != target_key.ok() ||
      (source_key.ok() && source_key->KeyId() != target_key->KeyId())) {
    problem("the target's registered key (" + result.key_id + ") is not the source's (" +
            (source_key.ok() ? source_key->KeyId() : std::string("none")) + ")");
  }
  if (!on_target->ok) {
    constexpr std::size_t kShown = 10;
    for (std::size_t i = 0; i < on_target->problems.size() && i < kShown; ++i) {
      problem(on_target->problems[i]);
    }
    if (on_target->problems.size() > kShown) {
      problem("… and " + std::to_string(on_target->problems.size() - kShown) +
              " more problems (iotmark log verify --db TARGET --json lists them all)");
    }
    if (!on_source->ok && on_source->problems == on_target->problems) {
      problem("the source fails the same way (" + std::to_string(on_source->problems.size()) +
              " problems): the copy is faithful, the source's log was not intact (`dev seed` "
              "data has label events without log entries)");
    }
  }
  if (on_target->entries != on_source->entries || on_target->tree_heads != on_source->tree_heads ||
      on_target->label_events != on_source->label_events ||
      on_target->root_hash_base64 != on_source->root_hash_base64) {
    problem("the target's log (" + std::to_string(on_target->entries) + " entries, " +
            std::to_string(on_target->tree_heads) + " tree heads, root " +
            on_target->root_hash_base64 + ") differs from the source's (" +
            std::to_string(on_source->entries) + " entries, " +
            std::to_string(on_source->tree_heads) + " tree heads, root " +
            on_source->root_hash_base64 + ")");
  }
  return Status::Ok();
}

Status VerifyRecords(registry::RegistryService& source, registry::RegistryService& target,
                     const crypto::PublicKey& throwaway, CopyVerification& result) {
  result.records_ok = true;
  auto problem = [&](std::string text) {
    result.records_ok = false;
    result.problems.push_back("label records: " + std::move(text));
  };
  std::int64_t since = 0;
  while (true) {
    auto from = source.ExportLabels(since, kExportPage);
    if (!from.ok()) return from.status().WithPrefix("source export");
    auto to = target.ExportLabels(since, kExportPage);
    if (!to.ok()) return to.status().WithPrefix("target export");
    ++result.export_pages;
    auto verified = registry::VerifyLabelExport(to->document, throwaway);
    if (!verified.ok()) return verified.status().WithPrefix("target export");
    if (!verified->valid) {
      problem("export page after sequence " + std::to_string(since) +
              " does not verify: " + verified->reason);
      return Status::Ok();
    }
    if (from->document != to->document) {
      problem("the records after change sequence " + std::to_string(since) +
              " read differently on the target than on the source (" + std::to_string(to->records) +
              " against " + std::to_string(from->records) +
              " records; was the source written during the copy?)");
      return Status::Ok();
    }
    result.records_compared += static_cast<std::int64_t>(to->records);
    if (!to->more) break;
    since = to->until;
  }
  if (result.records_compared != result.labels) {
    problem(std::to_string(result.labels - result.records_compared) + " of " +
            std::to_string(result.labels) +
            " labels have no change sequence, so their records were not compared");
  }
  return Status::Ok();
}

}  // namespace

Result<CopyVerification> VerifyStoreCopy(store::Store& source, store::Store& target,
                                         const catalog::Catalog& catalog,
                                         std::int64_t expected_labels) {
  CopyVerification result;
  result.labels = expected_labels;
  auto key = crypto::SigningKey::Generate();
  if (!key.ok()) return key.status();
  IOTMARK_RETURN_IF_ERROR(VerifyLogs(source, target, key->public_key(), result));
  // Records as of one instant on both sides (the export does not depend on
  // it, the services want a clock).
  const FakeClock clock(SystemClock::Instance().Now());
  auto source_service = MakeService(source, clock, catalog, *key);
  if (!source_service.ok()) return source_service.status();
  auto target_service = MakeService(target, clock, catalog, *key);
  if (!target_service.ok()) return target_service.status();
  IOTMARK_RETURN_IF_ERROR(
      VerifyRecords(**source_service, **target_service, key->public_key(), result));
  result.ok = result.log_ok && result.records_ok;
  return result;
}

}  // namespace iotmark::persistence
