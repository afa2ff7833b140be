import { BadRequestException, Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RPC, type RuleDryRunV1, type RuleListV1, type RulesTestQueryV1 } from '@orgo/contracts';

import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RpcClient } from '../common/rpc-client';
import { ListRulesQuery } from './dto/list-rules.query';
import { TestRulesDto } from './dto/test-rules.dto';

/** Rules (SPEC §5, §7), answered by the rule-engine: the effective list and dry runs. */
@ApiTags('rules')
@ApiBearerAuth()
@Controller('api/v1/rules')
export class RulesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: "An organization's effective rules", description: 'Email rules in evaluation order, then time rules; each with its file and layer (global, domain, organization); the layered defaults and the rule set hash.' })
  @ApiOkResponse({ description: 'The effective rule list' })
  @ApiNotFoundResponse({ description: 'No such organization, or not one the caller may see' })
  list(@Query() query: ListRulesQuery, @CurrentUser() user: AuthUser): Promise<RuleListV1> {
    return this.rpc.call(RPC.rulesList, { organization: query.org, scope: user.scope });
  }

  @Post('test')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Dry run of the rules on one message',
    description:
      'Parses the message as the parser does and evaluates the effective rules: the parsed email (from, to, subject, mailbox, flags, keywords), ' +
      'every rule considered with why it matched or not (time rules listed as not applicable), the matched rules, the outcome (task, ignore or reply) ' +
      'and the task it would become (type, priority, position, label, reactivity). Nothing is created.',
  })
  @ApiOkResponse({ description: 'The dry run' })
  @ApiBadRequestResponse({ description: 'No message, both raw and raw_base64, or a message the parser would quarantine (the code says why)' })
  @ApiNotFoundResponse({ description: 'No such organization, or not one the caller may see' })
  test(@Body() body: TestRulesDto, @CurrentUser() user: AuthUser): Promise<RuleDryRunV1> {
    if (body.raw !== undefined && body.raw_base64 !== undefined) throw new BadRequestException('Give the message once: raw (text) or raw_base64, not both');
    const query: RulesTestQueryV1 = {
      organization: body.organization,
      rawBase64: body.raw_base64 ?? Buffer.from(body.raw ?? '', 'utf8').toString('base64'),
      mailbox: body.mailbox ?? null,
      scope: user.scope,
    };
    // Parsing may take up to the parser's parse timeout: wait longer than for a plain read.
    return this.rpc.call(RPC.rulesTest, query, 30_000);
  }
}
