// The label status as read (EffectiveLabelStatus in registry/lifecycle.cc),
// as a portable SQL condition over the `labels` table aliased `l`: shared by
// the storage adapters so every backend filters by status the same way.
#ifndef IOTMARK_PERSISTENCE_LABEL_STATUS_SQL_H_
#define IOTMARK_PERSISTENCE_LABEL_STATUS_SQL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "registry/types.h"
#include "store/store.h"

namespace iotmark::persistence {

// The condition (with `?` placeholders, their values appended to `params`)
// that holds for the labels reading `status` at `now_seconds`.
std::string LabelStatusCondition(registry::LabelStatus status, std::int64_t now_seconds,
                                 std::vector<store::Value>& params);

}  // namespace iotmark::persistence

#endif  // IOTMARK_PERSISTENCE_LABEL_STATUS_SQL_H_
