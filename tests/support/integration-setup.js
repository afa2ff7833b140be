// Before the integration suites: the real RabbitMQ, PostgreSQL and Redis must answer on their
// standard local ports (or the ORGO_TEST_* URLs). Where they do not, say exactly what is missing.
const { spawnSync } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

const targets = [
  ['RabbitMQ', 'ORGO_TEST_RABBITMQ_URL', process.env.ORGO_TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672', 5672, '`rabbitmq-server -detached`'],
  ['PostgreSQL', 'ORGO_TEST_POSTGRES_URL', process.env.ORGO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test', 5432, '`pg_ctlcluster <version> main start`'],
  ['Redis', 'ORGO_TEST_REDIS_URL', process.env.ORGO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', 6379, '`redis-server --daemonize yes`'],
];

function reachable(url, fallbackPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || fallbackPort), timeout: 3000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

module.exports = async () => {
  // The suites that open the dashboard need it built (npm test builds it first; a suite run alone may not have).
  const build = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'build-dashboard.js')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('The dashboard did not build (see above): run npm run build:dashboard and fix what it reports.');
  const missing = [];
  for (const [name, variable, url, port, start] of targets) {
    if (!(await reachable(url, port))) missing.push({ name, variable, url: url.replace(/:[^:@/]+@/, ':***@'), start });
  }
  if (missing.length) {
    throw new Error(
      `Integration tests need ${missing.map((m) => `${m.name} at ${m.url}`).join(' and ')}, which did not answer. ` +
        `Start ${missing.length > 1 ? 'them' : 'it'} on the standard port${missing.length > 1 ? 's' : ''} (${missing.map((m) => m.start).join(', ')}), ` +
        `or point the tests elsewhere with ${missing.map((m) => m.variable).join(' / ')}.`,
    );
  }
};
