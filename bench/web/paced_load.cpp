// bench/web/paced_load: an open-loop (paced) HTTP load generator for the web front's latency.
// wrk keeps each connection busy (a closed loop): on a small machine its latency is the
// queue ahead of a request (connections / throughput), not what the request costs. Here
// each of N keep-alive connections sends one request every `interval` ms at fixed times
// (phases spread over the interval), so the rate is stated (N / interval), and a request's
// latency runs from the time it was due, not from when it was sent: a late answer delays
// the next request and that delay is counted (no coordinated omission). Debian has no
// wrk2, which does the same.
//
//   paced_load --port P [--host 127.0.0.1] [--connections 50] [--interval-ms 20]
//              [--seconds 10] [--path /s/1 | --random-ids N [--min-id M] (/s/M..N)]
//              [--header "Accept-Encoding: gzip"]
// Prints one JSON line: requests answered, errors (non-2xx/3xx, failed, or still due when the
// time was up), rate, p50/p90/p99/p999/max latency in ms. SIGTERM or SIGINT ends the run
// early and still prints it (a load kept up beside another measurement, then stopped).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>
#include <csignal>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// Set by SIGTERM/SIGINT: each connection stops before its next request.
volatile std::sig_atomic_t stop_requested = 0;

void request_stop(int) {
  stop_requested = 1;
}

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  int connections = 50;
  double interval_ms = 20;
  double seconds = 10;
  std::string path = "/";
  long random_ids = 0;
  long min_id = 1;
  std::vector<std::string> headers;
};

struct Outcome {
  std::vector<double> latencies_ms;
  long errors = 0;
};

int connect_to(const Options& o) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  const int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(o.port));
  ::inet_pton(AF_INET, o.host.c_str(), &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool send_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads one response (head and Content-Length body); returns its status, or -1. `keep` is
// false when the server closes the connection after it.
int read_response(int fd, std::string& buffer, bool& keep) {
  std::size_t head_end;
  while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    char chunk[16384];
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return -1;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  const std::string head = buffer.substr(0, head_end);
  int status = -1;
  std::sscanf(head.c_str(), "HTTP/1.%*d %d", &status);
  std::string lower = head;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::size_t length = 0;
  if (const std::size_t at = lower.find("\r\ncontent-length:"); at != std::string::npos)
    length = std::strtoul(lower.c_str() + at + 17, nullptr, 10);
  keep = lower.find("\r\nconnection: close") == std::string::npos;
  const std::size_t total = head_end + 4 + length;
  while (buffer.size() < total) {
    char chunk[65536];
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return -1;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  buffer.erase(0, total);
  return status;
}

void run_connection(const Options& o, int index, Clock::time_point start, Clock::time_point end,
                    Outcome& out) {
  std::mt19937_64 rng(static_cast<std::uint64_t>(index) + 1);
  const auto interval = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double, std::milli>(o.interval_ms));
  // Phases spread evenly over the interval, so the load is smooth rather than in bursts.
  Clock::time_point due = start + interval * index / o.connections;
  std::string extra;
  for (const std::string& h : o.headers) extra += h + "\r\n";
  int fd = -1;
  std::string buffer;
  for (; due < end; due += interval) {
    // A server that cannot keep up would keep the run going long after its end: requests
    // still due then are not sent, and counted as errors.
    if (Clock::now() >= end) {
      out.errors += (end - due) / interval + 1;
      break;
    }
    // Sleeps in short steps so a stop request ends the run within 50 ms.
    while (Clock::now() < due && !stop_requested)
      std::this_thread::sleep_until(std::min(due, Clock::now() + std::chrono::milliseconds(50)));
    if (stop_requested) break;
    std::string path = o.path;
    if (o.random_ids > 0)
      path =
          "/s/" + std::to_string(std::uniform_int_distribution<long>(o.min_id, o.random_ids)(rng));
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + o.host + "\r\n" + extra +
                                "Connection: keep-alive\r\n\r\n";
    if (fd < 0) {
      fd = connect_to(o);
      buffer.clear();
    }
    bool keep = false;
    const int status = fd < 0 || !send_all(fd, request) ? -1 : read_response(fd, buffer, keep);
    const Clock::time_point done = Clock::now();
    if (status < 200 || status >= 400) ++out.errors;
    if (status > 0)
      out.latencies_ms.push_back(std::chrono::duration<double, std::milli>(done - due).count());
    if ((status < 0 || !keep) && fd >= 0) {
      ::close(fd);
      fd = -1;
    }
  }
  if (fd >= 0) ::close(fd);
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const std::size_t i = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1));
  return sorted[i];
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--host")
      o.host = value;
    else if (flag == "--port")
      o.port = std::atoi(value);
    else if (flag == "--connections")
      o.connections = std::atoi(value);
    else if (flag == "--interval-ms")
      o.interval_ms = std::atof(value);
    else if (flag == "--seconds")
      o.seconds = std::atof(value);
    else if (flag == "--path")
      o.path = value;
    else if (flag == "--random-ids")
      o.random_ids = std::atol(value);
    else if (flag == "--min-id")
      o.min_id = std::atol(value);
    else if (flag == "--header")
      o.headers.emplace_back(value);
    else {
      std::fprintf(stderr, "paced_load: unknown option %s\n", flag.c_str());
      return 2;
    }
  }
  if (o.port <= 0 || o.connections <= 0 || o.interval_ms <= 0 || o.seconds <= 0) {
    std::fprintf(stderr, "paced_load: --port is required; counts and times must be > 0\n");
    return 2;
  }
  std::signal(SIGTERM, request_stop);
  std::signal(SIGINT, request_stop);
  std::vector<Outcome> outcomes(static_cast<std::size_t>(o.connections));
  const Clock::time_point start = Clock::now() + std::chrono::milliseconds(50);
  const Clock::time_point end =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  std::vector<std::thread> threads;
  for (int i = 0; i < o.connections; ++i)
    threads.emplace_back(run_connection, std::cref(o), i, start, end,
                         std::ref(outcomes[static_cast<std::size_t>(i)]));
  for (std::thread& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();

  std::vector<double> all;
  long errors = 0;
  for (const Outcome& out : outcomes) {
    all.insert(all.end(), out.latencies_ms.begin(), out.latencies_ms.end());
    errors += out.errors;
  }
  std::sort(all.begin(), all.end());
  std::printf(
      "{\"requests\": %zu, \"errors\": %ld, \"rate\": %.1f, \"p50\": %.3f, \"p90\": %.3f, "
      "\"p99\": %.3f, \"p999\": %.3f, \"max\": %.3f}\n",
      all.size(), errors, static_cast<double>(all.size()) / elapsed, percentile(all, 0.50),
      percentile(all, 0.90), percentile(all, 0.99), percentile(all, 0.999),
      all.empty() ? 0.0 : all.back());
  return 0;
}
