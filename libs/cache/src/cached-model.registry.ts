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
      this.values.set(organization, await this.load(organization, this.localHash(organization)));
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

  /** Resolves when the reloads that announcements started have finished. */
  async settled(): Promise<void> {
    while (this.reloads.size) await Promise.all([...this.reloads]);
  }

  private async load(organization: string, wanted: string): Promise<Loaded<Value>> {
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
      logger?.warn({ organization, kind, announced: wanted, local }, 'announced model not in the shared cache; using this replica’s own files');
    }
    const value = this.source.build(organization);
    await cache.setJson(cacheKey(cache.namespace, kind, organization, local), this.source.toModel(value), this.options.ttlSeconds);
    // A replica that had to build a hash itself is the first to load it: it tells the others.
    const message: InvalidationMessage = { kind, organization, hash: local, origin: this.origin };
    if (wanted === local) await cache.publish(invalidationChannel(cache.namespace), message);
    return { hash: local, value };
  }

  private onMessage(message: unknown): void {
    if (!isInvalidationMessage(message) || message.kind !== this.source.kind || message.origin === this.origin) return;
    const { organization, hash, kind } = message;
    if (!this.values.has(organization) || this.hashOf(organization) === hash || this.announced.get(organization) === hash) return;
    this.announced.set(organization, hash);
    cacheMetrics.invalidations.inc({ service: this.service, kind });
    this.options.logger?.info({ organization, kind, hash }, 'another replica loaded a new version; reloading it');
    const reload = this.load(organization, hash)
      .then((loaded) => {
        // A later announcement wins over this one.
        if (this.announced.get(organization) === hash) this.values.set(organization, loaded);
      })
      .catch((error: Error) => this.options.logger?.warn({ err: error, organization, kind, hash }, 'reload failed; keeping the version in use'))
      .finally(() => this.reloads.delete(reload));
    this.reloads.add(reload);
  }
}
