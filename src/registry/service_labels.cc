// RegistryService: label reads, the label lifecycle, expiry and the log.
#include <functional>
#include <map>

#include "crypto/random.h"
#include "registry/label_record.h"
#include "registry/label_repository.h"
#include "registry/label_search.h"
#include "registry/label_search_index.h"
#include "registry/product_repository.h"
#include "registry/service_internal.h"
#include "registry/transparency_log.h"

namespace iotmark::registry {

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
    auto label = internal::LoadLabel(impl.repos(), transaction, registration_number, now, false);
    if (!label.ok()) return label.status();
    IOTMARK_RETURN_IF_ERROR(
        internal::RequireOrganizationAccess(actor, label->organization_id, "label"));
    auto due = internal::MaterialiseDueChange(impl.repos(), transaction, impl.key, label->id, now);
    if (!due.ok()) return due.status();
    IOTMARK_RETURN_IF_ERROR(hook(transaction, *label));
    auto reloaded = internal::LoadLabel(impl.repos(), transaction, registration_number, now, true);
    if (!reloaded.ok()) return reloaded.status();
    IOTMARK_RETURN_IF_ERROR(
        internal::AttachCertification(impl.catalog, impl.repos(), transaction, *reloaded));
    result = std::move(reloaded).value();
    impl.DescribeHistory(result);
    return Status::Ok();
  });
  // A due change recorded before a refusal must still be kept.
  if (status.code() == StatusCode::kFailedPrecondition) {
    impl.store
        .RunInTransaction([&](store::Transaction& transaction) -> Status {
          auto label =
              internal::LoadLabel(impl.repos(), transaction, registration_number, now, false);
          if (!label.ok()) return label.status();
          return internal::MaterialiseDueChange(impl.repos(), transaction, impl.key, label->id, now)
              .status();
        })
        .ok();
  }
  if (!status.ok()) return status;
  return result;
}

// One label step through the scheme's workflow: the transition `step` must
// leave the label's status and allow the actor's role, and its requirements
// must be in `facts`. Returns the transition (its `to` and history `event`).
Result<const catalog::WorkflowTransition*> LabelStep(RegistryService::Impl& impl,
                                                     const Principal& actor, const Label& label,
                                                     std::string_view step,
                                                     const WorkflowFacts& facts) {
  auto scheme = impl.WorkflowOf(label.scheme);
  if (!scheme.ok()) return scheme.status();
  const WorkflowEngine& engine = (*scheme)->label;
  auto decided = engine.Decide(LabelStatusName(label.status), step, RoleName(actor.role), facts);
  if (!decided.ok()) return decided.status();
  return engine.Find(LabelStatusName(label.status), step);
}

// A label step with its history entry; a status change when the transition
// enters another status, an event only when it stays (evidence, coverage).
Status ChangeStatus(RegistryService::Impl& impl, store::Transaction& transaction,
                    const Principal& actor, Label& label, std::string_view step,
                    std::string_view reason, const WorkflowFacts& facts) {
  auto transition = LabelStep(impl, actor, label, step, facts);
  if (!transition.ok()) return transition.status();
  auto next = ParseLabelStatus((*transition)->to);
  if (!next.ok()) {
    return Status::FailedPrecondition("workflow label status '" + (*transition)->to +
                                      "' cannot be stored by this registry yet");
  }
  std::optional<LabelStatus> from, to;
  if (*next != label.status) {
    from = label.status;
    to = *next;
  }
  TimePoint now = impl.Now();
  return internal::RecordLabelEvent(impl.repos(), transaction, impl.key, label,
                                    (*transition)->event, from, to, &actor, now, reason, now)
      .status();
}

}  // namespace

Result<Label> RegistryService::GetLabel(std::string_view registration_number) {
  TimePoint now = impl_->Now();
  Label label;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto loaded = internal::LoadLabel(impl_->repos(), transaction, registration_number, now, true);
    if (!loaded.ok()) return loaded.status();
    IOTMARK_RETURN_IF_ERROR(
        internal::AttachCertification(impl_->catalog, impl_->repos(), transaction, *loaded));
    label = std::move(loaded).value();
    impl_->DescribeHistory(label);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return label;
}

