import { Body, Controller, ForbiddenException, Inject, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiTags } from '@nestjs/swagger';
import { OrgoError } from '@orgo/domain';
import { SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';

import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { CreateMemberDto, MemberDto } from './dto/create-member.dto';
import { UsersService } from './users.service';

/** Users (administrators): add a member scoped to some organizations (SPEC §3 isolation). */
@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: MemberDto, description: 'The member; they see only the tasks and organizations listed' })
  @ApiBadRequestResponse({ description: 'An organization that is not configured, or an invalid body' })
  @ApiConflictResponse({ description: 'A user with this email exists' })
  @ApiForbiddenResponse({ description: 'Adding users needs the administrator role' })
  async create(@Body() body: CreateMemberDto, @CurrentUser() user: AuthUser): Promise<MemberDto> {
    if (user.role !== 'admin') throw new ForbiddenException('Adding users needs the administrator role');
    const configured = this.context.config.organizations.map((o) => o.slug);
    const unknown = body.organizations.filter((slug) => !configured.includes(slug));
    if (unknown.length) {
      throw new OrgoError('USER.UNKNOWN_ORGANIZATION', `No organization ${unknown.map((s) => `'${s}'`).join(', ')} is configured`, {
        unknown,
        hint: `use the slugs of config/organizations/: ${configured.join(', ')}`,
      });
    }
    if (await this.users.findByEmail(body.email)) throw new OrgoError('USER.EXISTS', `A user ${body.email.toLowerCase()} exists`, { email: body.email.toLowerCase() });
    const created = await this.users.create(body.email, body.password, 'member', body.organizations);
    return { id: created.id, email: created.email, role: 'member', organizations: created.organizations };
  }
}
