// Calendar dates written as YYYY-MM-DD.
#ifndef IOTMARK_CHECKLIST_DATE_H_
#define IOTMARK_CHECKLIST_DATE_H_

#include <string_view>

namespace iotmark::checklist {

// True when `text` is exactly YYYY-MM-DD and names a real day of the
// Gregorian calendar (2025-02-29 is false, 2028-02-29 true), year 1900–9999.
bool IsValidDate(std::string_view text);

}  // namespace iotmark::checklist

#endif  // IOTMARK_CHECKLIST_DATE_H_
