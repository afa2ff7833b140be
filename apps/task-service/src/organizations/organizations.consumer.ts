import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type OrganizationGetQueryV1, type OrganizationViewV1, RPC, type RpcResult } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { answerRpc } from '@orgo/runtime';

import { DirectoryRegistry } from '../directory/directory.registry';
import { describeOrganization } from './describe-organization';

/** Answers the API's questions about the organizations whose directory this service owns. */
@Controller()
export class OrganizationsConsumer {
  constructor(private readonly directories: DirectoryRegistry) {}

  @MessagePattern(RPC.organizationGet)
  get(@Payload() query: OrganizationGetQueryV1): Promise<RpcResult<OrganizationViewV1>> {
    return answerRpc(async () => {
      // An organization outside the caller's scope is reported exactly like an unknown one.
      const entry = query.scope === null || query.scope.includes(query.slug) ? this.directories.find(query.slug) : undefined;
      if (!entry) throw new OrgoError('ORGANIZATION.NOT_FOUND', `No organization '${query.slug}' you may see; check the slug (the folder under organizations/)`, { slug: query.slug });
      return describeOrganization(entry.model, entry.directory);
    });
  }
}
