/* eslint-disable @typescript-eslint/no-require-imports */
// Preloaded into each measured Orgo process by the bench (NODE_OPTIONS=--require):
// - with ORGO_BENCH_SQL_DIR: counts the SQL statements the process runs — better-sqlite3 statement
//   runs and execs (standalone), pg client queries (distributed) — and writes the running total to
//   <dir>/sql-<pid>.json twice a second;
// - with ORGO_BENCH_PROFILE_DIR: records a V8 CPU profile of the main thread from here to the exit
//   (or the SIGTERM that stops it) and writes it as <dir>/<pid>.cpuprofile (what `node --cpu-prof` does; NODE_OPTIONS may not carry
//   that flag). Parse worker threads are not profiled.
// It changes nothing else.
const fs = require('node:fs');
const path = require('node:path');
const { isMainThread } = require('node:worker_threads');

const profileDir = process.env.ORGO_BENCH_PROFILE_DIR;
if (profileDir && isMainThread) {
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // A session on the main thread answers synchronously, so the profile is written at once.
    session.post('Profiler.stop', (error, result) => {
      if (!error) fs.writeFileSync(path.join(profileDir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on('exit', write);
  // A stop by SIGTERM may end in the signal's default action (no 'exit' event): write the profile
  // first (the run, without the shutdown); alone, re-raise the signal so that it still stops the process.
  process.prependOnceListener('SIGTERM', () => {
    write();
    if (process.listenerCount('SIGTERM') === 0) process.kill(process.pid, 'SIGTERM');
  });
}

const dir = process.env.ORGO_BENCH_SQL_DIR;
if (dir && isMainThread) {
  const counts = { statements: 0 };
  // With ORGO_BENCH_SQL_TEXTS=<dir>: also how often each statement text ran (numbers and parameter
  // lists folded) and for how long (SQLite), written to <dir>/sql-texts-<pid>.json, slowest first.
  const texts = process.env.ORGO_BENCH_SQL_TEXTS ? new Map() : undefined;
  const fold = (sql) => String(sql).replace(/\s+/g, ' ').replace(/(\$\d+|\?)(\s*,\s*(\$\d+|\?))+/g, '?…').replace(/\b\d+\b/g, 'N').slice(0, 200);
  const count = (target, method) => {
    const original = target[method];
    if (typeof original !== 'function' || original.__benchCounted) return;
    target[method] = function counted(...args) {
      counts.statements++;
      if (!texts) return original.apply(this, args);
      const sql = fold(typeof this.source === 'string' ? this.source : args[0] && typeof args[0] === 'object' ? args[0].text : args[0]);
      const seen = texts.get(sql) ?? { count: 0, ms: 0 };
      texts.set(sql, seen);
      seen.count++;
      const started = process.hrtime.bigint();
      try {
        return original.apply(this, args);
      } finally {
        // Synchronous for SQLite (the time the statement ran); for pg only the time to queue it.
        seen.ms += Number(process.hrtime.bigint() - started) / 1e6;
      }
    };
    target[method].__benchCounted = true;
  };
  try {
    const Database = require('better-sqlite3');
    const prepare = Database.prototype.prepare;
    Database.prototype.prepare = function prepared(...args) {
      const statement = prepare.apply(this, args);
      const proto = Object.getPrototypeOf(statement);
      for (const method of ['run', 'get', 'all', 'iterate']) count(proto, method);
      return statement;
    };
    count(Database.prototype, 'exec');
  } catch {
    /* not installed: nothing to count */
  }
  try {
    count(require('pg').Client.prototype, 'query');
  } catch {
    /* not installed */
  }
  const file = path.join(dir, `sql-${process.pid}.json`);
  const write = () => {
    try {
      fs.writeFileSync(`${file}.tmp`, JSON.stringify({ pid: process.pid, argv: process.argv.slice(2), ...counts }));
      if (texts) {
        const top = [...texts].sort((a, b) => b[1].ms - a[1].ms).slice(0, 80).map(([sql, { count, ms }]) => ({ ms: Math.round(ms), count, sql }));
        fs.writeFileSync(path.join(process.env.ORGO_BENCH_SQL_TEXTS, `sql-texts-${process.pid}.json`), JSON.stringify(top, null, 1));
      }
      fs.renameSync(`${file}.tmp`, file);
    } catch {
      /* the folder is gone: the bench is over */
    }
  };
  setInterval(write, 500).unref();
  process.on('exit', write);
}
