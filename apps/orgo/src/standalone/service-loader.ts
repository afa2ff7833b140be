import fs from 'node:fs';
import path from 'node:path';

import type { ServiceName } from '@orgo/contracts';
import type { ServiceDefinition } from '@orgo/runtime';

const APPS_DIR = path.resolve(__dirname, '..', '..', '..');

/**
 * Loads a service's definition by name from `apps/<name>/src/service` — the same entry whether all
 * eight run in this process (standalone) or one runs per container (distributed). The launcher
 * holds no static import of any app: services stay independently deployable.
 */
export function loadServiceDefinition(name: ServiceName): ServiceDefinition {
  const base = path.join(APPS_DIR, name, 'src', 'service');
  if (!['.ts', '.js'].some((ext) => fs.existsSync(base + ext))) {
    throw new Error(`Service '${name}' has no entry at ${base}.ts`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(base) as { service?: ServiceDefinition };
  if (!loaded.service || loaded.service.name !== name) throw new Error(`${base} does not export the definition of '${name}'`);
  return loaded.service;
}
