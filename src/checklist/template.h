// A blank checklist for a scheme: every criterion of the pack (or of one of
// its levels), in catalog order, with nothing filled in (validation rejects it
// until it is filled).
#ifndef IOTMARK_CHECKLIST_TEMPLATE_H_
#define IOTMARK_CHECKLIST_TEMPLATE_H_

#include "catalog/catalog.h"
#include "checklist/checklist.h"

namespace iotmark::checklist {

Checklist MakeTemplate(const catalog::Pack& pack);
// For `level` of the pack, answering `criteria` (catalog::Pack::LevelCriteria).
Checklist MakeTemplate(const catalog::Pack& pack, std::string_view level,
                       const std::vector<catalog::Requirement>& criteria);

}  // namespace iotmark::checklist

#endif  // IOTMARK_CHECKLIST_TEMPLATE_H_
