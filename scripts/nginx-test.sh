#!/usr/bin/env bash
# The shipped nginx front (packaging/nginx/ictgate.conf, with only its ports
# and paths replaced) before a real `ictgate serve --trusted-proxy 127.0.0.1`,
# both on free loopback ports, with a throwaway self-signed certificate:
#   (a) 1,000 HTTPS clients at once all get 200 from /api/v1/health/live;
#   (b) a client that trickles its header in, a byte every 2.5 s, is cut off
#       by nginx within client_header_timeout and never reaches ictgate;
#   (c) a request's X-Request-Id (the client's, or one nginx generated) and
#       its real client address reach ictgate's log and nginx's;
# and the smaller promises of the file: 413 and 503 as problem+json from
# nginx, chunked bodies passed on with a Content-Length, HTTP redirected to
# HTTPS. Independent of any system nginx (own prefix, ports and pid file).
#   bash scripts/nginx-test.sh path/to/build        (ctest -R packaging.nginx)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
ictgate=$build/ictgate
nginx=$(command -v nginx || echo /usr/sbin/nginx)

tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
  echo "nginx-test: FAIL: $*" >&2
  local log
  for log in error.log:nginx ictgate.error.log:nginx ictgate.log:ictgate; do
    [[ -s $tmp/${log%:*} ]] || continue
    echo "--- the last lines of ${log#*:}'s ${log%:*}:" >&2
    tail -n 5 "$tmp/${log%:*}" >&2
  done
  exit 1
}

[[ -x $nginx ]] || fail "nginx is not installed (bash scripts/install-deps.sh)"
for tool in openssl node curl; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (bash scripts/install-deps.sh)"
done
[[ -x $ictgate ]] || fail "no ictgate binary at $ictgate"
# 1,000 clients and their upstream connections need file descriptors.
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"

started=$(date +%s%N)
elapsed() {  # seconds since the start, to a tenth
  local tenths=$((($(date +%s%N) - started) / 100000000))
  echo "$((tenths / 10)).$((tenths % 10))"
}

