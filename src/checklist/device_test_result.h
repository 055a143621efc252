// Recording the outcome of a device test (実機テスト) in a checklist, for
// `iotmark checklist apply-devtest` and anything else that runs tests.
#ifndef IOTMARK_CHECKLIST_DEVICE_TEST_RESULT_H_
#define IOTMARK_CHECKLIST_DEVICE_TEST_RESULT_H_

#include <string_view>
#include <vector>

#include "checklist/checklist.h"
#include "common/status.h"

namespace iotmark::checklist {

// Sets the result of `criterion` to `verdict` with method device-test and
// merges `evidence` into it: an entry with the same path replaces the old
// one (new hash), others are appended in order. The result is added when the
// checklist has none for `criterion`. A non-NA verdict clears na_reason; a
// non-empty `note` replaces the note. kInvalidArgument when `criterion` is
// empty, `verdict` is kUnset, or an evidence entry has a malformed path or
// hash (then nothing is changed). Evidence paths must already be relative to
// the checklist's folder (see MakeEvidencePath).
Status ApplyDeviceTestResult(Checklist& checklist, std::string_view criterion, Verdict verdict,
                             const std::vector<Evidence>& evidence, std::string_view note = {});

// Adds or refreshes one evidence entry of `criterion` (same path → new hash
// and description), adding the result when absent. The entry is checked as
// above.
Status AddEvidence(Checklist& checklist, std::string_view criterion, const Evidence& evidence);

}  // namespace iotmark::checklist

#endif  // IOTMARK_CHECKLIST_DEVICE_TEST_RESULT_H_
