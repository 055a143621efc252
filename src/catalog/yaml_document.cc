#include "catalog/yaml_document.h"

#include <yaml-cpp/eventhandler.h>

#include <exception>
#include <optional>
#include <sstream>

#include "common/files.h"
#include "common/log_text.h"
#include "common/utf8.h"

namespace iotmark::catalog {
namespace {

std::string Position(const std::string& file_name, const YAML::Mark& mark) {
  if (mark.is_null()) return file_name;
  return file_name + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

// True for a node's explicit tag ("!foo", "!!binary"); yaml-cpp reports an
// untagged node as "?" (plain) or "!" (quoted).
bool IsExplicitTag(const std::string& tag) { return tag != "?" && tag != "!" && !tag.empty(); }

// Walks the event stream once and remembers the first anchor, alias or tag. The
// walk is linear in the size of the text: aliases are seen, never expanded.
class AliasFinder final : public YAML::EventHandler {
 public:
  std::optional<YAML::Mark> first_alias;
  std::optional<YAML::Mark> first_anchor;
  std::optional<YAML::Mark> first_tag;
  std::string tag;  // the first tag

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { Note(mark, anchor); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    if (!first_alias) first_alias = mark;
  }
  void OnScalar(const YAML::Mark& mark, const std::string& node_tag, YAML::anchor_t anchor,
                const std::string&) override {
    Note(mark, anchor, node_tag);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& node_tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Note(mark, anchor, node_tag);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string& node_tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Note(mark, anchor, node_tag);
  }
  void OnMapEnd() override {}

 private:
  void Note(const YAML::Mark& mark, YAML::anchor_t anchor, const std::string& node_tag = "?") {
    if (anchor != YAML::NullAnchor && !first_anchor) first_anchor = mark;
    if (IsExplicitTag(node_tag) && !first_tag) {
      first_tag = mark;
      tag = node_tag;
    }
  }
};

}  // namespace

Result<YAML::Node> ParseYamlDocument(std::string_view text, const std::string& file_name) {
  if (auto bad = FindInvalidUtf8(text)) {
    TextPosition position = PositionOfOffset(text, *bad);
    return Status::ParseError(file_name + ":" + std::to_string(position.line) + ":" +
                              std::to_string(position.column) + ": invalid UTF-8 (byte offset " +
                              std::to_string(*bad) + ")");
  }
  if (auto bad = FindYamlControlCharacter(text)) {
    TextPosition position = PositionOfOffset(text, *bad);
    return Status::ParseError(file_name + ":" + std::to_string(position.line) + ":" +
                              std::to_string(position.column) +
                              ": a control character YAML does not allow (byte " +
                              std::to_string(static_cast<unsigned char>(text[*bad])) + ")");
  }
  try {
    std::istringstream stream{std::string(text)};
    YAML::Parser parser(stream);
    AliasFinder finder;
    if (!parser.HandleNextDocument(finder)) {
      return Status::ParseError(file_name + ": empty file, expected a YAML mapping");
    }
    if (finder.first_anchor) {
      return Status::ParseError(Position(file_name, *finder.first_anchor) +
                                ": YAML anchors (&name) are not allowed in scheme packs");
    }
    if (finder.first_alias) {
      return Status::ParseError(Position(file_name, *finder.first_alias) +
                                ": YAML aliases (*name) are not allowed in scheme packs");
    }
    if (finder.first_tag) {
      return Status::ParseError(Position(file_name, *finder.first_tag) + ": YAML tag " +
                                CutForLog(finder.tag, 64) +
                                " is not allowed in scheme packs / YAMLのタグは使えません");
    }
    AliasFinder rest;
    if (parser.HandleNextDocument(rest)) {
      return Status::ParseError(file_name +
                                ": more than one YAML document (---); a pack file holds one");
    }
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& error) {
    return Status::ParseError(Position(file_name, error.mark) +
                              ": YAML syntax error: " + CutForLog(error.msg));
  } catch (const std::exception& error) {
    return Status::ParseError(file_name + ": cannot parse YAML: " + CutForLog(error.what()));
  }
}

Result<YAML::Node> LoadYamlDocument(const std::filesystem::path& path, std::uint64_t max_bytes) {
  Result<std::string> text = ReadFile(path, max_bytes);
  if (!text.ok()) return text.status();
  return ParseYamlDocument(*text, path.string());
}

}  // namespace iotmark::catalog
