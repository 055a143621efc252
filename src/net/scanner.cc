#include "net/scanner.h"

#include "net/bytes_text.h"

#include <sys/resource.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <thread>

#include "common/asio.h"
#include "net/address.h"

namespace iotmark::net {
namespace {

using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using udp = asio::ip::udp;
using Strand = asio::strand<asio::io_context::executor_type>;

constexpr int kResourceRetries = 200;  // EMFILE / EADDRNOTAVAIL / EAGAIN
constexpr auto kResourceBackoff = std::chrono::milliseconds(5);
constexpr int kPortsBetweenYields = 64;
constexpr std::size_t kBannerBytes = 1024;

// What one non-blocking connect() told us without waiting on the reactor.
enum class ConnectProbe { kOpen, kClosed, kPending, kUnreachable, kResource };

// Loopback answers a SYN within the connect() call itself, but a non-blocking
// connect() still says EINPROGRESS; asking again at once gives the verdict
// (0 / ECONNREFUSED) or EALREADY when the answer is really still on its way.
// A socket whose connect was refused is unconnected again and can be reused.
ConnectProbe TryConnect(int fd, const tcp::endpoint& endpoint) {
  int result = ::connect(fd, endpoint.data(), static_cast<socklen_t>(endpoint.size()));
  if (result == 0) return ConnectProbe::kOpen;
  int error = errno;
  if (error == EINPROGRESS || error == EINTR) {
    result = ::connect(fd, endpoint.data(), static_cast<socklen_t>(endpoint.size()));
    if (result == 0) return ConnectProbe::kOpen;
    error = errno;
  }
  switch (error) {
    case EISCONN:
      return ConnectProbe::kOpen;
    case ECONNREFUSED:
      return ConnectProbe::kClosed;
    case EALREADY:
    case EINPROGRESS:
      return ConnectProbe::kPending;
    case ENETUNREACH:
    case EHOSTUNREACH:
    case ETIMEDOUT:
    case EACCES:
    case EPERM:
      return ConnectProbe::kUnreachable;
    default:
      return ConnectProbe::kResource;
  }
}

// On loopback a connect() whose kernel-chosen source port equals the
// destination port connects the socket to itself (TCP simultaneous open).
// No listener can own that port then, so it is closed, not open.
bool ConnectedToItself(int fd) {
  sockaddr_storage local{}, peer{};
  socklen_t local_length = sizeof local, peer_length = sizeof peer;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_length) != 0 ||
      ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_length) != 0) {
    return false;
  }
  return local_length == peer_length && std::memcmp(&local, &peer, local_length) == 0;
}

// Shared by a timer handler and the coroutine that armed it (both on one strand):
// the handler only acts while the operation it guards is still running.
struct Deadline {
  bool finished = false;
  bool expired = false;
};

// Arms `timer` so that `cancel` runs if `timeout` passes before Finish().
template <typename Cancel>
std::shared_ptr<Deadline> Arm(asio::steady_timer& timer, std::chrono::milliseconds timeout,
                              Cancel cancel) {
  auto deadline = std::make_shared<Deadline>();
  timer.expires_after(timeout);
  timer.async_wait([deadline, cancel](boost::system::error_code error) mutable {
    if (error || deadline->finished) return;
    deadline->expired = true;
    cancel();
  });
  return deadline;
}

void Finish(asio::steady_timer& timer, Deadline& deadline) {
  deadline.finished = true;
  timer.cancel();
}

struct ScanShared {
  const ScanOptions& options;
  asio::ip::address address;
  std::atomic<std::size_t> next_tcp{0};
  std::atomic<std::size_t> next_udp{0};
  std::atomic<std::size_t> next_banner{0};
  std::atomic<std::size_t> tcp_timed_out{0};
  std::atomic<std::size_t> tcp_unreachable{0};
  std::atomic<std::size_t> tcp_resource_failures{0};
};

struct WorkerOutput {
  std::vector<PortResult> tcp;  // open and filtered
  std::size_t tcp_closed = 0;
  std::vector<PortResult> udp;
};

awaitable<void> Sleep(std::chrono::milliseconds duration) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(duration);
  boost::system::error_code ignored;
  co_await timer.async_wait(asio::redirect_error(use_awaitable, ignored));
}