Result<LabelPage> RegistryService::SearchLabels(const LabelQuery& query) {
  if (query.page < 1 || query.page > 100000) {
    return Status::InvalidArgument("must be 1…100000").WithField("page");
  }
  if (query.page_size < 1 || query.page_size > 100) {
    return Status::InvalidArgument("must be 1…100").WithField("page_size");
  }
  if (query.text.size() > 200 || query.vendor.size() > 200) {
    return Status::InvalidArgument("longer than 200 bytes").WithField("q");
  }
  if (SplitSearchTerms(query.text).size() > kMaxSearchTerms) {
    return Status::InvalidArgument("more than " + std::to_string(kMaxSearchTerms) +
                                   " terms / 検索語は" + std::to_string(kMaxSearchTerms) +
                                   "語までです")
        .WithField("q");
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
    auto stored = impl_->repos().labels->LoadMany(transaction, hits->label_ids);
    if (!stored.ok()) return stored.status();
    std::map<std::int64_t, Label> by_id;
    for (const StoredLabel& label : *stored) {
      by_id.emplace(label.label.id, internal::EffectiveLabel(label, now));
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
    // A vendor without an organisation sees nothing.
    if (actor.IsOrganizationScoped() && !actor.organization_id) return Status::Ok();
    auto numbers = impl_->repos().labels->ListNumbers(
        transaction, actor.IsOrganizationScoped() ? actor.organization_id : std::nullopt);
    if (!numbers.ok()) return numbers.status();
    for (const std::string& number : *numbers) {
      auto label = internal::LoadLabel(impl_->repos(), transaction, number, now, true);
      if (!label.ok()) return label.status();
      impl_->DescribeHistory(*label);
      IOTMARK_RETURN_IF_ERROR(
          internal::AttachCertification(impl_->catalog, impl_->repos(), transaction, *label));
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
        return ChangeStatus(*impl_, transaction, actor, label, "withdraw",
                            "vendor request / 自主取下げ: " + std::string(reason),
                            WorkflowFacts().Text("reason", reason, "reason"));
      });
}

Result<Label> RegistryService::ReportSpecificationChange(const Principal& actor,
                                                         std::string_view registration_number,
                                                         std::string_view description) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(description, "description"));
  return MutateLabel(
      *impl_, actor, registration_number, [&](store::Transaction& transaction, Label& label) {
        return ChangeStatus(*impl_, transaction, actor, label, "report-specification-change",
                            "security-relevant specification change reported / "
                            "セキュリティ仕様の変更報告: " +
                                std::string(description),
                            WorkflowFacts().Text("reason", description, "description"));
      });
}

Result<Label> RegistryService::OpenSurveillance(const Principal& actor,
                                                std::string_view registration_number,
                                                std::string_view evidence_request,
                                                TimePoint deadline) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireWriter(actor));
  IOTMARK_RETURN_IF_ERROR(impl_->AuthoriseStep(actor, true, "open-surveillance"));
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(evidence_request, "evidence_request"));
  TimePoint now = impl_->Now();
  if (deadline <= now) {
    return Status::InvalidArgument("must be in the future / 期限は将来の日時です")
        .WithField("deadline");
  }
  return MutateLabel(
      *impl_, actor, registration_number,
      [&](store::Transaction& transaction, Label& label) -> Status {
        IOTMARK_RETURN_IF_ERROR(ChangeStatus(
            *impl_, transaction, actor, label, "open-surveillance",
            std::string(evidence_request) + " (deadline " + FormatIso8601(deadline) + ")",
            WorkflowFacts().Text("reason", evidence_request, "evidence_request")));
        return impl_->repos().labels->OpenSurveillance(transaction, label.id, evidence_request, now,
                                                       deadline);
      });
}

