// Request metrics in the Prometheus text format (version 0.0.4): requests by
// route and status, with latency histograms. Thread-safe.
#ifndef ICTGATE_API_METRICS_H_
#define ICTGATE_API_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace ictgate::api {

class RequestMetrics {
 public:
  // `route` is the OpenAPI path template that served it ("unmatched" if none).
  void Observe(const std::string& method, const std::string& route, int status, double seconds);
  // The request series, ready to append other families to.
  std::string Render() const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,  0.1,    0.25,  0.5,  1.0};
  struct Series {
    int64_t count = 0;
    double sum = 0;
    std::array<int64_t, kBuckets.size()> buckets{};
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string>, Series> latency_;      // method, route
  std::map<std::tuple<std::string, std::string, int>, int64_t> count_;  // + status
};

}  // namespace ictgate::api

#endif  // ICTGATE_API_METRICS_H_