awaitable<PortState> ProbeTcpPort(ScanShared& shared, tcp::socket& socket,
                                  asio::steady_timer& timer, std::uint16_t port) {
  tcp::endpoint endpoint(shared.address, port);
  int resource_failures = 0;
  for (int attempt = 0; attempt <= shared.options.retries;) {
    boost::system::error_code error;
    if (!socket.is_open()) {
      socket.open(endpoint.protocol(), error);
      if (!error) socket.non_blocking(true, error);
      if (error) {
        boost::system::error_code ignored;
        socket.close(ignored);
        if (++resource_failures > kResourceRetries) {
          ++shared.tcp_resource_failures;
          co_return PortState::kFiltered;
        }
        co_await Sleep(kResourceBackoff);
        continue;
      }
    }
    switch (TryConnect(socket.native_handle(), endpoint)) {
      case ConnectProbe::kOpen: {
        bool self = ConnectedToItself(socket.native_handle());
        socket.close(error);
        co_return self ? PortState::kClosed : PortState::kOpen;
      }
      case ConnectProbe::kClosed:
        co_return PortState::kClosed;  // the socket stays usable for the next port
      case ConnectProbe::kUnreachable:
        socket.close(error);
        ++shared.tcp_unreachable;
        co_return PortState::kFiltered;
      case ConnectProbe::kResource:
        socket.close(error);
        if (++resource_failures > kResourceRetries) {
          ++shared.tcp_resource_failures;
          co_return PortState::kFiltered;
        }
        co_await Sleep(kResourceBackoff);
        continue;
      case ConnectProbe::kPending:
        break;
    }
    auto deadline = Arm(timer, shared.options.connect_timeout, [&socket] {
      boost::system::error_code ignored;
      socket.cancel(ignored);
    });
    co_await socket.async_wait(tcp::socket::wait_write, asio::redirect_error(use_awaitable, error));
    Finish(timer, *deadline);
    int socket_error = 0;
    socklen_t length = sizeof socket_error;
    if (!deadline->expired &&
        ::getsockopt(socket.native_handle(), SOL_SOCKET, SO_ERROR, &socket_error, &length) != 0) {
      socket_error = errno;
    }
    if (socket_error == 0 && !deadline->expired && ConnectedToItself(socket.native_handle())) {
      socket_error = ECONNREFUSED;
    }
    socket.close(error);
    if (deadline->expired) {
      ++attempt;
      continue;
    }
    if (socket_error == 0) co_return PortState::kOpen;
    if (socket_error == ECONNREFUSED) co_return PortState::kClosed;
    if (socket_error == EADDRNOTAVAIL || socket_error == EAGAIN) {
      if (++resource_failures > kResourceRetries) {
        ++shared.tcp_resource_failures;
        co_return PortState::kFiltered;
      }
      continue;
    }
    ++shared.tcp_unreachable;
    co_return PortState::kFiltered;
  }
  ++shared.tcp_timed_out;
  co_return PortState::kFiltered;
}

awaitable<void> TcpWorker(ScanShared& shared, WorkerOutput& output) {
  auto executor = co_await asio::this_coro::executor;
  tcp::socket socket(executor);
  asio::steady_timer timer(executor);
  const std::vector<std::uint16_t>& ports = shared.options.tcp_ports;
  int since_yield = 0;
  for (;;) {
    std::size_t index = shared.next_tcp.fetch_add(1, std::memory_order_relaxed);
    if (index >= ports.size()) break;
    PortState state = co_await ProbeTcpPort(shared, socket, timer, ports[index]);
    if (state == PortState::kClosed) {
      ++output.tcp_closed;
    } else {
      output.tcp.push_back({ports[index], state, ""});
    }
    if (++since_yield >= kPortsBetweenYields) {
      since_yield = 0;
      co_await asio::post(executor, use_awaitable);  // let the other workers run
    }
  }
}

// Reads into `banner` until `enough` says so, EOF, an error, or the deadline.
template <typename Enough>
awaitable<void> ReadUntil(tcp::socket& socket, asio::steady_timer& timer,
                          std::chrono::milliseconds timeout, std::string& banner, Enough enough) {
  auto deadline = Arm(timer, timeout, [&socket] {
    boost::system::error_code ignored;
    socket.cancel(ignored);
  });
  char chunk[512];
  while (banner.size() < kBannerBytes && !enough(banner)) {
    boost::system::error_code error;
    std::size_t got = co_await socket.async_read_some(asio::buffer(chunk),
                                                      asio::redirect_error(use_awaitable, error));
    banner.append(chunk, std::min(got, kBannerBytes - banner.size()));
    if (error) break;
  }
  Finish(timer, *deadline);
}

