// The crowd benchmarks: many keep-alive clients at once, and a new client
// arriving while a thousand idle sockets are open (what an attacker or a
// crowd of browser tabs costs everyone else).
#ifndef ICTGATE_BENCH_CROWD_H_
#define ICTGATE_BENCH_CROWD_H_

#include <functional>
#include <string>

#include "bench/load.h"

namespace ictgate::bench {

struct CrowdShape {
  int keep_alive_clients = 256;
  int idle_sockets = 1000;
  double seconds = 5;  // per phase; under the server's 10 s request deadline
};

struct CrowdFigures {
  LoadResult keep_alive;  // `keep_alive_clients` readers, nothing else
  LoadResult readers;     // the same readers, with the idle sockets open
  LoadResult newcomers;   // one new connection per request, meanwhile
  int idle_open_after = 0;  // idle sockets the server still held at the end
};

// Against 127.0.0.1:`port`: first the readers alone, then the readers with
// `idle_sockets` connections that sent half a request line, while one
// client after another connects anew for `newcomer_path`.
CrowdFigures MeasureCrowd(int port, const CrowdShape& shape,
                          const std::function<Request(int client)>& readers,
                          const std::string& newcomer_path);

}  // namespace ictgate::bench

#endif  // ICTGATE_BENCH_CROWD_H_
