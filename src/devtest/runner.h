// Runs every device test case of a target in a fixed order and writes the
// report (DIR/report.json) and the logs (DIR/logs/).
#ifndef IOTMARK_DEVTEST_RUNNER_H_
#define IOTMARK_DEVTEST_RUNNER_H_

#include <filesystem>
#include <ostream>

#include "common/clock.h"
#include "common/status.h"
#include "devtest/report.h"
#include "devtest/target.h"

namespace iotmark::devtest {

// Progress lines go to `progress`. Errors (kIoError) only when the output
// folder cannot be written; device problems become case verdicts.
Result<Report> RunDeviceTest(const Target& target, const std::filesystem::path& out_dir,
                             const Clock& clock, std::ostream& progress);

}  // namespace iotmark::devtest

#endif  // IOTMARK_DEVTEST_RUNNER_H_
