// Registration numbers with a Damm check digit.
#include "registry/registration_number.h"

#include <cstdio>
#include <string>

namespace iotmark::registry {
namespace {

// The Damm operation table (a totally anti-symmetric quasigroup of order 10).
constexpr int kDammTable[10][10] = {{0, 3, 1, 7, 5, 9, 8, 6, 4, 2}, {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
                                    {4, 2, 0, 6, 8, 7, 1, 3, 5, 9}, {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
                                    {6, 1, 2, 3, 0, 4, 5, 9, 7, 8}, {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
                                    {5, 8, 6, 9, 7, 2, 0, 1, 3, 4}, {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
                                    {9, 4, 3, 8, 6, 1, 7, 2, 0, 5}, {2, 5, 8, 1, 4, 3, 6, 7, 9, 0}};

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string Digits(const RegistrationNumber& number) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%d%04d%06d", number.stars, number.year, number.sequence);
  return buffer;
}

}  // namespace

int DammCheckDigit(std::string_view digits) {
  int interim = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') continue;
    interim = kDammTable[interim][c - '0'];
  }
  return interim;
}

Result<std::string> FormatRegistrationNumber(const RegistrationNumber& number) {
  if (number.stars < 1 || number.stars > 4) {
    return Status::InvalidArgument("registration number: level must be 1…4");
  }
  if (number.year < 2000 || number.year > 9999) {
    return Status::InvalidArgument("registration number: year out of range");
  }
  if (number.sequence < 1 || number.sequence > 999999) {
    return Status::InvalidArgument("registration number: sequence must be 1…999999");
  }
  char buffer[40];
  std::snprintf(buffer, sizeof(buffer), "JCS%d-%04d-%06d-%d", number.stars, number.year,
                number.sequence, DammCheckDigit(Digits(number)));
  return std::string(buffer);
}

Result<RegistrationNumber> ParseRegistrationNumber(std::string_view text) {
  auto invalid = [&](std::string why) {
    return Status::InvalidArgument("registration number '" + std::string(text.substr(0, 40)) +
                                   "': " + why +
                                   " (expected JCS<1-4>-<YYYY>-<NNNNNN>-<check digit>) / "
                                   "登録番号の形式が正しくありません");
  };
  // "JCS1-2026-000123-4" is 18 characters.
  if (text.size() != 18 || text.substr(0, 3) != "JCS" || text[4] != '-' || text[9] != '-' ||
      text[16] != '-') {
    return invalid("wrong shape");
  }
  std::string_view stars = text.substr(3, 1);
  std::string_view year = text.substr(5, 4);
  std::string_view sequence = text.substr(10, 6);
  std::string_view check = text.substr(17, 1);
  if (!AllDigits(stars) || stars[0] < '1' || stars[0] > '4') return invalid("level must be 1…4");
  if (!AllDigits(year)) return invalid("year is not 4 digits");
  if (!AllDigits(sequence)) return invalid("sequence is not 6 digits");
  if (!AllDigits(check)) return invalid("check digit is not a digit");
  RegistrationNumber number;
  number.stars = stars[0] - '0';
  number.year = std::stoi(std::string(year));
  number.sequence = std::stoi(std::string(sequence));
  if (number.sequence == 0) return invalid("sequence 000000 is never issued");
  if (number.year < 2000) return invalid("year out of range");
  int expected = DammCheckDigit(Digits(number));
  if (check[0] - '0' != expected) return invalid("check digit does not match");
  return number;
}

}  // namespace iotmark::registry
