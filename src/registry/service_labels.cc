// RegistryService: label reads, the label lifecycle, expiry and the log.
#include <functional>
#include <map>

#include "crypto/random.h"
#include "registry/label_record.h"
#include "registry/label_search.h"
#include "registry/label_search_index.h"
#include "registry/lifecycle.h"
#include "registry/service_internal.h"
#include "registry/transparency_log.h"

namespace iotmark::registry {

using internal::Seconds;

namespace {

using LabelHook = std::function<Status(store::Transaction&, Label&)>;

// One change of a label: authorise the writer, record any due time-driven
// change first (so history stays in time order), then run `hook` on the label
// with its current status.
Result<Label> MutateLabel(RegistryService::Impl& impl, const Principal& actor,
                          std::string_view registration_number, const LabelHook& hook) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireWriter(actor));
  TimePoint now = impl.Now();
  Label result;
  Status status = impl.Write([&](store::Transaction& transaction) -> Status {
    auto label = internal::LoadLabel(transaction, registration_number, now, false);
    if (!label.ok()) return label.status();
    IOTMARK_RETURN_IF_ERROR(
        internal::RequireOrganizationAccess(actor, label->organization_id, "label"));
    auto due = internal::MaterialiseDueChange(transaction, impl.key, label->id, now);
    if (!due.ok()) return due.status();
    IOTMARK_RETURN_IF_ERROR(hook(transaction, *label));
    auto reloaded = internal::LoadLabel(transaction, registration_number, now, true);
    if (!reloaded.ok()) return reloaded.status();
    result = std::move(reloaded).value();
    return Status::Ok();
  });
  // A due change recorded before a refusal must still be kept.
  if (status.code() == StatusCode::kFailedPrecondition) {
    impl.store
        .RunInTransaction([&](store::Transaction& transaction) -> Status {
          auto label = internal::LoadLabel(transaction, registration_number, now, false);
          if (!label.ok()) return label.status();
          return internal::MaterialiseDueChange(transaction, impl.key, label->id, now).status();
        })
        .ok();
  }
  if (!status.ok()) return status;
  return result;
}

// A status change through the state machine, with a history entry.
Status ChangeStatus(RegistryService::Impl& impl, store::Transaction& transaction,
                    const Principal& actor, Label& label, LabelAction action, std::string_view kind,
                    std::string_view reason) {
  auto next = NextLabelStatus(label.status, action);
  if (!next.ok()) return next.status();
  TimePoint now = impl.Now();
  return internal::RecordLabelEvent(transaction, impl.key, label, kind, label.status, *next, &actor,
                                    now, reason, now)
      .status();
}

}  // namespace

Result<Label> RegistryService::GetLabel(std::string_view registration_number) {
  TimePoint now = impl_->Now();
  Label label;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto loaded = internal::LoadLabel(transaction, registration_number, now, true);
    if (!loaded.ok()) return loaded.status();
    label = std::move(loaded).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return label;
}

