import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type ReadinessReport, SERVICE_CONTEXT, type ServiceContext, serviceHealth } from '@orgo/runtime';
import { DataSource } from 'typeorm';

import { Public } from '../auth/public.decorator';

/** Liveness and readiness probes (Kubernetes wires these; the standalone launcher waits on ready). */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<{ status: 'ready' | 'degraded'; services: unknown[] }> {
    let database = false;
    try {
      await this.dataSource.query('SELECT 1');
      database = true;
    } catch {
      database = false;
    }
    const reports: ReadinessReport[] = [{ service: 'api-gateway', ready: database, details: { database } }, ...(this.context.readiness?.() ?? [])];
    // A service may run degraded (a mailbox that cannot log in): still ready, and the body says why.
    const services = reports.map((r) => {
      const health = serviceHealth.report(r.service);
      return health ? { ...r, degraded: health.degraded, details: { ...r.details, ...health.details } } : r;
    });
    if (services.some((s) => !s.ready)) {
      throw new HttpException({ message: 'Not ready', services }, HttpStatus.SERVICE_UNAVAILABLE);
    }
    return { status: services.some((s) => 'degraded' in s && s.degraded) ? 'degraded' : 'ready', services };
  }
}
