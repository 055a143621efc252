// Status and Result<T>: the one error type of iotmark.
//
// A Status is either OK or carries a code, a human message, and structured
// detail as data beside the message: the field (or file/line) at fault and how
// long to wait before trying again. Callers read the detail, never the text:
// the server answers `"field"` and `Retry-After` from it. Library code
// returns Status / Result<T>;
// exceptions from third-party libraries are caught at the boundary where they
// are thrown (parsers, database drivers) and turned into a Status.
// Both types are cheap to move and safe to copy; they hold no references.
#ifndef IOTMARK_COMMON_STATUS_H_
#define IOTMARK_COMMON_STATUS_H_

#include <cassert>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace iotmark {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the input is wrong (bad field, bad value)
  kNotFound,         // a named thing does not exist
  kAlreadyExists,
  kPermissionDenied,  // authenticated but not allowed
  kUnauthenticated,
  kFailedPrecondition,  // state does not allow this (e.g. a refused transition)
  kParseError,          // the input could not be read or parsed at all
  kIoError,             // file system or network failure
  kUnavailable,         // a peer or the store did not answer (try again later)
  kResourceExhausted,   // too many attempts or requests (throttled; try again later)
  kInternal,
};

std::string_view StatusCodeName(StatusCode code);

class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status PermissionDenied(std::string m) {
    return {StatusCode::kPermissionDenied, std::move(m)};
  }
  static Status Unauthenticated(std::string m) {
    return {StatusCode::kUnauthenticated, std::move(m)};
  }
  static Status FailedPrecondition(std::string m) {
    return {StatusCode::kFailedPrecondition, std::move(m)};
  }
  static Status ParseError(std::string m) { return {StatusCode::kParseError, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
  static Status ResourceExhausted(std::string m) {
    return {StatusCode::kResourceExhausted, std::move(m)};
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // The message without the field (see MessageWithField for one line).
  const std::string& message() const { return message_; }
  // The input at fault as a path: "$.email", "$.items[2].status" (JSON
  // body), "$query.q", "$path.id", or a file's "line 3"; empty when none.
  const std::string& field() const { return field_; }
  // How long to wait before trying again (throttling, an unavailable store).
  std::optional<std::chrono::seconds> retry_after() const { return retry_after_; }

  // "<field>: <message>" (just the message when there is no field).
  std::string MessageWithField() const;
  // "<code name>: <field>: <message>", or "OK".
  std::string ToString() const;

  // Copies with one part replaced; the rest (detail included) is kept.
  // WithPrefix: message "<prefix>: <message>".
  Status WithPrefix(std::string_view prefix) const;
  Status WithField(std::string field) const;
  Status WithRetryAfter(std::chrono::seconds wait) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
  std::optional<std::chrono::seconds> retry_after_;
};

// Either a value or a non-OK Status. Accessing value() of an error is a bug
// (asserted in debug builds).
template <typename T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(data_).ok() && "Result built from an OK status");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(data_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(data_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(data_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace iotmark

// Returns early from the enclosing function when `expr` yields a non-OK Status.
#define IOTMARK_RETURN_IF_ERROR(expr)                  \
  do {                                                 \
    ::iotmark::Status iotmark_status_ = (expr);        \
    if (!iotmark_status_.ok()) return iotmark_status_; \
  } while (0)

#endif  // IOTMARK_COMMON_STATUS_H_
