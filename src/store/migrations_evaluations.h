// Migration 10: third-party evaluation of ★3/★4 applications (see the .cc).
#ifndef IOTMARK_STORE_MIGRATIONS_EVALUATIONS_H_
#define IOTMARK_STORE_MIGRATIONS_EVALUATIONS_H_

#include <string_view>

namespace iotmark::store {

extern const std::string_view kEvaluationsSchema;

}  // namespace iotmark::store

#endif  // IOTMARK_STORE_MIGRATIONS_EVALUATIONS_H_