awaitable<std::string> GrabBanner(ScanShared& shared, std::uint16_t port) {
  auto executor = co_await asio::this_coro::executor;
  tcp::socket socket(executor);
  asio::steady_timer timer(executor);
  boost::system::error_code error;
  auto deadline = Arm(timer, shared.options.connect_timeout, [&socket] {
    boost::system::error_code ignored;
    socket.close(ignored);
  });
  co_await socket.async_connect(tcp::endpoint(shared.address, port),
                                asio::redirect_error(use_awaitable, error));
  Finish(timer, *deadline);
  if (error || deadline->expired) co_return "";
  std::string banner;
  auto has_line = [](const std::string& text) { return text.find('\n') != std::string::npos; };
  co_await ReadUntil(socket, timer, shared.options.banner_timeout, banner, has_line);
  if (banner.empty() && socket.is_open()) {
    // A silent service: ask as if it were HTTP, the usual case on a device.
    static const std::string kHead = "HEAD / HTTP/1.0\r\n\r\n";
    co_await asio::async_write(socket, asio::buffer(kHead),
                               asio::redirect_error(use_awaitable, error));
    if (!error) {
      auto has_headers = [](const std::string& text) {
        return text.find("\r\n\r\n") != std::string::npos;
      };
      co_await ReadUntil(socket, timer, shared.options.banner_timeout, banner, has_headers);
    }
  }
  socket.close(error);
  co_return banner;  // raw bytes; escaped where they leave the process
}

awaitable<void> BannerWorker(ScanShared& shared, std::vector<PortResult>& open_ports) {
  for (;;) {
    std::size_t index = shared.next_banner.fetch_add(1, std::memory_order_relaxed);
    if (index >= open_ports.size()) break;
    if (open_ports[index].state != PortState::kOpen) continue;
    open_ports[index].banner = co_await GrabBanner(shared, open_ports[index].port);
  }
}

awaitable<PortResult> ProbeUdpPort(ScanShared& shared, std::uint16_t port) {
  auto executor = co_await asio::this_coro::executor;
  PortResult result{port, PortState::kOpenFiltered, ""};
  udp::socket socket(executor);
  asio::steady_timer timer(executor);
  boost::system::error_code error;
  udp::endpoint endpoint(shared.address, port);
  socket.open(endpoint.protocol(), error);
  if (!error) socket.connect(endpoint, error);
  if (error) co_return result;
  char reply[2048];
  std::vector<std::string> fallback{shared.options.udp_payload};
  auto probes = shared.options.udp_payloads.find(port);
  const std::vector<std::string>& payloads =
      probes == shared.options.udp_payloads.end() || probes->second.empty() ? fallback
                                                                            : probes->second;
  for (int attempt = 0; attempt <= shared.options.udp_retries; ++attempt) {
    for (const std::string& payload : payloads) {
      socket.send(asio::buffer(payload), 0, error);
      if (error == asio::error::connection_refused) {
        result.state = PortState::kClosed;
        co_return result;
      }
    }
    auto deadline = Arm(timer, shared.options.udp_timeout, [&socket] {
      boost::system::error_code ignored;
      socket.cancel(ignored);
    });
    std::size_t got = co_await socket.async_receive(asio::buffer(reply),
                                                    asio::redirect_error(use_awaitable, error));
    Finish(timer, *deadline);
    if (deadline->expired) continue;
    if (!error) {
      result.state = PortState::kOpen;
      result.banner.assign(reply, got);  // raw bytes
      co_return result;
    }
    if (error == asio::error::connection_refused) {
      result.state = PortState::kClosed;
      co_return result;
    }
  }
  co_return result;
}

awaitable<void> UdpWorker(ScanShared& shared, WorkerOutput& output) {
  const std::vector<std::uint16_t>& ports = shared.options.udp_ports;
  for (;;) {
    std::size_t index = shared.next_udp.fetch_add(1, std::memory_order_relaxed);
    if (index >= ports.size()) break;
    output.udp.push_back(co_await ProbeUdpPort(shared, ports[index]));
  }
}

// Runs `count` coroutines made by `make(index)`, each on its own strand, on
// `threads` threads, and waits for all of them.
template <typename Make>
void RunWorkers(int count, int threads, Make make) {
  asio::io_context io(threads);
  for (int index = 0; index < count; ++index) {
    asio::co_spawn(asio::make_strand(io), make(index), asio::detached);
  }
  std::vector<std::thread> pool;
  for (int thread = 1; thread < threads; ++thread) pool.emplace_back([&io] { io.run(); });
  io.run();
  for (std::thread& thread : pool) thread.join();
}

}  // namespace

