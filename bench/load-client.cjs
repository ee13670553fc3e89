// One autocannon run in its own process, so load generation does not share an event loop with
// anything else. Reads its options as JSON from argv[2]; prints one JSON line of results.
const autocannon = require("autocannon");

const options = JSON.parse(process.argv[2]);
const statuses = {};
const instance = autocannon(
  {
    url: options.url,
    connections: options.connections,
    duration: options.duration,
    headers: options.headers || {},
    timeout: 30,
  },
  (err, result) => {
    if (err) {
      process.stderr.write(String(err));
      process.exit(1);
    }
    process.stdout.write(
      `${JSON.stringify({
        requests: result.requests.total,
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        duration: result.duration,
        statuses,
        errors: result.errors,
        timeouts: result.timeouts,
      })}\n`,
    );
  },
);
instance.on("response", (_client, statusCode) => {
  statuses[statusCode] = (statuses[statusCode] || 0) + 1;
});
