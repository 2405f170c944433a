#include "api/metrics.h"

#include <cstdio>
#include <sstream>

namespace ictgate::api {
namespace {

std::string Labels(const std::string& method, const std::string& route) {
  return "method=\"" + method + "\",route=\"" + route + "\"";
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

void RequestMetrics::Observe(const std::string& method, const std::string& route, int status,
                             double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++count_[{method, route, status}];
  Series& s = latency_[{method, route}];
  ++s.count;
  s.sum += seconds;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++s.buckets[i];
  }
}

std::string RequestMetrics::Render() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::ostringstream out;
  out << "# HELP ictgate_http_requests_total HTTP requests answered, by route and status.\n"
         "# TYPE ictgate_http_requests_total counter\n";
  for (const auto& [key, n] : count_) {
    const auto& [method, route, status] = key;
    out << "ictgate_http_requests_total{" << Labels(method, route) << ",status=\"" << status
        << "\"} " << n << "\n";
  }
  out << "# HELP ictgate_http_request_duration_seconds Time to answer a request.\n"
         "# TYPE ictgate_http_request_duration_seconds histogram\n";
  for (const auto& [key, s] : latency_) {
    const std::string labels = Labels(std::get<0>(key), std::get<1>(key));
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out << "ictgate_http_request_duration_seconds_bucket{" << labels << ",le=\""
          << Number(kBuckets[i]) << "\"} " << s.buckets[i] << "\n";
    }
    out << "ictgate_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} " << s.count
        << "\n";
    out << "ictgate_http_request_duration_seconds_sum{" << labels << "} " << Number(s.sum) << "\n";
    out << "ictgate_http_request_duration_seconds_count{" << labels << "} " << s.count << "\n";
  }
  return out.str();
}

}  // namespace ictgate::api
