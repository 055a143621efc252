#include "devtest/service_probes.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "common/files.h"
#include "devtest/service_probes_data.h"

namespace iotmark::devtest {

namespace {

// nmap's own limits for a single match (service_scan.cc uses the same order).
constexpr std::uint32_t kMatchLimit = 100000;
constexpr std::uint32_t kDepthLimit = 10000;

struct CodeFree {
  void operator()(pcre2_code* code) const { pcre2_code_free(code); }
};

}  // namespace

struct ServiceProbes::Rule {
  int line = 0;
  bool soft = false;
  std::string service;
  std::string pattern;
  std::uint32_t options = 0;
  std::string product, version, info, os, device;
  std::vector<std::string> cpes;
  mutable std::unique_ptr<pcre2_code, CodeFree> compiled;
  mutable bool compile_failed = false;
};

struct ServiceProbes::Section {
  ServiceProbe probe;
  std::vector<Rule> rules;
};

namespace {

// Reads a delimited field like "|...|" starting at `position` (at the
// delimiter). Returns false on a missing closing delimiter.
bool ReadDelimited(const std::string& text, std::size_t& position, std::string& out) {
  if (position >= text.size()) return false;
  char delimiter = text[position];
  std::size_t end = text.find(delimiter, position + 1);
  if (end == std::string::npos) return false;
  out = text.substr(position + 1, end - position - 1);
  position = end + 1;
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Decodes nmap's probe string escapes (\0 \r \n \t \a \f \v \\ \xHH).
std::string DecodeProbeString(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 >= text.size()) {
      out.push_back(text[i]);
      continue;
    }
    char c = text[++i];
    switch (c) {
      case '0':
        out.push_back('\0');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'a':
        out.push_back('\a');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'v':
        out.push_back('\v');
        break;
      case 'x':
        if (i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
          out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
          i += 2;
        }
        break;
      default:
        out.push_back(c);
        break;
    }
  }
  return out;
}

std::vector<std::pair<std::uint16_t, std::uint16_t>> ParsePorts(const std::string& text) {
  std::vector<std::pair<std::uint16_t, std::uint16_t>> ranges;
  std::istringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    try {
      std::size_t dash = item.find('-');
      int low = std::stoi(item.substr(0, dash));
      int high = dash == std::string::npos ? low : std::stoi(item.substr(dash + 1));
      if (low >= 0 && high <= 65535 && low <= high) {
        ranges.emplace_back(static_cast<std::uint16_t>(low), static_cast<std::uint16_t>(high));
      }
    } catch (const std::exception&) {
      // a malformed item is ignored, like nmap's parser warns and goes on
    }
  }
  return ranges;
}

std::string Group(std::string_view subject, const PCRE2_SIZE* ovector, int count, std::size_t n) {
  if (n >= static_cast<std::size_t>(count)) return {};
  PCRE2_SIZE start = ovector[2 * n], end = ovector[2 * n + 1];
  if (start == PCRE2_UNSET || end < start) return {};
  return std::string(subject.substr(start, end - start));
}

// Reads a quoted argument of $SUBST/$I starting at `i` (at the quote).
bool ReadQuoted(const std::string& text, std::size_t& i, std::string& out) {
  if (i >= text.size() || text[i] != '"') return false;
  std::size_t end = text.find('"', i + 1);
  if (end == std::string::npos) return false;
  out = text.substr(i + 1, end - i - 1);
  i = end + 1;
  return true;
}

