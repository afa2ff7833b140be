import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import {
  type ReviewHtmlV1,
  type ReviewListQueryV1,
  type ReviewListResultV1,
  type ReviewRunRequestV1,
  type ReviewRunV1,
  RPC,
} from '@orgo/contracts';
import { positionsHeldBy } from '@orgo/domain';
import { SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';
import type { Response } from 'express';

import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RpcClient } from '../common/rpc-client';
import { ReviewListQueryDto, ReviewRunDto } from './reviews.dto';

/** The report's own page: no script may run in it, only its inline style and SVG. */
const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

/**
 * Reviews (SPEC §6 "Reviews and patterns", §7): the escalation-scheduler's stored runs and reports.
 * Readers: administrators (their scope), and leadership and department heads — holders of a
 * position of level 1–99 — of their own organizations. Running a review: administrators.
 */
@ApiTags('reviews')
@ApiBearerAuth()
@Controller('api/v1/reviews')
export class ReviewsController {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Review runs, newest period first',
    description: 'Filters: organization, period; page and page_size (≤ 100).',
  })
  @ApiOkResponse({ description: '`{ items: ReviewRunSummary[], total, page, page_size }`' })
  list(@Query() query: ReviewListQueryDto, @CurrentUser() user: AuthUser): Promise<ReviewListResultV1> {
    const request: ReviewListQueryV1 = {
      organization: query.organization,
      period: query.period,
      scope: this.readable(user),
      page: query.page ?? 1,
      page_size: query.page_size ?? 20,
    };
    return this.rpc.call(RPC.reviewList, request);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One review run with its report (JSON, schema in docs/reviews.md)' })
  @ApiNotFoundResponse({ description: 'No such run, or not one you may read' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser): Promise<ReviewRunV1> {
    return this.rpc.call(RPC.reviewGet, { id, scope: this.readable(user) });
  }

  @Get(':id/report.html')
  @ApiOperation({ summary: "The run's report as HTML with its SVG charts (what the report mail carries)" })
  @ApiProduces('text/html')
  @Header('Cache-Control', 'private, no-store')
  async html(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ): Promise<void> {
    const report = await this.rpc.call<ReviewHtmlV1>(RPC.reviewHtml, { id, scope: this.readable(user) });
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Security-Policy', REPORT_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(report.html);
  }

  @Post('run')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Run a review now (administrators)',
    description:
      'Reviews the period of `period` that ended last at or before `at` (default now) and stores it; its patterns act as in a scheduled run, once per cluster.',
  })
  @ApiForbiddenResponse({ description: 'Only administrators run reviews' })
  run(@Body() body: ReviewRunDto, @CurrentUser() user: AuthUser): Promise<ReviewRunV1> {
    if (user.role !== 'admin')
      throw new ForbiddenException(
        'Running a review needs the administrator role; an administrator can run it (POST /api/v1/reviews/run or orgo review run)',
      );
    const request: ReviewRunRequestV1 = {
      organization: body.organization,
      period: body.period,
      at: body.at,
      scope: user.scope,
      actor: user.email,
    };
    return this.rpc.call(RPC.reviewRun, request);
  }

  /** The organizations whose reviews the caller may read: an admin's scope; else where they hold a position of level 1–99. */
  private readable(user: AuthUser): string[] | null {
    if (user.role === 'admin') return user.scope;
    const organizations = this.context.config.organizations.filter(
      (o) => user.scope === null || user.scope.includes(o.slug),
    );
    const led = organizations
      .filter((o) => positionsHeldBy(o, user.email).some((p) => p.level >= 1 && p.level <= 99))
      .map((o) => o.slug);
    if (led.length === 0)
      throw new ForbiddenException(
        'Reviews are for administrators and for holders of leadership or department-head positions (levels 1–99)',
      );
    return led;
  }
}