Result<Label> RegistryService::SubmitSurveillanceEvidence(const Principal& actor,
                                                          std::string_view registration_number,
                                                          std::string_view evidence) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireWriter(actor));
  IOTMARK_RETURN_IF_ERROR(impl_->AuthoriseStep(actor, true, "submit-evidence"));
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(evidence, "evidence"));
  TimePoint now = impl_->Now();
  return MutateLabel(
      *impl_, actor, registration_number,
      [&](store::Transaction& transaction, Label& label) -> Status {
        auto step = LabelStep(*impl_, actor, label, "submit-evidence",
                              WorkflowFacts().Text("document", evidence, "evidence"));
        if (!step.ok()) return step.status();
        IOTMARK_RETURN_IF_ERROR(
            impl_->repos().labels->SetSurveillanceEvidence(transaction, label.id, evidence, now));
        return ChangeStatus(*impl_, transaction, actor, label, "submit-evidence",
                            std::string(evidence),
                            WorkflowFacts().Text("document", evidence, "evidence"));
      });
}

Result<Label> RegistryService::CloseSurveillance(const Principal& actor,
                                                 std::string_view registration_number,
                                                 std::string_view note) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireWriter(actor));
  IOTMARK_RETURN_IF_ERROR(impl_->AuthoriseStep(actor, true, "close-surveillance"));
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(note, "note"));
  return MutateLabel(*impl_, actor, registration_number,
                     [&](store::Transaction& transaction, Label& label) -> Status {
                       IOTMARK_RETURN_IF_ERROR(
                           ChangeStatus(*impl_, transaction, actor, label, "close-surveillance",
                                        std::string(note), WorkflowFacts().Text("reason", note, "note")));
                       return impl_->repos().labels->ClearSurveillance(transaction, label.id);
                     });
}

Result<Label> RegistryService::RevokeLabel(const Principal& actor,
                                           std::string_view registration_number,
                                           std::string_view reason) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireWriter(actor));
  IOTMARK_RETURN_IF_ERROR(impl_->AuthoriseStep(actor, true, "revoke"));
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(reason, "reason"));
  return MutateLabel(*impl_, actor, registration_number,
                     [&](store::Transaction& transaction, Label& label) {
                       return ChangeStatus(*impl_, transaction, actor, label, "revoke",
                                           std::string(reason),
                                           WorkflowFacts().Text("reason", reason, "reason"));
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
                       auto step = LabelStep(*impl_, actor, label, "set-firmware-coverage", {});
                       if (!step.ok()) return step.status();
                       auto changed = impl_->repos().products->SetFirmwareCoverage(
                           transaction, label.product_id, version, covered,
                           covered ? std::string_view() : reason);
                       if (!changed.ok()) return changed.status();
                       if (!*changed) {
                         return Status::NotFound("'" + std::string(version) +
                                                 "' is not a firmware version of this product")
                             .WithField("version");
                       }
                       return internal::RecordLabelEvent(
                                  impl_->repos(), transaction, impl_->key, label, (*step)->event,
                                  std::nullopt, std::nullopt, &actor, now,
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
    auto due = impl_->repos().labels->ListDueForTimeChange(transaction, now);
    if (!due.ok()) return due.status();
    for (std::int64_t id : *due) {
      auto materialised =
          internal::MaterialiseDueChange(impl_->repos(), transaction, impl_->key, id, now);
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
    auto loaded = LoadLatestTreeHead(*impl_->repos().transparency_log, transaction);
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
    auto loaded = impl_->repos().transparency_log->Entry(transaction, index);
    if (!loaded.ok()) return loaded.status();
    entry = std::move(loaded).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return entry;
}

Result<InclusionProofResult> RegistryService::GetInclusionProof(std::uint64_t leaf_index,
                                                                std::uint64_t tree_size) {
  InclusionProofResult result;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto leaves = LoadLeafHashes(*impl_->repos().transparency_log, transaction);
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
    auto leaves = LoadLeafHashes(*impl_->repos().transparency_log, transaction);
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