Result<LabelPage> RegistryService::SearchLabels(const LabelQuery& query) {
  if (query.page < 1 || query.page > 100000) {
    return Status::InvalidArgument("page: must be 1…100000");
  }
  if (query.page_size < 1 || query.page_size > 100) {
    return Status::InvalidArgument("page_size: must be 1…100");
  }
  if (query.text.size() > 200 || query.vendor.size() > 200) {
    return Status::InvalidArgument("q: longer than 200 bytes");
  }
  if (SplitSearchTerms(query.text).size() > kMaxSearchTerms) {
    return Status::InvalidArgument("q: more than " + std::to_string(kMaxSearchTerms) +
                                   " terms / 検索語は" + std::to_string(kMaxSearchTerms) +
                                   "語までです");
  }
  LabelSearchIndex* index = impl_->options.label_search.get();
  if (index == nullptr) {
    return Status::Internal("label search: no search index is configured for this store");
  }
  TimePoint now = impl_->Now();
  LabelPage page;
  page.page = query.page;
  page.page_size = query.page_size;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto hits = index->Search(transaction, query, now);
    if (!hits.ok()) return hits.status();
    page.has_next_page = hits->has_next_page;
    if (hits->label_ids.empty()) return Status::Ok();
    // One statement text for every page size (the store caches prepared
    // statements by their text): the ids as a JSON array.
    std::string ids = "[";
    for (std::int64_t id : hits->label_ids) {
      if (ids.size() > 1) ids += ",";
      ids += std::to_string(id);
    }
    ids += "]";
    auto rows = transaction.Query(std::string(internal::LabelSelectColumns()) +
                                      "WHERE l.id IN (SELECT value FROM json_each(?))",
                                  {ids});
    if (!rows.ok()) return rows.status();
    std::map<std::int64_t, Label> by_id;
    for (const store::Row& row : *rows) {
      auto label = internal::LabelFromRow(row, now);
      if (!label.ok()) return label.status();
      by_id.emplace(label->id, std::move(label).value());
    }
    // In the search's order.
    for (std::int64_t id : hits->label_ids) {
      auto found = by_id.find(id);
      if (found != by_id.end()) page.labels.push_back(std::move(found->second));
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  if (!page.has_next_page && (!page.labels.empty() || query.page == 1)) {
    page.total = std::int64_t{query.page - 1} * query.page_size +
                 static_cast<std::int64_t>(page.labels.size());
  }
  return page;
}

Result<std::string> RegistryService::GetSignedLabelRecord(std::string_view registration_number) {
  auto label = GetLabel(registration_number);
  if (!label.ok()) return label.status();
  return SignLabelRecord(*label, impl_->Now(), impl_->key);
}

Result<std::vector<Label>> RegistryService::ListLabels(const Principal& actor) {
  TimePoint now = impl_->Now();
  std::vector<Label> labels;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto rows = actor.role == Role::kVendorMember
                    ? transaction.Query(
                          "SELECT registration_number FROM labels WHERE "
                          "organization_id = ? ORDER BY id",
                          {store::NullableValue(actor.organization_id)})
                    : transaction.Query("SELECT registration_number FROM labels ORDER BY id", {});
    if (!rows.ok()) return rows.status();
    for (const store::Row& row : *rows) {
      auto label = internal::LoadLabel(transaction, row.Text(0), now, true);
      if (!label.ok()) return label.status();
      labels.push_back(std::move(label).value());
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return labels;
}

Result<Label> RegistryService::WithdrawLabel(const Principal& actor,
                                             std::string_view registration_number,
                                             std::string_view reason) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(reason, "reason"));
  return MutateLabel(
      *impl_, actor, registration_number, [&](store::Transaction& transaction, Label& label) {
        return ChangeStatus(*impl_, transaction, actor, label, LabelAction::kWithdraw, "withdrawn",
                            "vendor request / 自主取下げ: " + std::string(reason));
      });
}

Result<Label> RegistryService::ReportSpecificationChange(const Principal& actor,
                                                         std::string_view registration_number,
                                                         std::string_view description) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(description, "description"));
  return MutateLabel(
      *impl_, actor, registration_number, [&](store::Transaction& transaction, Label& label) {
        return ChangeStatus(*impl_, transaction, actor, label, LabelAction::kWithdraw, "withdrawn",
                            "security-relevant specification change reported / "
                            "セキュリティ仕様の変更報告: " +
                                std::string(description));
      });
}

