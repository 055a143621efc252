// A minimal SMTP server on 127.0.0.1:0 for tests (RFC 5321 subset: EHLO/HELO,
// MAIL, RCPT, DATA, RSET, NOOP, QUIT; no STARTTLS), recording every message.
// Started and stopped by the test; one thread, one connection at a time.
#ifndef IOTMARK_TESTS_SERVER_SMTP_SINK_H_
#define IOTMARK_TESTS_SERVER_SMTP_SINK_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace iotmark::testing {

struct ReceivedMail {
  std::string from;                     // MAIL FROM argument
  std::vector<std::string> recipients;  // RCPT TO arguments
  std::string data;                     // the message (headers + body), dot-unstuffed
};

class SmtpSink {
 public:
  SmtpSink();  // binds and starts; port() is 0 when binding failed
  ~SmtpSink();
  std::uint16_t port() const { return port_; }
  std::vector<ReceivedMail> Mails() const;
  // Waits up to `seconds` until at least `count` mails arrived.
  bool WaitFor(std::size_t count, int seconds) const;

 private:
  void Serve();
  void Session(int connection);

  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<ReceivedMail> mails_;
  std::thread thread_;
};

}  // namespace iotmark::testing

#endif  // IOTMARK_TESTS_SERVER_SMTP_SINK_H_
