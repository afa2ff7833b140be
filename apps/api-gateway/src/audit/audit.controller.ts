import { Controller, ForbiddenException, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { RPC } from '@orgo/contracts';
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

  @Get('verify')
  verify(@CurrentUser() user: AuthUser): Promise<unknown> {
    this.requireAdmin(user);
    return this.rpc.call(RPC.auditVerify, {});
  }

  private requireAdmin(user: AuthUser): void {
    if (user.role !== 'admin') throw new ForbiddenException('Reading the audit trail needs the administrator role');
  }
}
