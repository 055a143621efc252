#include "persistence/label_status_sql.h"

#include <string_view>

namespace iotmark::persistence {

std::string LabelStatusCondition(registry::LabelStatus status, std::int64_t now,
                                 std::vector<store::Value>& params) {
  using registry::LabelStatus;
  constexpr std::string_view kDeadlineCounts =
      "(l.surveillance_evidence_at IS NULL OR l.surveillance_evidence_at > "
      "l.surveillance_deadline)";
  switch (status) {
    case LabelStatus::kActive:
      params.push_back(now);
      return "l.status = 'active' AND l.valid_until > ?";
    case LabelStatus::kExpired:
      params.insert(params.end(), {now, now, now});
      return "l.status = 'expired' OR (l.status = 'active' AND l.valid_until <= ?) OR "
             "(l.status = 'under-surveillance' AND l.valid_until <= ? AND (NOT " +
             std::string(kDeadlineCounts) +
             " OR l.surveillance_deadline > ? OR l.valid_until <= l.surveillance_deadline))";
    case LabelStatus::kRevoked:
      params.push_back(now);
      return "l.status = 'revoked' OR (l.status = 'under-surveillance' AND " +
             std::string(kDeadlineCounts) +
             " AND l.surveillance_deadline <= ? AND l.surveillance_deadline < l.valid_until)";
    case LabelStatus::kWithdrawn:
      return "l.status = 'withdrawn'";
    case LabelStatus::kUnderSurveillance:
      params.insert(params.end(), {now, now});
      return "l.status = 'under-surveillance' AND l.valid_until > ? AND (NOT " +
             std::string(kDeadlineCounts) + " OR l.surveillance_deadline > ?)";
  }
  return "0 = 1";
}

}  // namespace iotmark::persistence
