// Migration 9: the login-throttle counters in the store (see the .cc).
#ifndef IOTMARK_STORE_MIGRATIONS_LOGIN_THROTTLE_H_
#define IOTMARK_STORE_MIGRATIONS_LOGIN_THROTTLE_H_

#include <string_view>

namespace iotmark::store {

extern const std::string_view kLoginThrottleSchema;

}  // namespace iotmark::store

#endif  // IOTMARK_STORE_MIGRATIONS_LOGIN_THROTTLE_H_
