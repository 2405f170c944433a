// Load generation for the benchmarks: client threads on keep-alive
// connections, each making requests back to back for a fixed time, with
// every request's latency recorded.
#ifndef ICTGATE_BENCH_LOAD_H_
#define ICTGATE_BENCH_LOAD_H_

#include <cstdint>
#include <functional>
#include <vector>

#include <httplib.h>

namespace ictgate::bench {

struct LoadResult {
  int64_t requests = 0;  // answered as expected
  int64_t failures = 0;  // anything else (counted, not timed)
  double seconds = 0;    // wall time of the run
  double per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  // CPU time (user + system) over the run: the whole process's, and the
  // client threads' own. With the server in the same process, their
  // difference is what serving cost, which shows whether a figure is bound
  // by the cores or by waiting.
  double process_cpu_seconds = 0;
  double client_cpu_seconds = 0;
};

// One client's next request on `client`: true when it was answered as
// expected. Called from one thread only, so it may keep state.
using Request = std::function<bool(httplib::Client& client)>;

// Runs `clients` threads against 127.0.0.1:`port` for `seconds`; client i
// makes the requests of make_client(i).
LoadResult RunClients(int port, int clients, double seconds,
                      const std::function<Request(int client)>& make_client);

// The p-th percentile (0..100) of `samples`, nearest rank; reorders them.
double Percentile(std::vector<double>& samples, double p);

}  // namespace ictgate::bench

#endif  // ICTGATE_BENCH_LOAD_H_
