import { Body, Controller, Delete, ForbiddenException, Get, HttpCode, Inject, Ip, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { OrgoError } from '@orgo/domain';
import { SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';

import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { CreateMemberDto, MemberDto, UpdateUserDto } from './dto/create-member.dto';
import { UserAdministration } from './user-administration.service';
import { requestedPermissions, userView } from './user-permissions';
import { UsersService } from './users.service';

/** Users (administrators): add members or administrators, grant permissions, disable, delete (SPEC §3 isolation, §7). */
@ApiTags('users')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Managing users needs the administrator role' })
@Controller('api/v1/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly administration: UserAdministration,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
  ) {}

  @Get()
  @ApiOkResponse({ type: [MemberDto] })
  async list(@CurrentUser() user: AuthUser): Promise<{ items: MemberDto[]; total: number }> {
    requireAdmin(user);
    const items = (await this.users.list()).map(userView);
    return { items, total: items.length };
  }

  @Post()
  @ApiCreatedResponse({ type: MemberDto, description: 'The user; a member sees only the tasks and organizations listed' })
  @ApiBadRequestResponse({ description: 'An organization that is not configured, a weak password (USER.WEAK_PASSWORD), or an invalid body' })
  @ApiConflictResponse({ description: 'A user with this email exists' })
  async create(@Body() body: CreateMemberDto, @CurrentUser() user: AuthUser, @Ip() ip: string): Promise<MemberDto> {
    requireAdmin(user);
    const role = body.role ?? 'member';
    const organizations = role === 'admin' ? (body.organizations ?? []) : body.organizations;
    this.checkOrganizations(organizations);
    const created = await this.administration.create({ email: body.email, password: body.password, role, organizations, permissions: requestedPermissions(body) }, user, ip);
    return userView(created);
  }

  @Patch(':id')
  @ApiOkResponse({ type: MemberDto })
  @ApiNotFoundResponse({ description: 'No such user' })
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateUserDto, @CurrentUser() user: AuthUser, @Ip() ip: string): Promise<MemberDto> {
    requireAdmin(user);
    if (body.organizations) this.checkOrganizations(body.organizations);
    return userView(await this.administration.update(id, body, user, ip));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted; their tokens stop working at once' })
  @ApiNotFoundResponse({ description: 'No such user' })
  async delete(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser, @Ip() ip: string): Promise<void> {
    requireAdmin(user);
    await this.administration.delete(id, user, ip);
  }

  private checkOrganizations(organizations: string[]): void {
    const configured = this.context.config.organizations.map((o) => o.slug);
    const unknown = organizations.filter((slug) => !configured.includes(slug));
    if (unknown.length) {
      throw new OrgoError('USER.UNKNOWN_ORGANIZATION', `No organization ${unknown.map((s) => `'${s}'`).join(', ')} is configured`, {
        unknown,
        hint: `use the slugs of config/organizations/: ${configured.join(', ')}`,
      });
    }
  }
}

function requireAdmin(user: AuthUser): void {
  if (user.role !== 'admin') throw new ForbiddenException('Managing users needs the administrator role');
}
