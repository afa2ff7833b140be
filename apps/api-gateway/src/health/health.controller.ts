import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';
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
  async ready(): Promise<{ status: 'ready'; services: unknown[] }> {
    let database = false;
    try {
      await this.dataSource.query('SELECT 1');
      database = true;
    } catch {
      database = false;
    }
    const services = [{ service: 'api-gateway', ready: database, details: { database } }, ...(this.context.readiness?.() ?? [])];
    if (services.some((s) => !s.ready)) {
      throw new HttpException({ message: 'Not ready', services }, HttpStatus.SERVICE_UNAVAILABLE);
    }
    return { status: 'ready', services };
  }
}