// Expands $1..$9, $P(n), $SUBST(n,"a","b") and $I(n,"<"|">").
std::string Expand(const std::string& text, std::string_view subject, const PCRE2_SIZE* ovector,
                   int count) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$' || i + 1 >= text.size()) {
      out.push_back(text[i]);
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      out += Group(subject, ovector, count, static_cast<std::size_t>(text[i + 1] - '0'));
      ++i;
      continue;
    }
    std::size_t open = text.find('(', i);
    std::size_t close = text.find(')', i);
    if (open == std::string::npos || close == std::string::npos || open > close) {
      out.push_back(text[i]);
      continue;
    }
    std::string function = text.substr(i + 1, open - i - 1);
    std::size_t position = open + 1;
    std::size_t group = 0;
    while (position < text.size() && std::isdigit(static_cast<unsigned char>(text[position]))) {
      group = group * 10 + static_cast<std::size_t>(text[position++] - '0');
    }
    std::string value = Group(subject, ovector, count, group);
    if (function == "P") {
      for (char c : value) {
        if (std::isprint(static_cast<unsigned char>(c))) out.push_back(c);
      }
    } else if (function == "SUBST") {
      std::string from, to;
      if (position < text.size() && text[position] == ',') ++position;
      bool ok = ReadQuoted(text, position, from);
      if (ok && position < text.size() && text[position] == ',') ++position;
      ok = ok && ReadQuoted(text, position, to);
      if (ok && !from.empty()) {
        for (std::size_t at = value.find(from); at != std::string::npos;
             at = value.find(from, at + to.size())) {
          value.replace(at, from.size(), to);
        }
      }
      out += value;
      close = text.find(')', position);
      if (close == std::string::npos) return out;
    } else if (function == "I") {
      std::string endian;
      if (position < text.size() && text[position] == ',') ++position;
      ReadQuoted(text, position, endian);
      unsigned long long number = 0;
      if (endian == ">") {
        for (unsigned char c : value) number = number * 256 + c;
      } else {
        for (auto it = value.rbegin(); it != value.rend(); ++it)
          number = number * 256 + static_cast<unsigned char>(*it);
      }
      if (!value.empty()) out += std::to_string(number);
      close = text.find(')', position);
      if (close == std::string::npos) return out;
    }
    i = close;
  }
  return out;
}

}  // namespace

bool ServiceProbe::ListsPort(std::uint16_t port, bool tls) const {
  for (const auto& [low, high] : tls ? sslports : ports) {
    if (port >= low && port <= high) return true;
  }
  return false;
}

ServiceProbes::ServiceProbes() = default;
ServiceProbes::ServiceProbes(ServiceProbes&&) noexcept = default;
ServiceProbes& ServiceProbes::operator=(ServiceProbes&&) noexcept = default;
ServiceProbes::~ServiceProbes() = default;

std::size_t ServiceProbes::size() const {
  std::size_t total = 0;
  for (const auto& section : sections_) total += section->rules.size();
  return total;
}

std::size_t ServiceProbes::probe_count() const { return sections_.size(); }

Result<ServiceProbes> ServiceProbes::Load(const std::filesystem::path& path) {
  auto text = ReadFile(path, 64u << 20);
  if (!text.ok()) return text.status();
  auto probes = Parse(*text);
  if (!probes.ok()) return probes.status().WithPrefix(path.string());
  return probes;
}

Result<ServiceProbes> ServiceProbes::LoadWithIotmarkProbes(const std::filesystem::path& path) {
  auto text = ReadFile(path, 64u << 20);
  if (!text.ok()) return text.status();
  auto probes = Parse(*text + "\n" + kIotmarkServiceProbes);
  if (!probes.ok()) return probes.status().WithPrefix(path.string());
  return probes;
}

