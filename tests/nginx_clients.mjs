// The clients of scripts/nginx-test.sh, with Node's built-in https and tls
// modules only. Each prints one JSON line with what it measured.
//
//   node nginx_clients.mjs burst PORT N PATH
//     N HTTPS requests at once, each on its own connection (a TLS handshake
//     each); prints the statuses, the X-Request-Id of each answer, the errors
//     and the wall time.
//   node nginx_clients.mjs drip PORT PATH SECONDS_PER_BYTE GIVE_UP_SECONDS
//     Sends the request line of GET PATH, then its header one byte at a time;
//     prints when the server closed the connection and what it sent, or
//     "seconds": null when it was still open after GIVE_UP_SECONDS.
import https from 'node:https';
import tls from 'node:tls';

const [mode, port, ...args] = process.argv.slice(2);

function burst(n, path) {
  const agent = new https.Agent({ keepAlive: false, maxSockets: Infinity });
  const started = process.hrtime.bigint();
  const statuses = {};
  const errors = {};
  const ids = [];
  let done = 0;
  const finish = () => {
    if (++done < n) return;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(JSON.stringify({ n, statuses, errors, ids, ms: Math.round(ms) }));
  };
  for (let i = 0; i < n; ++i) {
    const req = https.get({ host: '127.0.0.1', port, path, agent, rejectUnauthorized: false,
                            timeout: 30000 }, (res) => {
      statuses[res.statusCode] = (statuses[res.statusCode] || 0) + 1;
      ids.push(res.headers['x-request-id'] || '');
      res.resume();
      res.on('end', finish);
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 30 s')));
    req.on('error', (e) => {
      const key = e.code || e.message;
      errors[key] = (errors[key] || 0) + 1;
      finish();
    });
  }
}

function drip(path, secondsPerByte, giveUpSeconds) {
  const header = 'Host: 127.0.0.1\r\nX-Request-Id: slow-drip\r\nUser-Agent: slow-drip\r\n' +
                 'Accept: */*\r\n\r\n';
  const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false,
                               ALPNProtocols: ['http/1.1'] });
  let started = 0;
  let sent = 0;
  let received = '';
  let error = null;
  let timer = null;
  let gaveUp = false;
  setTimeout(() => { gaveUp = true; socket.destroy(); }, giveUpSeconds * 1000).unref();
  socket.on('secureConnect', () => {
    started = Date.now();
    socket.write(`GET ${path} HTTP/1.1\r\n`);
    timer = setInterval(() => {
      if (sent < header.length) socket.write(header[sent++]);
    }, secondsPerByte * 1000);
  });
  socket.on('data', (d) => { received += d.toString('latin1'); });
  socket.on('error', (e) => { error = e.code || e.message; });
  socket.on('close', () => {
    clearInterval(timer);
    const seconds = gaveUp || !started ? null : (Date.now() - started) / 1000;
    console.log(JSON.stringify({ seconds, headerBytesSent: sent, headerBytes: header.length,
                                 received: received.slice(0, 200), error }));
  });
}

if (mode === 'burst') {
  burst(Number(args[0]), args[1]);
} else if (mode === 'drip') {
  drip(args[0], Number(args[1]), Number(args[2]));
} else {
  console.error('usage: nginx_clients.mjs burst PORT N PATH | ' +
                'drip PORT PATH SECONDS_PER_BYTE GIVE_UP_SECONDS');
  process.exit(2);
}