std::string PortStateName(PortState state) {
  switch (state) {
    case PortState::kOpen:
      return "open";
    case PortState::kClosed:
      return "closed";
    case PortState::kFiltered:
      return "filtered";
    case PortState::kOpenFiltered:
      return "open|filtered";
  }
  return "unknown";
}

std::vector<std::uint16_t> ScanReport::OpenTcpPorts() const {
  std::vector<std::uint16_t> ports;
  for (const PortResult& result : tcp) {
    if (result.state == PortState::kOpen) ports.push_back(result.port);
  }
  return ports;
}

std::vector<std::uint16_t> ScanReport::OpenUdpPorts() const {
  std::vector<std::uint16_t> ports;
  for (const PortResult& result : udp) {
    if (result.state == PortState::kOpen) ports.push_back(result.port);
  }
  return ports;
}

long RaiseOpenFileLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  return limit.rlim_cur == RLIM_INFINITY ? 1 << 20 : static_cast<long>(limit.rlim_cur);
}

std::string PrintableBanner(const std::string& raw, std::size_t max_bytes) {
  std::string out = EscapeBytes(raw, max_bytes);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

Result<ScanReport> Scan(const ScanOptions& options) {
  if (!IsIpLiteral(options.host)) {
    return Status::InvalidArgument("host '" + options.host +
                                   "' is not an IP address (one address per scan, no names)");
  }
  if (!options.allow_non_loopback && !IsLoopbackAddress(options.host)) {
    return Status::PermissionDenied(
        "host " + options.host +
        " is not loopback (127.0.0.0/8, ::1); scanning other hosts needs --allow-non-loopback");
  }
  if (options.concurrency < 1 || options.threads < 1 || options.retries < 0 ||
      options.udp_retries < 0) {
    return Status::InvalidArgument("concurrency and threads must be >= 1, retries >= 0");
  }
  boost::system::error_code error;
  asio::ip::address address = asio::ip::make_address(options.host, error);
  if (error) return Status::InvalidArgument("host '" + options.host + "': " + error.message());

  auto start = std::chrono::steady_clock::now();
  long file_limit = RaiseOpenFileLimit();
  int concurrency =
      static_cast<int>(std::max(1L, std::min<long>(options.concurrency, file_limit - 64)));
  int threads = std::min(options.threads, 16);
  ScanShared shared{options, address};
  ScanReport report;
  report.host = options.host;
  report.tcp_scanned = options.tcp_ports.size();

  int tcp_workers = std::min<int>(concurrency, static_cast<int>(options.tcp_ports.size()));
  int udp_workers = std::min<int>(concurrency, static_cast<int>(options.udp_ports.size()));
  std::vector<WorkerOutput> outputs(static_cast<std::size_t>(std::max(tcp_workers, udp_workers)));
  if (tcp_workers > 0) {
    RunWorkers(tcp_workers, threads, [&](int index) {
      return TcpWorker(shared, outputs[static_cast<std::size_t>(index)]);
    });
  }
  if (udp_workers > 0) {
    RunWorkers(udp_workers, threads, [&](int index) {
      return UdpWorker(shared, outputs[static_cast<std::size_t>(index)]);
    });
  }
  for (WorkerOutput& output : outputs) {
    report.tcp_closed += output.tcp_closed;
    report.tcp.insert(report.tcp.end(), output.tcp.begin(), output.tcp.end());
    report.udp.insert(report.udp.end(), output.udp.begin(), output.udp.end());
  }
  auto by_port = [](const PortResult& a, const PortResult& b) { return a.port < b.port; };
  std::sort(report.tcp.begin(), report.tcp.end(), by_port);
  std::sort(report.udp.begin(), report.udp.end(), by_port);

  if (options.grab_banners && !report.tcp.empty()) {
    int banner_workers = std::min<int>(concurrency, static_cast<int>(report.tcp.size()));
    RunWorkers(banner_workers, threads, [&](int) { return BannerWorker(shared, report.tcp); });
  }
  report.tcp_timed_out = shared.tcp_timed_out.load();
  report.tcp_unreachable = shared.tcp_unreachable.load();
  report.tcp_resource_failures = shared.tcp_resource_failures.load();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace iotmark::net
