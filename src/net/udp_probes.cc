#include "net/udp_probes.h"

#include <cctype>

#include "common/files.h"
#include "net/port_list.h"

namespace iotmark::net {
namespace {

using namespace std::string_literals;

// Built-in probes: used for a default port that nmap-payloads does not cover
// (or when the file is missing). Each is a well-formed request of its protocol.
struct BuiltInProbe {
  std::uint16_t port;
  std::string payload;
};

const std::vector<BuiltInProbe>& BuiltInProbes() {
  static const std::vector<BuiltInProbe> kProbes = {
      // DNS: status request (header only), as nmap's DNSStatusRequest.
      {53, "\x00\x00\x10\x00\x00\x00\x00\x00\x00\x00\x00\x00"s},
      // TFTP: read request of a file that does not exist (an error reply proves the service).
      {69, "\x00\x01r7tftp.txt\x00octet\x00"s},
      // NTP: client mode (3), version 4 request.
      {123, "\xe3\x00\x04\xfa\x00\x01\x00\x00\x00\x01\x00\x00"s + std::string(36, '\0')},
      // NetBIOS name service: NBSTAT query for "*".
      {137,
       "\x80\xf0\x00\x10\x00\x01\x00\x00\x00\x00\x00\x00"
       "\x20"
       "CKAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\x00\x00\x21\x00\x01"s},
      // SNMPv1 get-next with community "public".
      {161,
       "\x30\x1f\x02\x01\x00\x04\x06public\xa1\x12\x02\x01\x00\x02"
       "\x01\x00\x02\x01\x00\x30\x07\x30\x05\x06\x01\x00\x05\x00"s},
      // SSDP M-SEARCH.
      {1900,
       "M-SEARCH * HTTP/1.1\r\nHost: 239.255.255.250:1900\r\nMan: \"ssdp:discover\"\r\n"
       "MX: 1\r\nST: ssdp:all\r\n\r\n"s},
      // WS-Discovery Probe (SOAP over UDP, as ONVIF cameras answer it).
      {3702,
       "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
       "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\" "
       "xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
       "xmlns:wsd=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\"><soap:Header>"
       "<wsa:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</wsa:To>"
       "<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</wsa:Action>"
       "<wsa:MessageID>urn:uuid:6f0e5a34-9d1c-4b57-8a0e-10b2c3d4e5f6</wsa:MessageID>"
       "</soap:Header><soap:Body><wsd:Probe/></soap:Body></soap:Envelope>"s},
      // mDNS: unicast-response PTR query for _services._dns-sd._udp.local.
      {5353,
       "\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00"
       "\x09_services\x07_dns-sd\x04_udp\x05local\x00\x00\x0c\x80\x01"s},
      // CoAP: confirmable GET /.well-known/core.
      {5683,
       "\x40\x01\x01\xce\xbb.well-known\x04"
       "core"s},
      // BACnet/IP: ReadProperty(device 4194303, object-identifier), as nmap's bacnet-info.
      {47808, "\x81\x0a\x00\x11\x01\x04\x00\x05\x01\x0c\x0c\x02\x3f\xff\xff\x19\x4b"s},
  };
  return kProbes;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

const std::vector<UdpService>& DefaultUdpServices() {
  static const std::vector<UdpService> kServices = {
      {53, "dns", "DNS status request"},
      {67, "dhcp", "DHCP INFORM (nmap-payloads)"},
      {69, "tftp", "TFTP read request"},
      {123, "ntp", "NTP client request"},
      {137, "netbios-ns", "NetBIOS NBSTAT query"},
      {161, "snmp", "SNMP get (v3 discovery, v1 public)"},
      {500, "isakmp", "IKE main-mode proposal (nmap-payloads)"},
      {1900, "ssdp", "SSDP M-SEARCH"},
      {3702, "ws-discovery", "WS-Discovery Probe"},
      {5353, "mdns", "mDNS service enumeration query"},
      {5683, "coap", "CoAP GET /.well-known/core"},
      {47808, "bacnet", "BACnet ReadProperty"},
  };
  return kServices;
}

std::vector<std::uint16_t> DefaultUdpPorts() {
  std::vector<std::uint16_t> ports;
  for (const UdpService& service : DefaultUdpServices()) ports.push_back(service.port);
  return ports;
}

std::string UdpServiceName(std::uint16_t port) {
  for (const UdpService& service : DefaultUdpServices()) {
    if (service.port == port) return service.name;
  }
  return "";
}

const std::vector<std::string>* UdpPayloads::For(std::uint16_t port) const {
  auto found = by_port.find(port);
  return found == by_port.end() ? nullptr : &found->second;
}

Result<UdpPayloads> ParseNmapPayloads(std::string_view text, const std::string& source) {
  UdpPayloads payloads;
  std::size_t at = 0;
  int line = 1;
  std::vector<std::uint16_t> ports;  // of the entry being read
  std::string payload;
  int entry_line = 0;
  bool in_entry = false, has_payload = false;
  auto finish = [&] {
    if (in_entry && has_payload) {
      for (std::uint16_t port : ports) {
        payloads.by_port[port].push_back(payload);
        payloads.sources[port].push_back(source + ":" + std::to_string(entry_line));
      }
    }
    in_entry = has_payload = false;
    payload.clear();
  };
  auto error = [&](const std::string& what) {
    return Status::ParseError(source + ":" + std::to_string(line) + ": " + what);
  };
  while (at < text.size()) {
    char c = text[at];
    if (c == '\n') {
      ++line;
      ++at;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      ++at;
    } else if (c == '#') {
      while (at < text.size() && text[at] != '\n') ++at;
    } else if (c == '"') {
      if (!in_entry) return error("a quoted payload outside an entry");
      ++at;
      while (true) {
        if (at >= text.size() || text[at] == '\n') return error("unterminated string");
        char d = text[at++];
        if (d == '"') break;
        if (d != '\\') {
          payload += d;
          continue;
        }
        if (at >= text.size()) return error("unterminated escape");
        char e = text[at++];
        switch (e) {
          case 'x': {
            int high = at < text.size() ? HexValue(text[at]) : -1;
            int low = at + 1 < text.size() ? HexValue(text[at + 1]) : -1;
            if (high < 0 || low < 0) return error("bad \\x escape");
            payload += static_cast<char>(high * 16 + low);
            at += 2;
            break;
          }
          case '0':
            payload += '\0';
            break;
          case 'r':
            payload += '\r';
            break;
          case 'n':
            payload += '\n';
            break;
          case 't':
            payload += '\t';
            break;
          case 'a':
            payload += '\a';
            break;
          case 'b':
            payload += '\b';
            break;
          case 'f':
            payload += '\f';
            break;
          case 'v':
            payload += '\v';
            break;
          default:
            payload += e;  // \\ \" and any other character stand for themselves
        }
      }
      has_payload = true;
    } else {
      std::size_t end = at;
      while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) &&
             text[end] != '"' && text[end] != '#') {
        ++end;
      }
      std::string_view word = text.substr(at, end - at);
      at = end;
      if (word == "udp") {
        finish();
        while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
        std::size_t list_end = at;
        while (list_end < text.size() && !std::isspace(static_cast<unsigned char>(text[list_end])))
          ++list_end;
        auto list = ParsePortList(text.substr(at, list_end - at));
        if (!list.ok()) return error(list.status().message());
        ports = *list;
        at = list_end;
        in_entry = true;
        entry_line = line;
      } else if (in_entry && has_payload) {
        // A keyword after the payload (e.g. "source 5678"): the rest of its line is ignored.
        while (at < text.size() && text[at] != '\n') ++at;
      } else {
        return error("unexpected '" + std::string(word) + "'");
      }
    }
  }
  finish();
  return payloads;
}

UdpPayloads LoadUdpPayloads(const std::filesystem::path& path) {
  UdpPayloads payloads;
  if (auto text = ReadFile(path, 4u << 20); text.ok()) {
    if (auto parsed = ParseNmapPayloads(*text, path.filename().string()); parsed.ok()) {
      payloads = std::move(*parsed);
    }
  }
  for (const BuiltInProbe& probe : BuiltInProbes()) {
    if (payloads.by_port.count(probe.port)) continue;
    payloads.by_port[probe.port].push_back(probe.payload);
    payloads.sources[probe.port].push_back("built-in");
  }
  return payloads;
}

}  // namespace iotmark::net
