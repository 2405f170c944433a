#include "bench/load.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

#include <sys/resource.h>

namespace ictgate::bench {

using Clock = std::chrono::steady_clock;

namespace {

// User plus system time of `who` (RUSAGE_SELF or RUSAGE_THREAD), in seconds.
double CpuSeconds(int who) {
  rusage u{};
  getrusage(who, &u);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(u.ru_utime) + seconds(u.ru_stime);
}

}  // namespace

double Percentile(std::vector<double>& samples, double p) {
  if (samples.empty()) return 0;
  const auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(samples.size())));
  const size_t index = std::min(samples.size() - 1, rank == 0 ? 0 : rank - 1);
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(index),
                   samples.end());
  return samples[index];
}

LoadResult RunClients(int port, int clients, double seconds,
                      const std::function<Request(int client)>& make_client) {
  std::vector<std::vector<double>> latencies(static_cast<size_t>(clients));
  std::atomic<int64_t> failures{0};
  std::vector<double> client_cpu(static_cast<size_t>(clients));
  const double process_cpu_before = CpuSeconds(RUSAGE_SELF);
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration<double>(seconds);
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);  // as curl and browsers do
      Request request = make_client(i);
      auto& mine = latencies[static_cast<size_t>(i)];
      const double cpu_before = CpuSeconds(RUSAGE_THREAD);
      while (Clock::now() < deadline) {
        const auto t0 = Clock::now();
        const bool ok = request(client);
        const std::chrono::duration<double, std::milli> took = Clock::now() - t0;
        if (ok) {
          mine.push_back(took.count());
        } else {
          ++failures;
        }
      }
      client_cpu[static_cast<size_t>(i)] = CpuSeconds(RUSAGE_THREAD) - cpu_before;
    });
  }
  for (auto& t : threads) t.join();
  const std::chrono::duration<double> wall = Clock::now() - start;
  const double process_cpu = CpuSeconds(RUSAGE_SELF) - process_cpu_before;
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  LoadResult r;
  r.requests = static_cast<int64_t>(all.size());
  r.failures = failures;
  r.seconds = wall.count();
  r.per_second = static_cast<double>(r.requests) / r.seconds;
  r.p50_ms = Percentile(all, 50);
  r.p99_ms = Percentile(all, 99);
  r.process_cpu_seconds = process_cpu;
  for (const double c : client_cpu) r.client_cpu_seconds += c;
  return r;
}

}  // namespace ictgate::bench