Result<Label> RegistryService::OpenSurveillance(const Principal& actor,
                                                std::string_view registration_number,
                                                std::string_view evidence_request,
                                                TimePoint deadline) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireOperator(actor));
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(evidence_request, "evidence_request"));
  TimePoint now = impl_->Now();
  if (deadline <= now) {
    return Status::InvalidArgument("deadline: must be in the future / 期限は将来の日時です");
  }
  return MutateLabel(
      *impl_, actor, registration_number,
      [&](store::Transaction& transaction, Label& label) -> Status {
        IOTMARK_RETURN_IF_ERROR(ChangeStatus(
            *impl_, transaction, actor, label, LabelAction::kOpenSurveillance,
            "surveillance-opened",
            std::string(evidence_request) + " (deadline " + FormatIso8601(deadline) + ")"));
        return transaction
            .Execute(
                "UPDATE labels SET surveillance_request = ?, surveillance_opened_at = ?, "
                "surveillance_deadline = ?, surveillance_evidence = NULL, "
                "surveillance_evidence_at = NULL WHERE id = ?",
                {std::string(evidence_request), Seconds(now), Seconds(deadline), label.id})
            .status();
      });
}

Result<Label> RegistryService::SubmitSurveillanceEvidence(const Principal& actor,
                                                          std::string_view registration_number,
                                                          std::string_view evidence) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireVendor(actor));
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(evidence, "evidence"));
  TimePoint now = impl_->Now();
  return MutateLabel(
      *impl_, actor, registration_number,
      [&](store::Transaction& transaction, Label& label) -> Status {
        if (label.status != LabelStatus::kUnderSurveillance) {
          return Status::FailedPrecondition(
              "cannot submit evidence in state '" + std::string(LabelStatusName(label.status)) +
              "': no surveillance is open / サーベイランス実施中ではありません");
        }
        auto changed = transaction.Execute(
            "UPDATE labels SET surveillance_evidence = ?, surveillance_evidence_at = ? "
            "WHERE id = ?",
            {std::string(evidence), Seconds(now), label.id});
        if (!changed.ok()) return changed.status();
        return internal::RecordLabelEvent(transaction, impl_->key, label, "evidence-submitted",
                                          std::nullopt, std::nullopt, &actor, now,
                                          std::string(evidence), now)
            .status();
      });
}

Result<Label> RegistryService::CloseSurveillance(const Principal& actor,
                                                 std::string_view registration_number,
                                                 std::string_view note) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireOperator(actor));
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(note, "note"));
  return MutateLabel(*impl_, actor, registration_number,
                     [&](store::Transaction& transaction, Label& label) -> Status {
                       IOTMARK_RETURN_IF_ERROR(ChangeStatus(
                           *impl_, transaction, actor, label, LabelAction::kCloseSurveillance,
                           "surveillance-closed", std::string(note)));
                       return transaction
                           .Execute(
                               "UPDATE labels SET surveillance_request = NULL, "
                               "surveillance_opened_at = NULL, surveillance_deadline = NULL, "
                               "surveillance_evidence = NULL, surveillance_evidence_at = NULL "
                               "WHERE id = ?",
                               {label.id})
                           .status();
                     });
}

Result<Label> RegistryService::RevokeLabel(const Principal& actor,
                                           std::string_view registration_number,
                                           std::string_view reason) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireOperator(actor));
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(reason, "reason"));
  return MutateLabel(*impl_, actor, registration_number,
                     [&](store::Transaction& transaction, Label& label) {
                       return ChangeStatus(*impl_, transaction, actor, label, LabelAction::kRevoke,
                                           "revoked", std::string(reason));
                     });
}

Result<Label> RegistryService::SetFirmwareCoverage(const Principal& actor,
                                                   std::string_view registration_number,
                                                   std::string_view version, bool covered,
                                                   std::string_view reason) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(version, "version"));
  if (!covered) IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(reason, "reason"));
  TimePoint now = impl_->Now();
  return MutateLabel(*impl_, actor, registration_number,
                     [&](store::Transaction& transaction, Label& label) -> Status {
                       if (label.status == LabelStatus::kExpired ||
                           label.status == LabelStatus::kWithdrawn ||
                           label.status == LabelStatus::kRevoked) {
                         return Status::FailedPrecondition(
                             "cannot change firmware coverage in state '" +
                             std::string(LabelStatusName(label.status)) +
                             "': the label has ended / この適合ラベルは既に効力を失っています");
                       }
                       auto changed = transaction.Execute(
                           "UPDATE firmware_versions SET covered = ?, coverage_note = ? "
                           "WHERE product_id = ? AND version = ?",
                           {std::int64_t{covered ? 1 : 0}, std::string(covered ? "" : reason),
                            label.product_id, std::string(version)});
                       if (!changed.ok()) return changed.status();
                       if (*changed == 0) {
                         return Status::NotFound("version: '" + std::string(version) +
                                                 "' is not a firmware version of this product");
                       }
                       return internal::RecordLabelEvent(
                                  transaction, impl_->key, label, "firmware-coverage", std::nullopt,
                                  std::nullopt, &actor, now,
                                  std::string(version) +
                                      (covered ? ": covered / 対象" : ": not covered / 対象外: ") +
                                      std::string(covered ? "" : reason),
                                  now)
                           .status();
                     });
}

