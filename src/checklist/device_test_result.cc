#include "checklist/device_test_result.h"

#include "checklist/evidence_paths.h"

namespace iotmark::checklist {
namespace {

Status CheckEvidenceEntry(const Evidence& evidence) {
  IOTMARK_RETURN_IF_ERROR(CheckEvidencePathForm(evidence.path).WithPrefix(evidence.path));
  if (!IsSha256Hex(evidence.sha256)) {
    return Status::InvalidArgument(
        evidence.path +
        ": sha256 は 64 桁の小文字 16 進数 / sha256 must be 64 lowercase "
        "hex digits");
  }
  return Status::Ok();
}

void Merge(CriterionResult& result, const Evidence& evidence) {
  for (Evidence& existing : result.evidence) {
    if (existing.path == evidence.path) {
      existing.sha256 = evidence.sha256;
      if (!evidence.description.empty()) existing.description = evidence.description;
      return;
    }
  }
  result.evidence.push_back(evidence);
}

}  // namespace

Status ApplyDeviceTestResult(Checklist& checklist, std::string_view criterion, Verdict verdict,
                             const std::vector<Evidence>& evidence, std::string_view note) {
  if (criterion.empty()) return Status::InvalidArgument("criterion id is empty");
  if (verdict == Verdict::kUnset) {
    return Status::InvalidArgument(std::string(criterion) + ": a device-test verdict is required");
  }
  for (const Evidence& entry : evidence) IOTMARK_RETURN_IF_ERROR(CheckEvidenceEntry(entry));
  CriterionResult& result = checklist.FindOrAddResult(criterion);
  result.verdict = verdict;
  result.method = Method::kDeviceTest;
  if (verdict != Verdict::kNotApplicable) result.na_reason.clear();
  for (const Evidence& entry : evidence) Merge(result, entry);
  if (!note.empty()) result.note = std::string(note);
  return Status::Ok();
}

Status AddEvidence(Checklist& checklist, std::string_view criterion, const Evidence& evidence) {
  if (criterion.empty()) return Status::InvalidArgument("criterion id is empty");
  IOTMARK_RETURN_IF_ERROR(CheckEvidenceEntry(evidence));
  Merge(checklist.FindOrAddResult(criterion), evidence);
  return Status::Ok();
}

}  // namespace iotmark::checklist
