// Label registration numbers (登録番号).
//
// Format: "JCS<stars>-<YYYY>-<NNNNNN>-<C>", e.g. "JCS1-2026-000123-4":
//   <stars>  the level (1…4), <YYYY> the year of issue (UTC),
//   <NNNNNN> the issue sequence within that year (000001…999999),
//   <C>      a Damm check digit over the 11 digits stars‖YYYY‖NNNNNN.
// The Damm algorithm (weakly totally anti-symmetric quasigroup of order 10)
// detects every single-digit error and every adjacent transposition.
#ifndef IOTMARK_REGISTRY_REGISTRATION_NUMBER_H_
#define IOTMARK_REGISTRY_REGISTRATION_NUMBER_H_

#include <string>
#include <string_view>

#include "common/status.h"

namespace iotmark::registry {

struct RegistrationNumber {
  int stars = 1;
  int year = 2026;
  int sequence = 1;
};

// The Damm check digit of a string of decimal digits (0 for "").
int DammCheckDigit(std::string_view digits);
Result<std::string> FormatRegistrationNumber(const RegistrationNumber& number);
// Checks the format and the check digit; the error says which part is wrong.
Result<RegistrationNumber> ParseRegistrationNumber(std::string_view text);

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_REGISTRATION_NUMBER_H_
