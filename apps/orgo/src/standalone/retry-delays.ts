import type { OrgoConfig } from '@orgo/config';
import { parseDuration } from '@orgo/domain';
import { DEFAULT_RETRY_DELAYS_MS } from '@orgo/messaging';

/**
 * The delays before each retry of a failed message: `services/messaging/*.yaml` `retry_delays`
 * (a list, or a comma-separated text such as `ORGO_MESSAGING__RETRY_DELAYS="1s,10s,1m"`), else
 * 1 s, 10 s, 1 min, 10 min. After the last retry the message is dead-lettered.
 */
export function retryDelaysFrom(config: OrgoConfig): number[] {
  const raw = config.services.messaging?.retry_delays;
  if (raw === undefined) return DEFAULT_RETRY_DELAYS_MS;
  const list = Array.isArray(raw) ? raw : String(raw).split(',');
  return list.map((d) => parseDuration(typeof d === 'number' ? d : String(d).trim()));
}
