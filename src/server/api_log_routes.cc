// The transparency log: signed tree head, entries, inclusion and
// consistency proofs (RFC 6962 / RFC 9162 hashing; base64 hashes).
#include "server/api_error.h"
#include "server/api_json.h"
#include "server/api_routes.h"

namespace iotmark::server {

void AddLogRoutes(Router& router, ApiContext& context) {
  ApiContext* c = &context;
  router.Add("GET", "/api/v1/log/tree-head",
             [c](HttpRequest&) { return Respond(c->registry.GetTreeHead(), TreeHeadToJson); });
  router.Add("GET", "/api/v1/log/entries/{index}", [c](HttpRequest& request) {
    const std::string& text = request.Param("index");
    if (text.empty() || text.size() > 18 ||
        text.find_first_not_of("0123456789") != std::string::npos) {
      return ErrorResponse(400, "invalid_field", "index は整数 / index must be an integer",
                           "$path.index");
    }
    return Respond(c->registry.GetLogEntry(std::stoull(text)), LogEntryToJson);
  });
  router.Add("GET", "/api/v1/log/inclusion", [c](HttpRequest& request) {
    auto index = UnsignedQuery(request, "index");
    if (!index.ok()) return ErrorFromStatus(index.status());
    if (!*index)
      return ErrorResponse(400, "invalid_field", "index が必要です / index is required",
                           "$query.index");
    auto tree_size = UnsignedQuery(request, "tree_size");
    if (!tree_size.ok()) return ErrorFromStatus(tree_size.status());
    std::uint64_t size = 0;
    if (*tree_size) {
      size = **tree_size;
    } else {
      auto head = c->registry.GetTreeHead();
      if (!head.ok()) return ErrorFromStatus(head.status());
      size = head->tree_size;
    }
    return Respond(c->registry.GetInclusionProof(**index, size), InclusionProofToJson);
  });
  router.Add("GET", "/api/v1/log/consistency", [c](HttpRequest& request) {
    auto first = UnsignedQuery(request, "first");
    if (!first.ok()) return ErrorFromStatus(first.status());
    auto second = UnsignedQuery(request, "second");
    if (!second.ok()) return ErrorFromStatus(second.status());
    if (!*first)
      return ErrorResponse(400, "invalid_field", "first が必要です / first is required",
                           "$query.first");
    if (!*second)
      return ErrorResponse(400, "invalid_field", "second が必要です / second is required",
                           "$query.second");
    return Respond(c->registry.GetConsistencyProof(**first, **second), ConsistencyProofToJson);
  });
}

void AddApiRoutes(Router& router, ApiContext& context) {
  AddAccountRoutes(router, context);
  AddProductRoutes(router, context);
  AddApplicationRoutes(router, context);
  AddEvaluationRoutes(router, context);
  AddLabelRoutes(router, context);
  AddReportRoutes(router, context);
  AddLogRoutes(router, context);
  AddFeedRoutes(router, context);
}

}  // namespace iotmark::server