Result<ServiceProbes> ServiceProbes::Parse(const std::string& text) {
  ServiceProbes probes;
  std::istringstream stream(text);
  std::string line;
  int number = 0;
  bool seen_null_probe = false;
  Section* current = nullptr;
  while (std::getline(stream, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("Probe ", 0) == 0) {
      // Probe <TCP|UDP> <name> q|payload| [no-payload]
      std::istringstream fields(line.substr(6));
      auto section = std::make_unique<Section>();
      fields >> section->probe.protocol >> section->probe.name;
      std::size_t q = line.find(" q", 6);
      std::string payload;
      if (q != std::string::npos) {
        std::size_t position = q + 2;
        if (ReadDelimited(line, position, payload)) {
          section->probe.payload = DecodeProbeString(payload);
        }
      }
      section->probe.line = number;
      if (section->probe.protocol == "TCP" && section->probe.name == "NULL") seen_null_probe = true;
      probes.sections_.push_back(std::move(section));
      current = probes.sections_.back().get();
      continue;
    }
    if (current == nullptr) continue;
    ServiceProbe& probe = current->probe;
    if (line.rfind("ports ", 0) == 0) {
      probe.ports = ParsePorts(line.substr(6));
      continue;
    }
    if (line.rfind("sslports ", 0) == 0) {
      probe.sslports = ParsePorts(line.substr(9));
      continue;
    }
    if (line.rfind("rarity ", 0) == 0 || line.rfind("totalwaitms ", 0) == 0) {
      try {
        int value = std::stoi(line.substr(line.find(' ') + 1));
        (line[0] == 'r' ? probe.rarity : probe.total_wait_ms) = value;
      } catch (const std::exception&) {
      }
      continue;
    }
    if (line.rfind("fallback ", 0) == 0) {
      std::istringstream list(line.substr(9));
      std::string name;
      while (std::getline(list, name, ',')) {
        name.erase(std::remove_if(name.begin(), name.end(),
                                  [](unsigned char c) { return std::isspace(c); }),
                   name.end());
        if (!name.empty()) probe.fallbacks.push_back(name);
      }
      continue;
    }
    bool soft = line.rfind("softmatch ", 0) == 0;
    if (!soft && line.rfind("match ", 0) != 0) continue;
    Rule rule;
    rule.line = number;
    rule.soft = soft;
    std::size_t position = soft ? 10 : 6;
    std::size_t space = line.find(' ', position);
    if (space == std::string::npos) continue;
    rule.service = line.substr(position, space - position);
    position = space + 1;
    if (position >= line.size() || line[position] != 'm') continue;
    ++position;
    if (!ReadDelimited(line, position, rule.pattern)) continue;
    while (position < line.size() && line[position] != ' ') {
      if (line[position] == 'i') rule.options |= PCRE2_CASELESS;
      if (line[position] == 's') rule.options |= PCRE2_DOTALL;
      ++position;
    }
    // Version fields: p/…/ v/…/ i/…/ h/…/ o/…/ d/…/ cpe:/…/[a]
    while (position < line.size()) {
      while (position < line.size() && line[position] == ' ') ++position;
      if (position >= line.size()) break;
      std::string value;
      if (line.compare(position, 4, "cpe:") == 0) {
        position += 4;
        if (!ReadDelimited(line, position, value)) break;
        rule.cpes.push_back("cpe:/" + value);
        if (position < line.size() && line[position] == 'a') ++position;
      } else {
        char field = line[position++];
        if (!ReadDelimited(line, position, value)) break;
        if (field == 'p') rule.product = value;
        if (field == 'v') rule.version = value;
        if (field == 'i') rule.info = value;
        if (field == 'o') rule.os = value;
        if (field == 'd') rule.device = value;
      }
    }
    current->rules.push_back(std::move(rule));
  }
  if (!seen_null_probe) return Status::ParseError("no 'Probe TCP NULL' section");
  return probes;
}

const ServiceProbe* ServiceProbes::Find(std::string_view name, std::string_view protocol) const {
  for (const auto& section : sections_) {
    if (section->probe.name == name && section->probe.protocol == protocol) return &section->probe;
  }
  return nullptr;
}

bool ServiceProbes::CanIdentify(const ServiceProbe& probe, std::string_view service) const {
  std::vector<std::string> names{probe.name};
  names.insert(names.end(), probe.fallbacks.begin(), probe.fallbacks.end());
  for (const auto& section : sections_) {
    if (section->probe.protocol != probe.protocol) continue;
    if (std::find(names.begin(), names.end(), section->probe.name) == names.end()) continue;
    for (const Rule& rule : section->rules) {
      if (!rule.soft && rule.service == service) return true;
    }
  }
  return false;
}

