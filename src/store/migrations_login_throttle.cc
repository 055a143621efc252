#include "store/migrations_login_throttle.h"

namespace iotmark::store {

// login_throttle: consecutive failed logins per account (scope 'account',
//   the normalised email) and per client address (scope 'address'), shared
//   by every server on the store (registry/login_throttle.h). Times in
//   seconds; rows whose last failure is older than the throttle's
//   forget_after are deleted now and then.
const std::string_view kLoginThrottleSchema = R"sql(
CREATE TABLE login_throttle (
  scope TEXT NOT NULL,
  throttle_key TEXT NOT NULL,
  failures BIGINT NOT NULL,
  last_failure_at BIGINT NOT NULL,
  locked_until BIGINT NOT NULL,
  PRIMARY KEY (scope, throttle_key)
);
CREATE INDEX login_throttle_last_failure ON login_throttle(last_failure_at);
)sql";

}  // namespace iotmark::store