Result<int> RegistryService::RunExpiry(TimePoint now) {
  now = std::chrono::time_point_cast<std::chrono::seconds>(now);
  int changed = 0;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    auto rows = transaction.Query(
        "SELECT id FROM labels WHERE (status = 'active' AND valid_until <= ?) OR "
        "(status = 'under-surveillance' AND (valid_until <= ? OR surveillance_deadline <= ?)) "
        "ORDER BY id",
        {Seconds(now), Seconds(now), Seconds(now)});
    if (!rows.ok()) return rows.status();
    for (const store::Row& row : *rows) {
      auto materialised = internal::MaterialiseDueChange(transaction, impl_->key, row.Int(0), now);
      if (!materialised.ok()) return materialised.status();
      if (*materialised) ++changed;
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return changed;
}

// ---------------------------------------------------------------- transparency log

Result<SignedTreeHead> RegistryService::GetTreeHead() {
  SignedTreeHead head;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto loaded = LoadLatestTreeHead(transaction);
    if (!loaded.ok()) return loaded.status();
    head = std::move(loaded).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return head;
}

Result<LogEntry> RegistryService::GetLogEntry(std::uint64_t index) {
  LogEntry entry;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto row = transaction.QueryOne(
        "SELECT entry_index, data, leaf_hash, appended_at FROM log_entries WHERE entry_index = ?",
        {static_cast<std::int64_t>(index)});
    if (!row.ok()) return row.status();
    if (!row->has_value()) {
      return Status::NotFound("log entry " + std::to_string(index) + " not found");
    }
    entry.index = static_cast<std::uint64_t>((*row)->Int(0));
    entry.data = (*row)->Text(1);
    entry.leaf_hash_base64 = (*row)->Text(2);
    entry.appended_at = internal::FromSeconds((*row)->Int(3));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return entry;
}

Result<InclusionProofResult> RegistryService::GetInclusionProof(std::uint64_t leaf_index,
                                                                std::uint64_t tree_size) {
  InclusionProofResult result;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto leaves = LoadLeafHashes(transaction);
    if (!leaves.ok()) return leaves.status();
    auto proof = crypto::InclusionProof(*leaves, leaf_index, tree_size);
    if (!proof.ok()) return proof.status();
    result.leaf_index = leaf_index;
    result.tree_size = tree_size;
    result.leaf_hash_base64 = crypto::Base64Encode((*leaves)[leaf_index]);
    for (const crypto::Hash& hash : *proof) {
      result.audit_path_base64.push_back(crypto::Base64Encode(hash));
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return result;
}

Result<ConsistencyProofResult> RegistryService::GetConsistencyProof(std::uint64_t first_size,
                                                                    std::uint64_t second_size) {
  ConsistencyProofResult result;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto leaves = LoadLeafHashes(transaction);
    if (!leaves.ok()) return leaves.status();
    auto proof = crypto::ConsistencyProof(*leaves, first_size, second_size);
    if (!proof.ok()) return proof.status();
    result.first_size = first_size;
    result.second_size = second_size;
    for (const crypto::Hash& hash : *proof) {
      result.proof_base64.push_back(crypto::Base64Encode(hash));
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return result;
}

}  // namespace iotmark::registry
