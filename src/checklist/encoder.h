// Writes a Checklist as JSON or YAML in the documented field order. Every
// field of basic_info and of each result is written, empty or not, so a
// template shows what is to be filled in; reading the output back gives an
// equal Checklist (JSON↔YAML round trip).
#ifndef IOTMARK_CHECKLIST_ENCODER_H_
#define IOTMARK_CHECKLIST_ENCODER_H_

#include <nlohmann/json.hpp>
#include <string>

#include "checklist/checklist.h"
#include "checklist/document.h"

namespace iotmark::checklist {

nlohmann::ordered_json EncodeChecklist(const Checklist& checklist);
// Pretty-printed text ending in a newline.
std::string ChecklistToText(const Checklist& checklist, Format format);

}  // namespace iotmark::checklist

#endif  // IOTMARK_CHECKLIST_ENCODER_H_
