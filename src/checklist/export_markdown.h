// The checklist as a readable Markdown report (Japanese first, English
// beside): basic information, a summary, one table row per criterion, the
// criterion texts with each answer, and the validation problems.
#ifndef IOTMARK_CHECKLIST_EXPORT_MARKDOWN_H_
#define IOTMARK_CHECKLIST_EXPORT_MARKDOWN_H_

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "checklist/checklist.h"
#include "checklist/problem.h"

namespace iotmark::checklist {

// `pack` supplies criterion texts and may be nullptr.
std::string ExportMarkdown(const Checklist& checklist, const catalog::Pack* pack,
                           const std::vector<Problem>& problems);

}  // namespace iotmark::checklist

#endif  // IOTMARK_CHECKLIST_EXPORT_MARKDOWN_H_
