/**
 * The rules part of `npm run bench`: evaluation throughput of a generated 200-rule organization
 * rule set on parsed sample emails, and the cost of loading that set cold (a cache miss: validate,
 * compile, store) versus warm (a hit: fetch the stored model, compile the conditions only), through
 * the shared cache in Redis and in memory. Fixed iteration counts; figures, not assertions.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { CachedModelRegistry, MemoryCache, cacheMetrics, RedisCache, type SharedCache, cacheKey, ruleSetSource } from '@orgo/cache';
import { type OrgoConfig, loadConfig, parserSettingsFrom, readRuleFiles } from '@orgo/config';
import type { ValidationIssue } from '@orgo/domain';
import { parseRawEmail } from '@orgo/mail-parsing';
import { type CompiledRuleSet, type EmailFacts, compileRuleSet, emailFacts, evaluateEmail, validateRuleSources } from '@orgo/rules';
import { tempDir } from '@orgo/testing';
import Redis from 'ioredis';

import { generateRuleSet } from './rule-set-generator';

const CONFIG = path.join(__dirname, 'config');
const CORPUS = '/work/shared/corpus/eml';
/** Real messages from the shared corpus, next to the bench's own leak report. */
const CORPUS_MESSAGES = ['mailparser/nodemailer.eml', 'mailparser/spam.eml', 'mailparser/nested.eml', 'mailparser/delivery-status.eml', 'mailparser/decoderended.eml'];
const ORGANIZATION = 'bench';
const RULES = Number(process.env.BENCH_RULES_COUNT ?? 200);
const ITERATIONS = Number(process.env.BENCH_RULES_ITERATIONS ?? 2000);
const LOADS = Number(process.env.BENCH_RULES_LOADS ?? 50);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

const SAMPLE = [
  'From: reporter7@members.example',
  'To: repairs@bench.example',
  'Subject: Water leak report 7',
  'Message-ID: <rules-sample@bench.example>',
  'Date: Tue, 24 Nov 2026 10:00:00 +0000',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hello,\r\n\r\nThere is water on the floor of room 12 again, the pipe above the sink leaks.\r\n'.repeat(12),
].join('\r\n');

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The bench configuration with its organization's rules replaced by generated YAML, loaded as Orgo loads a folder. */
function generatedConfig(stopFalse: boolean): { config: OrgoConfig; dir: string; matching: string[] } {
  const dir = tempDir('orgo-bench-rules-');
  fs.cpSync(CONFIG, dir, { recursive: true });
  const { yaml, matching } = generateRuleSet(RULES, stopFalse);
  fs.writeFileSync(path.join(dir, 'organizations', ORGANIZATION, 'rules', 'bench.yaml'), yaml);
  return { config: loadConfig(dir, { env: {} }), dir, matching };
}

/** The sample leak report and the corpus messages, parsed as the parser service parses them, as rule facts. */
async function sampleFacts(config: OrgoConfig): Promise<{ name: string; facts: EmailFacts }[]> {
  const settings = parserSettingsFrom(config.services);
  const model = config.organizations.find((o) => o.slug === ORGANIZATION)!;
  // The corpus messages arrive at the front desk: none of the generated rules matches them, so every rule is tested.
  const raws = [
    { name: 'leak report (sample)', raw: Buffer.from(SAMPLE), mailbox: 'repairs@bench.example' },
    ...CORPUS_MESSAGES.map((f) => ({ name: f, raw: fs.readFileSync(path.join(CORPUS, f)), mailbox: 'hello@bench.example' })),
  ];
  const out: { name: string; facts: EmailFacts }[] = [];
  for (const { name, raw, mailbox } of raws) {
    const received = { emailId: randomUUID(), mailbox, messageId: null, receivedAt: new Date().toISOString() };
    out.push({ name, facts: emailFacts(await parseRawEmail(raw, received, settings), model) });
  }
  return out;
}

/** `ITERATIONS` passes over every email; rules evaluated = rules whose condition was tested. */
function evaluationThroughput(set: CompiledRuleSet, emails: { name: string; facts: EmailFacts }[]) {
  const considered = (facts: EmailFacts) => evaluateEmail(set, facts).trace.filter((t) => !t.reason.startsWith('not considered')).length;
  for (let i = 0; i < Math.min(50, ITERATIONS); i++) for (const e of emails) evaluateEmail(set, e.facts); // warm-up (JIT)
  const perEmail = emails.map((e) => ({ email: e.name, rules_evaluated: considered(e.facts), matched: evaluateEmail(set, e.facts).matched.length }));
  const rulesPerPass = perEmail.reduce((sum, e) => sum + e.rules_evaluated, 0);
  const started = performance.now();
  for (let i = 0; i < ITERATIONS; i++) for (const e of emails) evaluateEmail(set, e.facts);
  const seconds = (performance.now() - started) / 1000;
  return {
    rules: set.emailRules.length,
    emails_evaluated: ITERATIONS * emails.length,
    rule_evaluations: ITERATIONS * rulesPerPass,
    seconds: round(seconds, 3),
    rules_per_second: Math.round((ITERATIONS * rulesPerPass) / seconds),
    emails_per_second: Math.round((ITERATIONS * emails.length) / seconds),
    per_email: perEmail,
  };
}

