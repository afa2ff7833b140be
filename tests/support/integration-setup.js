// Before the integration suites: the real RabbitMQ and PostgreSQL must answer on their standard
// local ports (or the ORGO_TEST_* URLs). Where they do not, say exactly what is missing.
const net = require('node:net');

const targets = [
  ['RabbitMQ', process.env.ORGO_TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672', 5672],
  ['PostgreSQL', process.env.ORGO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test', 5432],
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
  const missing = [];
  for (const [name, url, port] of targets) if (!(await reachable(url, port))) missing.push(`${name} at ${url.replace(/:[^:@/]+@/, ':***@')}`);
  if (missing.length) {
    throw new Error(
      `Integration tests need ${missing.join(' and ')}. Start them on their standard ports ` +
        '(e.g. `rabbitmq-server -detached`, `pg_ctlcluster <version> main start`), or set ORGO_TEST_RABBITMQ_URL / ORGO_TEST_POSTGRES_URL.',
    );
  }
};
