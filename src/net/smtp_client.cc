#include "net/smtp_client.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>

#include "net/address.h"

namespace iotmark::net {
namespace {

std::string Base64(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(data.data()),
                                static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

bool SafeAddress(std::string_view address) {
  std::size_t at = address.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < address.size() &&
         address.size() <= 254 &&
         address.find_first_of(" \t\r\n<>,;\"()") == std::string_view::npos;
}

// The host of "smtp://HOST:PORT/…" (brackets removed), or "" when malformed.
std::string UrlHost(std::string_view url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find('/'));
  std::size_t at = rest.rfind('@');
  if (at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') {
    std::size_t close = rest.find(']');
    if (close == std::string_view::npos) return "";
    return std::string(rest.substr(1, close - 1));
  }
  return std::string(rest.substr(0, rest.find(':')));
}

struct Upload {
  std::string data;
  std::size_t offset = 0;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  std::size_t room = size * count;
  std::size_t left = upload->data.size() - upload->offset;
  std::size_t n = left < room ? left : room;
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

std::string ComposeMail(std::string_view from, std::string_view to, std::string_view subject,
                        std::string_view body, std::string_view message_id) {
  char date[64];
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  std::string encoded_body = Base64(body);
  std::string wrapped;
  for (std::size_t i = 0; i < encoded_body.size(); i += 76) {
    wrapped += encoded_body.substr(i, 76) + "\r\n";
  }
  std::string subject_line = "Subject: =?UTF-8?B?" + Base64(subject) + "?=";
  return "Date: " + std::string(date) + "\r\nFrom: <" + std::string(from) + ">\r\nTo: <" +
         std::string(to) + ">\r\nMessage-ID: <" + std::string(message_id) + ">\r\n" + subject_line +
         "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\n" +
         wrapped;
}

Status SendMail(const SmtpOptions& options, std::string_view to, std::string_view subject,
                std::string_view body) {
  if (options.url.rfind("smtp://", 0) != 0 && options.url.rfind("smtps://", 0) != 0) {
    return Status::InvalidArgument("--smtp-url: expected smtp://HOST:PORT or smtps://HOST:PORT");
  }
  std::string host = UrlHost(options.url);
  if (host.empty()) return Status::InvalidArgument("--smtp-url: no host");
  if (!options.allow_non_loopback && !(IsIpLiteral(host) && IsLoopbackAddress(host))) {
    return Status::InvalidArgument(
        "--smtp-url: only 127.0.0.0/8 or [::1] (IP literals) unless --smtp-allow-non-loopback");
  }
  if (!SafeAddress(options.from)) return Status::InvalidArgument("--smtp-from: not a mail address");
  if (!SafeAddress(to)) return Status::InvalidArgument("recipient: not a mail address");
  GlobalInit();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return Status::Internal("curl_easy_init failed");
  unsigned char random[12];
  RAND_bytes(random, sizeof random);
  std::string id;
  for (unsigned char byte : random) {
    static const char* kHex = "0123456789abcdef";
    id += kHex[byte >> 4];
    id += kHex[byte & 15];
  }
  std::string domain = options.from.substr(options.from.find('@') + 1);
  Upload upload{ComposeMail(options.from, to, subject, body, id + "@" + domain), 0};
  std::string from = "<" + options.from + ">";
  std::string recipient = "<" + std::string(to) + ">";
  curl_slist* recipients = curl_slist_append(nullptr, recipient.c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients_guard(recipients,
                                                                               curl_slist_free_all);
  char error[CURL_ERROR_SIZE] = "";
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, options.url.c_str());
  curl_easy_setopt(handle, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(handle, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(handle, CURLOPT_READDATA, &upload);
  curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(handle, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (!options.username.empty()) {
    curl_easy_setopt(handle, CURLOPT_USERNAME, options.username.c_str());
    curl_easy_setopt(handle, CURLOPT_PASSWORD, options.password.c_str());
  }
  CURLcode code = curl_easy_perform(handle);
  if (code != CURLE_OK) {
    return Status::Unavailable("SMTP " + options.url + ": " +
                               (error[0] ? std::string(error) : curl_easy_strerror(code)));
  }
  return Status::Ok();
}

}  // namespace iotmark::net
