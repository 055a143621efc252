#include "common/status.h"

namespace iotmark {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kInvalidArgument:
      return "invalid argument";
    case StatusCode::kNotFound:
      return "not found";
    case StatusCode::kAlreadyExists:
      return "already exists";
    case StatusCode::kPermissionDenied:
      return "permission denied";
    case StatusCode::kUnauthenticated:
      return "unauthenticated";
    case StatusCode::kFailedPrecondition:
      return "failed precondition";
    case StatusCode::kParseError:
      return "parse error";
    case StatusCode::kIoError:
      return "I/O error";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kResourceExhausted:
      return "too many requests";
    case StatusCode::kInternal:
      return "internal error";
  }
  return "unknown";
}

std::string Status::MessageWithField() const {
  return field_.empty() ? message_ : field_ + ": " + message_;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(StatusCodeName(code_)) + ": " + MessageWithField();
}

Status Status::WithPrefix(std::string_view prefix) const {
  if (ok()) return *this;
  Status copy = *this;
  copy.message_ = std::string(prefix) + ": " + message_;
  return copy;
}

Status Status::WithField(std::string field) const {
  if (ok()) return *this;
  Status copy = *this;
  copy.field_ = std::move(field);
  return copy;
}

Status Status::WithRetryAfter(std::chrono::seconds wait) const {
  if (ok()) return *this;
  Status copy = *this;
  copy.retry_after_ = wait;
  return copy;
}

}  // namespace iotmark