/** One load through the registry as a service starts it: hash the files, then a hit (revive) or a miss (validate, compile, store, announce). */
async function timedLoad(config: OrgoConfig, cache: SharedCache): Promise<{ ms: number; hash: string; hit: boolean }> {
  const hits = async () => (await cacheMetrics.hits.get()).values.reduce((sum, v) => sum + v.value, 0);
  const hitsBefore = await hits();
  const registry = new CachedModelRegistry(ruleSetSource(config), { cache, service: 'bench' });
  const started = performance.now();
  await registry.start();
  const rules = registry.get(ORGANIZATION)?.emailRules.length;
  const ms = performance.now() - started;
  await registry.stop();
  if (rules !== RULES) throw new Error(`the registry loaded ${rules} rules, not ${RULES}`);
  return { ms, hash: registry.hashOf(ORGANIZATION)!, hit: (await hits()) > hitsBefore };
}

/**
 * `LOADS` pairs of loads, interleaved so that the machine's load drifts alike on both: a cold one
 * (the entry removed before it; it stores the entry again) then a warm one (it finds that entry).
 */
async function coldVersusWarm(config: OrgoConfig, cache: SharedCache, forget: (key: string) => Promise<void>) {
  const key = (hash: string) => cacheKey(cache.namespace, 'rules', ORGANIZATION, hash);
  const hash = (await timedLoad(config, cache)).hash; // warm-up (JIT, connection)
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    await forget(key(hash));
    const [c, w] = [await timedLoad(config, cache), await timedLoad(config, cache)];
    if (c.hit || !w.hit) throw new Error(`expected a miss then a hit, got a ${c.hit ? 'hit' : 'miss'} then a ${w.hit ? 'hit' : 'miss'} (is the cache answering?)`);
    cold.push(c.ms);
    warm.push(w.ms);
  }
  cold.sort((a, b) => a - b);
  warm.sort((a, b) => a - b);
  const summary = (ms: number[]) => ({ p50: round(percentile(ms, 50), 2), p90: round(percentile(ms, 90), 2), min: round(ms[0], 2) });
  return { loads: LOADS, cold_ms: summary(cold), warm_ms: summary(warm), cold_over_warm_p50: round(percentile(cold, 50) / percentile(warm, 50), 2) };
}

/** Validating and compiling straight from the files (no cache), and reading the YAML: what a cold load contains. */
function localCosts(config: OrgoConfig) {
  const time = (fn: () => void) => {
    const ms: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const started = performance.now();
      fn();
      ms.push(performance.now() - started);
    }
    return round(percentile(ms.sort((a, b) => a - b), 50), 2);
  };
  const organizations = config.organizations.map((o) => o.slug);
  return {
    read_yaml_ms_p50: time(() => readRuleFiles(config.dir, organizations, [] as ValidationIssue[])),
    validate_ms_p50: time(() => validateRuleSources(config.ruleFiles)),
    validate_and_compile_ms_p50: time(() => compileRuleSet(config.ruleFiles, ORGANIZATION)),
  };
}

async function redisCacheEffect(config: OrgoConfig) {
  const namespace = `bench${randomUUID().slice(0, 8)}`;
  const cache = new RedisCache({ url: REDIS_URL, namespace, service: 'bench' });
  const raw = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await raw.connect();
  try {
    const result = await coldVersusWarm(config, cache, async (key) => void (await raw.del(key)));
    // The cache answers a failure as a miss: figures taken while Redis was not answering would be no warm loads at all.
    if (cache.status() !== 'up') throw new Error(`Redis at ${REDIS_URL} did not answer (cache ${cache.status()}); start it and run the bench again`);
    return { url: REDIS_URL, ...result };
  } finally {
    const keys = await raw.keys(`${namespace}:*`);
    if (keys.length) await raw.del(...keys);
    await cache.close();
    await raw.quit();
  }
}

/** The `rules` object of the bench report. */
export async function benchRules() {
  const firstMatch = generatedConfig(false);
  const walkAll = generatedConfig(true);
  try {
    const emails = await sampleFacts(firstMatch.config);
    const sets = { first_match: compileRuleSet(firstMatch.config.ruleFiles, ORGANIZATION), stop_false: compileRuleSet(walkAll.config.ruleFiles, ORGANIZATION) };
    const sampleMatched = evaluateEmail(sets.stop_false, emails[0].facts).matched;
    if (sampleMatched.join() !== walkAll.matching.join()) throw new Error(`the sample email matched ${sampleMatched.length} rules, not the ${walkAll.matching.length} generated to match it`);
    process.stderr.write('bench: rules (evaluation)…\n');
    const evaluation = { first_match: evaluationThroughput(sets.first_match, emails), stop_false: evaluationThroughput(sets.stop_false, emails) };
    process.stderr.write('bench: rules (cold versus warm loads)…\n');
    const local = localCosts(firstMatch.config);
    const memoryCache = new MemoryCache({ namespace: 'bench' });
    // The memory cache has no delete: an entry stored with no time to live is expired, so the next load misses.
    const memory = await coldVersusWarm(firstMatch.config, memoryCache, (key) => memoryCache.setJson(key, null, 0));
    const redis = await redisCacheEffect(firstMatch.config);
    return {
      rule_set: { rules: RULES, rules_matching_sample: walkAll.matching.length, emails: emails.map((e) => e.name), iterations: ITERATIONS },
      evaluation,
      load: { ...local, memory_cache: memory, redis_cache: redis },
      note:
        'rules_per_second = conditions tested / seconds over ITERATIONS passes of every email; first_match stops at the first matching rule, stop_false walks every rule. ' +
        'cold = registry start on a cache miss (hash the files, validate, compile, store, announce); warm = on a hit (hash, fetch the stored model, compile the conditions only); p50 of LOADS loads each',
    };
  } finally {
    for (const dir of [firstMatch.dir, walkAll.dir]) fs.rmSync(dir, { recursive: true, force: true });
  }
}
