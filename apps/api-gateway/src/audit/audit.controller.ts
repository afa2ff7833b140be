import { BadRequestException, Controller, ForbiddenException, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { type AuditVerifyQueryV1, type AuditVerifyResultV1, RPC } from '@orgo/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

import { type AuthUser, PRIVACY_OFFICER } from '../auth/auth-user';
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

/** The audit trail: administrators and privacy officers (SPEC §1: the auditor reads it), each within their organizations. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  list(@Query() query: AuditQueryDto, @CurrentUser() user: AuthUser): Promise<unknown> {
    this.requireAuditor(user);
    return this.rpc.call(RPC.auditList, { ...query, limit: query.limit ?? 100, offset: query.offset ?? 0, scope: user.scope });
  }

  /**
   * The same verification as `orgo audit verify`: `ok`, the entries checked, each chain's counts and
   * the first break (`what`: one of AUDIT_BREAK_KINDS).
   */
  @Get('verify')
  verify(@Query() query: AuditVerifyQueryDto, @CurrentUser() user: AuthUser): Promise<AuditVerifyResultV1> {
    this.requireAuditor(user);
    if (query.org && user.scope !== null && !user.scope.includes(query.org)) throw new ForbiddenException(`You may not audit organization '${query.org}'`);
    // A caller limited to some organizations hears only about theirs: one by default, else the one named.
    const org = query.org ?? (user.scope !== null && user.scope.length === 1 ? user.scope[0] : undefined);
    if (!org && user.scope !== null) throw new BadRequestException(`Name the organization to verify with ?org= (one of ${user.scope.join(', ')})`);
    const request: AuditVerifyQueryV1 = { organization: org, category: query.category };
    return this.rpc.call(RPC.auditVerify, request);
  }

  private requireAuditor(user: AuthUser): void {
    if (user.role !== 'admin' && !user.permissions.includes(PRIVACY_OFFICER)) {
      throw new ForbiddenException('Reading the audit trail needs the administrator role or the privacy_officer permission');
    }
  }
}
