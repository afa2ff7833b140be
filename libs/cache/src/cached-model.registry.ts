import { randomUUID } from 'node:crypto';

import { type CachedKind, type InvalidationMessage, cacheKey, contentHash, invalidationChannel, isInvalidationMessage } from './cache-keys';
import { cacheMetrics } from './cache-metrics';
import type { CacheLogger, SharedCache } from './shared-cache';

/** How one kind of per-organization value is read from local sources and from its cached model. */
export interface CachedModelSource<Model, Value> {
  kind: CachedKind;
  /** The organizations this replica's configuration knows. */
  organizations(): string[];
  /** The local sources of an organization as JSON (rule files, organization model): what is hashed. */
  content(organization: string): unknown;
  /** Validates the local sources and builds the value: the slow path, and the one that throws on bad input. */
  build(organization: string): Value;
  /** What is stored in the shared cache: plain JSON (no functions). */
  toModel(value: Value): Model;
  /** The value from a cached model: the fast path (no parsing, no validation). Throws on an unusable model. */
  fromModel(model: Model): Value;
}

export interface CachedModelRegistryOptions {
  cache: SharedCache;
  /** For the metrics' `service` label. */
  service?: string;
  ttlSeconds?: number;
  logger?: CacheLogger;
}

interface Loaded<Value> {
  hash: string;
  value: Value;
}

/** What `reload` did with an organization's changed local sources. */
export type ReloadOutcome =
  | { status: 'unchanged'; hash: string }
  | { status: 'reloaded'; hash: string }
  /** The new sources did not build: the version in use (`inUse`) keeps serving. */
  | { status: 'rejected'; hash: string; inUse: string | undefined; error: unknown };

/** Why a version is loaded: the start, another replica's announcement, or this replica's changed files. */
type LoadReason = 'start' | 'announcement' | 'files';

/**
 * Per-organization values (compiled rule sets, organization directories) kept in memory, shared
 * between replicas through the cache under `<namespace>:<kind>:<organization>:<content hash>`.
 *
 * A replica hashes its local sources; when the cache holds that hash it only revives the model,
 * otherwise it validates and builds locally, stores the model, and announces the hash on
 * `<namespace>:invalidate`. Every other replica whose copy has another hash drops it for the
 * announced one, loaded from the cache (or from its own sources when the cache cannot answer); the
 * old copy serves until the new one is ready, so no message waits. The cache being down costs
 * time, never correctness.
 */
export class CachedModelRegistry<Model, Value> {
  readonly origin = randomUUID();
  private readonly values = new Map<string, Loaded<Value>>();
  private readonly announced = new Map<string, string>();
  private readonly localHashes = new Map<string, string>();
  private readonly reloads = new Set<Promise<void>>();
  private readonly service: string;
  private unsubscribe?: () => Promise<void>;

  constructor(
    private readonly source: CachedModelSource<Model, Value>,
    private readonly options: CachedModelRegistryOptions,
  ) {
    this.service = options.service ?? 'orgo';
  }

  /** Listens for announcements and loads every organization (a bad local source throws here). */
  async start(): Promise<void> {
    this.unsubscribe ??= await this.options.cache.subscribe(invalidationChannel(this.options.cache.namespace), (m) => this.onMessage(m));
    for (const organization of this.source.organizations()) {
      this.values.set(organization, (await this.load(organization, this.localHash(organization), 'start'))!);
    }
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.settled();
  }

  /** The value of an organization, or undefined when this replica's configuration does not know it. */
  get(organization: string): Value | undefined {
    return this.values.get(organization)?.value;
  }

  /** The content hash of the value in use for an organization. */
  hashOf(organization: string): string | undefined {
    return this.values.get(organization)?.hash;
  }

  /** The content hash of this replica's own sources for an organization. */
  localHash(organization: string): string {
    let hash = this.localHashes.get(organization);
    if (!hash) {
      hash = contentHash({ organization, content: this.source.content(organization) });
      this.localHashes.set(organization, hash);
    }
    return hash;
  }

