import { Controller, ForbiddenException, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { type AuditVerifyQueryV1, type AuditVerifyResultV1, RPC } from '@orgo/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RpcClient } from '../common/rpc-client';

export class AuditQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() task_id?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() email_id?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() correlation_id?: string;
  @ApiPropertyOptional({ enum: ['task', 'email', 'workflow', 'security', 'system'] })
  @IsOptional()
  @IsIn(['task', 'email', 'workflow', 'security', 'system'])
  category?: string;
  @ApiPropertyOptional({ description: 'Routing key; * matches anything, e.g. task.*.created' })
  @IsOptional()
  @Matches(/^[a-z0-9_.*-]{1,255}$/, { message: 'action must be a routing key such as task.*.created' })
  action?: string;
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

const CATEGORIES = ['task', 'email', 'workflow', 'security', 'system'];

export class AuditVerifyQueryDto {
  @ApiPropertyOptional({ description: "Count only this organization's entries; every chain is still checked whole (ADR 0007)" })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,99}$/, { message: 'org must be an organization slug' })
  org?: string;
  @ApiPropertyOptional({ enum: CATEGORIES, description: 'Check only this chain' })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: string;
}

/** The audit trail (administrators). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  list(@Query() query: AuditQueryDto, @CurrentUser() user: AuthUser): Promise<unknown> {
    this.requireAdmin(user);
    return this.rpc.call(RPC.auditList, { ...query, limit: query.limit ?? 100, offset: query.offset ?? 0, scope: user.scope });
  }

  /**
   * The same verification as `orgo audit verify`: `ok`, the entries checked, each chain's counts and
   * the first break (`what`: one of AUDIT_BREAK_KINDS).
   */
  @Get('verify')
  verify(@Query() query: AuditVerifyQueryDto, @CurrentUser() user: AuthUser): Promise<AuditVerifyResultV1> {
    this.requireAdmin(user);
    if (query.org && user.scope !== null && !user.scope.includes(query.org)) throw new ForbiddenException(`You administer no organization '${query.org}'`);
    const request: AuditVerifyQueryV1 = { organization: query.org, category: query.category };
    return this.rpc.call(RPC.auditVerify, request);
  }

  private requireAdmin(user: AuthUser): void {
    if (user.role !== 'admin') throw new ForbiddenException('Reading the audit trail needs the administrator role');
  }
}