# Three free loopback ports, held together while they are chosen.
read -r ictgate_port https_port http_port < <(node -e '
  const net = require("net");
  const servers = [0, 1, 2].map(() => net.createServer());
  Promise.all(servers.map((s) => new Promise((ok) => s.listen(0, "127.0.0.1", ok)))).then(() => {
    console.log(servers.map((s) => s.address().port).join(" "));
    servers.forEach((s) => s.close());
  });')

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null || fail "openssl made no certificate"

# The shipped file, with its ports and paths replaced and the IPv6 listeners
# dropped (a test machine may have no IPv6); nothing else changes.
shipped=$here/packaging/nginx/ictgate.conf
conf=$tmp/ictgate.conf
sed -e "s|^\( *\)listen 443 ssl http2;|\1listen 127.0.0.1:$https_port ssl http2;|" \
    -e "s|^\( *\)listen 80;|\1listen 127.0.0.1:$http_port;|" \
    -e '/^ *listen \[::\]:/d' \
    -e "s|server 127.0.0.1:8080;|server 127.0.0.1:$ictgate_port;|" \
    -e "s|/etc/ssl/certs/ictgate.pem|$tmp/cert.pem|" \
    -e "s|/etc/ssl/private/ictgate.key|$tmp/key.pem|" \
    -e "s|/var/log/nginx/|$tmp/|" \
    "$shipped" >"$conf"
if grep -nE '^ *[^# ][^#]*(/etc/|/var/|:8080|listen (80|443)|\[::\])' "$conf"; then
  fail "the lines above of $shipped were not templated: update this script's sed"
fi
echo "testing $shipped with $(diff "$shipped" "$conf" | grep -c '^<') lines templated (ports, paths)"

# The main configuration around it: Debian's nginx.conf includes the file in
# http {} the same way, but everything here lives in $tmp.
{
  # As root, nginx would run its workers as nobody, who cannot enter $tmp.
  if ((EUID == 0)); then echo "user $(id -un) $(id -gn);"; fi
  cat <<EOF
daemon off;
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/error.log warn;
events { worker_connections 4096; }
http {
  access_log $tmp/access.log;
  client_body_temp_path $tmp/client_body;
  proxy_temp_path $tmp/proxy;
  fastcgi_temp_path $tmp/fastcgi;
  uwsgi_temp_path $tmp/uwsgi;
  scgi_temp_path $tmp/scgi;
  include $conf;
}
EOF
} >"$tmp/nginx.conf"

# waits until URL answers 200 (curl ARGS... URL), for up to 30 s
answers() {
  for _ in $(seq 300); do
    curl -sfk -o /dev/null "$@" && return 0
    sleep 0.1
  done
  return 1
}

"$ictgate" serve --demo --db "$tmp/ictgate.db" --listen "127.0.0.1:$ictgate_port" \
  --trusted-proxy 127.0.0.1 --threads 128 >"$tmp/ictgate.out" 2>"$tmp/ictgate.log" &
pids+=($!)
ictgate_pid=$!
# Direct requests to ictgate carry ids starting with "direct-".
answers -H 'X-Request-Id: direct-ready' "http://127.0.0.1:$ictgate_port/api/v1/health/live" ||
  fail "ictgate did not answer on port $ictgate_port"
"$nginx" -t -q -c "$tmp/nginx.conf" -p "$tmp/" 2>"$tmp/nginx-t.log" ||
  { cat "$tmp/nginx-t.log" >&2; fail "nginx -t refused the configuration"; }
"$nginx" -c "$tmp/nginx.conf" -p "$tmp/" 2>>"$tmp/error.log" &
pids+=($!)
answers -H 'X-Request-Id: ready' "https://127.0.0.1:$https_port/api/v1/health/live" ||
  fail "nginx did not answer on port $https_port"

clients=$here/tests/nginx_clients.mjs

# (b), in the background while (a) runs: the slow-drip client.
node "$clients" drip "$https_port" /api/v1/slow-drip 2.5 20 >"$tmp/drip.json" &
drip_pid=$!
pids+=("$drip_pid")

# (a) 1,000 clients at once.
node "$clients" burst "$https_port" 1000 /api/v1/health/live >"$tmp/burst.json" ||
  fail "the burst client failed"
burst=$(cat "$tmp/burst.json")
# nginx keeps connections to ictgate open (keepalive, HTTP/1.1, no
# "Connection: close"): some are still open, idle, after the burst. Counted
# at once: ictgate closes a connection idle past its keep-alive timeout
# (2 s), and on a loaded machine the checks below can take longer.
pooled="? (no ss)"
if command -v ss >/dev/null; then
  pooled=$(ss -Htn state established "( dport = :$ictgate_port )" | wc -l)
  ((pooled > 0)) || fail "(a) nginx kept no connection to ictgate open: no keep-alive"
fi
ok=$(node -p "JSON.parse(process.argv[1]).statuses['200'] || 0" "$burst")
ms=$(node -p "JSON.parse(process.argv[1]).ms" "$burst")
[[ $ok == 1000 ]] ||
  fail "(a) $ok of 1000 concurrent clients got 200: $(node -p 'const b = JSON.parse(process.argv[1]); JSON.stringify({statuses: b.statuses, errors: b.errors})' "$burst")"
# Every answer's id is nginx's (32 hex digits), distinct, and in ictgate's log
# as a request from 127.0.0.1, the address nginx forwarded.
node -e 'const b = JSON.parse(process.argv[1]); b.ids.forEach((id) => console.log(id));' "$burst" |
  sort >"$tmp/burst-ids"
[[ $(grep -cxE '[0-9a-f]{32}' "$tmp/burst-ids") == 1000 && $(uniq "$tmp/burst-ids" | wc -l) == 1000 ]] ||
  fail "(a) the answers do not carry 1000 distinct ids generated by nginx"
{ grep '"path":"/api/v1/health/live"' "$tmp/ictgate.log" | grep '"client":"127.0.0.1"' |
  grep -oE '"requestId":"[0-9a-f]{32}"' | cut -d'"' -f4 | sort; } >"$tmp/logged-ids" || true
missing=$(comm -23 "$tmp/burst-ids" "$tmp/logged-ids" | wc -l)
((missing == 0)) || fail "(a) $missing of the 1000 ids are not in ictgate's log with client 127.0.0.1"
echo "(a) 1000/1000 concurrent HTTPS clients got 200 in $ms ms; each id in ictgate's log;" \
  "$pooled idle keep-alive connections to ictgate afterwards"

# (c) The client's id, and its address: curl binds 127.0.0.2, so nginx's peer
# is 127.0.0.2 while ictgate's peer is nginx on 127.0.0.1. The forged
# X-Forwarded-For is passed on by nginx but not believed by ictgate.
request() {  # request ID_HEADER... -> prints "status id" of the answer
  curl -sk --interface 127.0.0.2 -o /dev/null -D "$tmp/headers" -w '%{http_code}' "$@" \
    "https://127.0.0.1:$https_port/api/v1/health/live"
  echo " $(grep -i '^x-request-id:' "$tmp/headers" | tr -d '\r' | cut -d' ' -f2 | paste -sd,)"
}
read -r status id < <(request -H 'X-Request-Id: nginx-test-given' -H 'X-Forwarded-For: 203.0.113.9')
[[ $status == 200 && $id == nginx-test-given ]] ||
  fail "(c) the answer to a request with an id: $status, X-Request-Id $id"
read -r status generated < <(request)
[[ $status == 200 && $generated =~ ^[0-9a-f]{32}$ ]] ||
  fail "(c) no id generated by nginx for a request without one: $status, X-Request-Id $generated"
read -r status replaced < <(request -H 'X-Request-Id: not a sane id!')
[[ $status == 200 && $replaced =~ ^[0-9a-f]{32}$ ]] ||
  fail "(c) an id ictgate would refuse was passed on: $status, X-Request-Id $replaced"
for rid in nginx-test-given "$generated" "$replaced"; do
  line=$(grep "\"requestId\":\"$rid\"" "$tmp/ictgate.log" || true)
  [[ $line == *'"client":"127.0.0.2"'* && $line == *'"status":200'* ]] ||
    fail "(c) ictgate's log has no request $rid from client 127.0.0.2: '$line'"
  line=$(grep "\"requestId\":\"$rid\"" "$tmp/ictgate.access.log" || true)
  [[ $line == *'"client":"127.0.0.2"'* && $line == *'"status":200'* ]] ||
    fail "(c) nginx's access log has no request $rid from client 127.0.0.2: '$line'"
done
echo "(c) X-Request-Id given, generated by nginx, and replaced: each in ictgate's and nginx's" \
  "log with client 127.0.0.2 (a forged X-Forwarded-For not believed)"

# Bodies: over 1 MiB nginx answers 413 itself; a chunked body reaches ictgate
# with a Content-Length (401 without a token), where directly it is 411.
head -c 1100000 /dev/zero >"$tmp/big"
status=$(curl -sk -o "$tmp/body" -w '%{http_code} %{content_type}' -H 'Content-Type: application/json' \
  --data-binary @"$tmp/big" "https://127.0.0.1:$https_port/api/v1/activities")
[[ $status == "413 application/problem+json" ]] || fail "a 1.1 MB body: $status $(cat "$tmp/body")"
# A dossier document may be up to 20 MiB: 1.1 MB reaches ictgate (401
# without a token), 21 MB is nginx's own 413.
upload="https://127.0.0.1:$https_port/api/v1/activities/BZK-2026-0001/documents/businessCase?title=x"
status=$(curl -sk -o /dev/null -w '%{http_code}' -H 'Content-Type: application/pdf' \
  --data-binary @"$tmp/big" "$upload")
[[ $status == 401 ]] || fail "a 1.1 MB document: $status"
head -c 22000000 /dev/zero >"$tmp/huge"
status=$(curl -sk -o "$tmp/body" -w '%{http_code}' -H 'Content-Type: application/pdf' \
  --data-binary @"$tmp/huge" "$upload")
[[ $status == 413 ]] && grep -q 'the document exceeds 20971520 bytes' "$tmp/body" ||
  fail "a 22 MB document: $status $(cat "$tmp/body")"
chunked=(-s -o /dev/null -w '%{http_code}' -H 'Transfer-Encoding: chunked' -H 'Content-Type: application/json' -d '{}')
direct=$(curl "${chunked[@]}" -H 'X-Request-Id: direct-chunked' "http://127.0.0.1:$ictgate_port/api/v1/activities")
proxied=$(curl -k "${chunked[@]}" "https://127.0.0.1:$https_port/api/v1/activities")
[[ $direct == 411 && $proxied == 401 ]] || fail "a chunked body: $direct directly, $proxied through nginx"
redirect=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/api/v1/health/live")
[[ $redirect == "301 https://127.0.0.1/api/v1/health/live" ]] || fail "plain HTTP: $redirect"
echo "413 problem+json over 1 MiB (20 MiB for a document); chunked body 411 directly, 401 through nginx; HTTP 301 to HTTPS"

# (b) The slow-drip client's result.
wait "$drip_pid" || true
drip=$(cat "$tmp/drip.json")
[[ -n $drip ]] || fail "(b) the slow-drip client printed nothing"
node -e 'const d = JSON.parse(process.argv[1]); process.exit(d.seconds >= 5 && d.seconds < 15 ? 0 : 1)' "$drip" ||
  fail "(b) the slow-drip connection was not closed within 5 to 15 s (null: open after 20 s): $drip"
read -r seconds sent total < <(node -p \
  'const d = JSON.parse(process.argv[1]); [d.seconds, d.headerBytesSent, d.headerBytes].join(" ")' "$drip")
((sent < total)) || fail "(b) the slow-drip client sent its whole header: $drip"
[[ $drip != *'HTTP/1.1 200'* ]] || fail "(b) the slow-drip request was answered: $drip"
if grep -E '"path":"/api/v1/slow-drip"|"requestId":"slow-drip"' "$tmp/ictgate.log"; then
  fail "(b) the slow-drip request reached ictgate"
fi
logged=$(grep '"uri":"/api/v1/slow-drip"' "$tmp/ictgate.access.log" | grep -oE '"status":[0-9]+' | cut -d: -f2 || true)
echo "(b) slow-drip client cut off by nginx after $seconds s, $sent of $total header bytes sent;" \
  "not in ictgate's log; nginx logged ${logged:-nothing}"

# With ictgate stopped, nginx answers 503 problem+json with Retry-After.
kill "$ictgate_pid"
wait "$ictgate_pid" || true
status=$(curl -sk -o "$tmp/body" -D "$tmp/headers" -w '%{http_code} %{content_type}' \
  "https://127.0.0.1:$https_port/api/v1/health/live")
if [[ $status != "503 application/problem+json" ]] || ! grep -qi '^retry-after: 5' "$tmp/headers"; then
  fail "with ictgate stopped: $status $(cat "$tmp/body")"
fi
echo "ictgate stopped: 503 problem+json with Retry-After from nginx"
echo "nginx front: all checks passed in $(elapsed) s"