  /**
   * This replica's sources of an organization changed while it runs (a watcher saw its files
   * change): when their hash differs from the last one seen, loads them (from the cache, else
   * validated and built), swaps them in and announces the hash so every replica moves to it. New
   * sources that do not build are rejected and the version in use keeps serving; values taken
   * before the swap stay as they were (a value is never changed in place).
   */
  async reload(organization: string): Promise<ReloadOutcome> {
    const previous = this.localHashes.get(organization);
    this.localHashes.delete(organization);
    const hash = this.localHash(organization);
    if (hash === previous || !this.values.has(organization)) return { status: 'unchanged', hash };
    // Newer than any announcement received so far: a reload of one still in flight does not replace it.
    this.announced.set(organization, hash);
    try {
      const loaded = await this.load(organization, hash, 'files');
      if (loaded && this.announced.get(organization) === hash) this.values.set(organization, loaded);
      // Found in the cache or built here: either way the other replicas learn of the change.
      await this.announce(organization, hash);
      return { status: 'reloaded', hash };
    } catch (error) {
      return { status: 'rejected', hash, inUse: this.hashOf(organization), error };
    }
  }

  /** Resolves when the reloads that announcements started have finished. */
  async settled(): Promise<void> {
    while (this.reloads.size) await Promise.all([...this.reloads]);
  }

  /** The version `wanted`; undefined when an announced version can be had neither from the cache nor from the own sources. */
  private async load(organization: string, wanted: string, reason: LoadReason): Promise<Loaded<Value> | undefined> {
    const { cache, logger } = this.options;
    const { kind } = this.source;
    const local = this.localHash(organization);
    const model = await cache.getJson<Model>(cacheKey(cache.namespace, kind, organization, wanted));
    if (model !== undefined) {
      try {
        const value = this.source.fromModel(model);
        cacheMetrics.hits.inc({ service: this.service, kind });
        return { hash: wanted, value };
      } catch (error) {
        cacheMetrics.errors.inc({ service: this.service, operation: `revive-${kind}` });
        logger?.warn({ err: error, organization, kind, hash: wanted }, 'cached model unusable; building it from the local files');
      }
    }
    cacheMetrics.misses.inc({ service: this.service, kind });
    if (wanted !== local) {
      // Neither the cache nor this replica's files have the announced version: the one in use stays.
      logger?.warn({ organization, kind, announced: wanted, local, inUse: this.hashOf(organization) }, 'announced model neither in the shared cache nor in this replica’s files; keeping the version in use');
      return undefined;
    }
    const value = this.source.build(organization);
    await cache.setJson(cacheKey(cache.namespace, kind, organization, local), this.source.toModel(value), this.options.ttlSeconds);
    // A replica that had to build a hash itself is the first to load it: it tells the others.
    if (reason !== 'files') await this.announce(organization, local);
    return { hash: local, value };
  }

  private async announce(organization: string, hash: string): Promise<void> {
    const { cache } = this.options;
    const message: InvalidationMessage = { kind: this.source.kind, organization, hash, origin: this.origin };
    await cache.publish(invalidationChannel(cache.namespace), message);
  }

  private onMessage(message: unknown): void {
    if (!isInvalidationMessage(message) || message.kind !== this.source.kind || message.origin === this.origin) return;
    const { organization, hash, kind } = message;
    if (!this.values.has(organization) || this.hashOf(organization) === hash || this.announced.get(organization) === hash) return;
    this.announced.set(organization, hash);
    cacheMetrics.invalidations.inc({ service: this.service, kind });
    this.options.logger?.info({ organization, kind, hash }, 'another replica loaded a new version; reloading it');
    const reload = this.load(organization, hash, 'announcement')
      .then((loaded) => {
        // A later announcement (or a change of this replica's files) wins over this one.
        if (loaded && this.announced.get(organization) === hash) this.values.set(organization, loaded);
      })
      .catch((error: Error) => this.options.logger?.warn({ err: error, organization, kind, hash }, 'reload failed; keeping the version in use'))
      .finally(() => this.reloads.delete(reload));
    this.reloads.add(reload);
  }
}
