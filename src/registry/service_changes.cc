// RegistryService: the public change stream and the signed bulk export.
#include "registry/label_export.h"
#include "registry/service_internal.h"

namespace iotmark::registry {

namespace {

constexpr int kMaxChangesPerPage = 1000;
constexpr int kMaxExportPerPage = 5000;

}  // namespace

namespace internal {

Result<std::int64_t> LatestChangeSequence(const Repositories& repos,
                                          store::Transaction& transaction) {
  return repos.changes->Latest(transaction);
}

Result<std::vector<RegistryChange>> LoadChanges(const Repositories& repos,
                                                store::Transaction& transaction, std::int64_t since,
                                                int limit,
                                                const std::optional<std::string>& label) {
  return repos.changes->List(transaction, since, limit, label);
}

}  // namespace internal

Result<ChangePage> RegistryService::ListChanges(std::int64_t since, int limit,
                                                std::optional<std::string> registration_number) {
  if (since < 0) return Status::InvalidArgument("must be 0 or more / 0以上").WithField("since");
  if (limit < 1 || limit > kMaxChangesPerPage) {
    return Status::InvalidArgument("must be 1…1000 / 1〜1000").WithField("limit");
  }
  ChangePage page;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    if (registration_number) {
      IOTMARK_RETURN_IF_ERROR(internal::LoadLabel(impl_->repos(), transaction, *registration_number,
                                                  impl_->Now(), false)
                                  .status());
    }
    auto latest = internal::LatestChangeSequence(impl_->repos(), transaction);
    if (!latest.ok()) return latest.status();
    page.latest_sequence = *latest;
    // One more than asked tells whether more follow.
    auto changes =
        internal::LoadChanges(impl_->repos(), transaction, since, limit + 1, registration_number);
    if (!changes.ok()) return changes.status();
    page.changes = std::move(changes).value();
    if (page.changes.size() > static_cast<std::size_t>(limit)) {
      page.more = true;
      page.changes.pop_back();
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return page;
}

Result<LabelExportPage> RegistryService::ExportLabels(std::int64_t since, int limit) {
  if (since < 0) return Status::InvalidArgument("must be 0 or more / 0以上").WithField("since");
  if (limit < 1 || limit > kMaxExportPerPage) {
    return Status::InvalidArgument("must be 1…5000 / 1〜5000").WithField("limit");
  }
  std::vector<ExportedLabel> labels;
  std::int64_t latest_sequence = 0;
  bool more = false;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto latest = internal::LatestChangeSequence(impl_->repos(), transaction);
    if (!latest.ok()) return latest.status();
    latest_sequence = *latest;
    auto changed = impl_->repos().labels->ListChangedSince(transaction, since, limit + 1);
    if (!changed.ok()) return changed.status();
    more = changed->size() > static_cast<std::size_t>(limit);
    const std::size_t count = std::min(changed->size(), static_cast<std::size_t>(limit));
    labels.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      const StoredLabel& stored = (*changed)[i];
      labels.push_back({internal::EffectiveLabel(stored, stored.changed_at), stored.change_sequence,
                        stored.changed_at});
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return SignLabelExport(since, latest_sequence, more, labels, impl_->key);
}

}  // namespace iotmark::registry
