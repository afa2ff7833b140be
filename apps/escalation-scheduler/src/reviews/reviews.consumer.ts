import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  REVIEW_PERIOD_KINDS,
  type ReviewGetQueryV1,
  type ReviewHtmlV1,
  type ReviewListQueryV1,
  type ReviewListResultV1,
  type ReviewRunRequestV1,
  type ReviewRunSummaryV1,
  type ReviewRunV1,
  RPC,
  type RpcResult,
} from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { TransactionRunner } from '@orgo/persistence';
import { type Clock, CLOCK, answerRpc } from '@orgo/runtime';
import { Inject } from '@nestjs/common';
import { In, type FindOptionsWhere } from 'typeorm';

import { ReviewRunEntity } from './review-run.entity';
import { toReviewRun } from './review-run.mapper';
import { ReviewRunnerService } from './review-runner.service';

/** The API's review requests (`GET /reviews`, `GET /reviews/{id}`, its HTML, `POST /reviews/run`). */
@Controller()
export class ReviewsConsumer {
  constructor(
    private readonly runner: ReviewRunnerService,
    private readonly tx: TransactionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @MessagePattern(RPC.reviewList)
  list(@Payload() query: ReviewListQueryV1): Promise<RpcResult<ReviewListResultV1>> {
    return answerRpc(async () => {
      const page = Math.max(1, Math.floor(query.page || 1));
      const pageSize = Math.min(100, Math.max(1, Math.floor(query.page_size || 20)));
      const where: FindOptionsWhere<ReviewRunEntity> = {};
      if (query.organization) {
        if (query.scope && !query.scope.includes(query.organization))
          return { items: [], total: 0, page, page_size: pageSize };
        where.organization = query.organization;
      } else if (query.scope) where.organization = In(query.scope);
      if (query.period) where.period = query.period;
      const [rows, total] = await this.tx.read((m) =>
        m.findAndCount(ReviewRunEntity, {
          where,
          order: { periodEnd: 'DESC', createdAt: 'DESC' },
          skip: (page - 1) * pageSize,
          take: pageSize,
        }),
      );
      return {
        items: rows.map((r) => toReviewRun(r, false) as ReviewRunSummaryV1),
        total,
        page,
        page_size: pageSize,
      };
    });
  }

  @MessagePattern(RPC.reviewGet)
  get(@Payload() query: ReviewGetQueryV1): Promise<RpcResult<ReviewRunV1>> {
    return answerRpc(async () => toReviewRun(await this.find(query), true) as ReviewRunV1);
  }

  @MessagePattern(RPC.reviewHtml)
  html(@Payload() query: ReviewGetQueryV1): Promise<RpcResult<ReviewHtmlV1>> {
    return answerRpc(async () => {
      const run = await this.find(query);
      return { id: run.id, html: run.html };
    });
  }

  @MessagePattern(RPC.reviewRun)
  run(@Payload() request: ReviewRunRequestV1): Promise<RpcResult<ReviewRunV1>> {
    return answerRpc(async () => {
      if (request.scope && !request.scope.includes(request.organization)) {
        throw new OrgoError(
          'ORGANIZATION.NOT_FOUND',
          `No organization '${request.organization}' you may review; check the slug`,
          { organization: request.organization },
        );
      }
      if (!REVIEW_PERIOD_KINDS.includes(request.period)) {
        throw new OrgoError(
          'REVIEW.INVALID',
          `period must be one of ${REVIEW_PERIOD_KINDS.join(', ')}; found '${String(request.period)}'`,
          { field: 'period' },
        );
      }
      const at = request.at ? new Date(request.at) : this.clock();
      if (Number.isNaN(at.getTime())) {
        throw new OrgoError(
          'REVIEW.INVALID',
          `at must be an ISO 8601 date or date-time (2026-11-30 or 2026-11-30T08:00:00Z); found '${request.at}'`,
          { field: 'at' },
        );
      }
      return this.runner.run({
        organization: request.organization,
        kind: request.period,
        at,
        trigger: 'manual',
        actor: request.actor,
      });
    });
  }

  private async find(query: ReviewGetQueryV1): Promise<ReviewRunEntity> {
    const run = await this.tx.read((m) => m.findOne(ReviewRunEntity, { where: { id: query.id } }));
    if (!run || (query.scope && !query.scope.includes(run.organization))) {
      throw new OrgoError(
        'REVIEW.NOT_FOUND',
        `No review run '${query.id}' you may read; GET /api/v1/reviews lists them`,
        { id: query.id },
      );
    }
    return run;
  }
}