std::vector<const ServiceProbe*> ServiceProbes::ProbesFor(std::uint16_t port, bool tls,
                                                          int max_rarity) const {
  std::vector<const ServiceProbe*> listed, others;
  for (const auto& section : sections_) {
    const ServiceProbe& probe = section->probe;
    if (probe.protocol != "TCP" || probe.name == "NULL") continue;
    if (probe.ListsPort(port, tls)) {
      listed.push_back(&probe);
    } else if (probe.rarity <= max_rarity) {
      others.push_back(&probe);
    }
  }
  std::stable_sort(others.begin(), others.end(), [](const ServiceProbe* a, const ServiceProbe* b) {
    return a->rarity < b->rarity;
  });
  listed.insert(listed.end(), others.begin(), others.end());
  return listed;
}

std::optional<ServiceMatch> ServiceProbes::MatchSection(const Section& section,
                                                        std::string_view reply,
                                                        std::optional<ServiceMatch>& soft) const {
  for (const Rule& rule : section.rules) {
    if (rule.compile_failed) continue;
    if (soft && rule.soft) continue;  // the first softmatch is kept
    if (!rule.compiled) {
      int error = 0;
      PCRE2_SIZE offset = 0;
      pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(rule.pattern.data()),
                                       rule.pattern.size(), rule.options, &error, &offset, nullptr);
      if (code == nullptr) {
        rule.compile_failed = true;
        continue;
      }
      rule.compiled.reset(code);
    }
    pcre2_match_data* data = pcre2_match_data_create_from_pattern(rule.compiled.get(), nullptr);
    pcre2_match_context* context = pcre2_match_context_create(nullptr);
    pcre2_set_match_limit(context, kMatchLimit);
    pcre2_set_depth_limit(context, kDepthLimit);
    int count = pcre2_match(rule.compiled.get(), reinterpret_cast<PCRE2_SPTR>(reply.data()),
                            reply.size(), 0, 0, data, context);
    std::optional<ServiceMatch> result;
    if (count > 0) {
      const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data);
      ServiceMatch match;
      match.service = rule.service;
      match.soft = rule.soft;
      match.probe = section.probe.name;
      match.line = rule.line;
      match.product = Expand(rule.product, reply, ovector, count);
      match.version = Expand(rule.version, reply, ovector, count);
      match.info = Expand(rule.info, reply, ovector, count);
      match.os = Expand(rule.os, reply, ovector, count);
      match.device = Expand(rule.device, reply, ovector, count);
      for (const std::string& cpe : rule.cpes) {
        match.cpes.push_back(Expand(cpe, reply, ovector, count));
      }
      result = std::move(match);
    }
    pcre2_match_context_free(context);
    pcre2_match_data_free(data);
    if (!result) continue;
    if (!result->soft) return result;
    soft = std::move(result);
  }
  return std::nullopt;
}

std::optional<ServiceMatch> ServiceProbes::Match(std::string_view reply,
                                                 std::string_view probe_name,
                                                 std::string_view protocol) const {
  if (reply.empty()) return std::nullopt;
  std::vector<const Section*> order;
  // A fallback names a probe of either protocol (nmap's DNSVersionBindReqTCP
  // falls back to the UDP DNSVersionBindReq lines); the probe itself and NULL
  // are looked up in `protocol`.
  auto add = [&](std::string_view name, bool any_protocol = false) {
    for (const auto& section : sections_) {
      if (section->probe.name == name && (any_protocol || section->probe.protocol == protocol) &&
          std::find(order.begin(), order.end(), section.get()) == order.end()) {
        order.push_back(section.get());
      }
    }
  };
  add(probe_name);
  if (!order.empty()) {
    for (const std::string& fallback : order.front()->probe.fallbacks) add(fallback, true);
  }
  if (protocol == "TCP") add("NULL");
  std::optional<ServiceMatch> soft;
  for (const Section* section : order) {
    if (auto hard = MatchSection(*section, reply, soft)) return hard;
  }
  return soft;
}

}  // namespace iotmark::devtest
