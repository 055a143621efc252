// Reads and checks the `workflow:` section of a pack file (catalog/workflow.h).
// ParseWorkflow checks shapes and types within one file; CheckWorkflow runs
// after the pack's files are merged (label states name the pack's
// label_statuses, levels and fee rules may sit in other files) and checks the
// graph: known states, reachability from the initial state, known roles.
#ifndef IOTMARK_CATALOG_WORKFLOW_PARSER_H_
#define IOTMARK_CATALOG_WORKFLOW_PARSER_H_

#include <yaml-cpp/yaml.h>

#include <optional>

#include "catalog/catalog.h"
#include "catalog/node_reader.h"
#include "common/status.h"

namespace iotmark::catalog {

// `root["workflow"]`, when present, into `*out`.
Status ParseWorkflow(const NodeReader& reader, const YAML::Node& root,
                     std::optional<Workflow>* out);

// Checks `pack.workflow` against the merged pack and fills the label states'
// names from its label_statuses. Errors name file, line and field.
Status CheckWorkflow(Pack* pack);

}  // namespace iotmark::catalog

#endif  // IOTMARK_CATALOG_WORKFLOW_PARSER_H_
