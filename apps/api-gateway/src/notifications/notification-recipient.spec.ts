import { BadRequestException, ForbiddenException } from '@nestjs/common';

import type { AuthUser } from '../auth/auth-user';
import { notificationRecipient } from './notification-recipient';

const member: AuthUser = { id: 'm', email: 'rita@riverside.example', role: 'member', scope: ['riverside'], permissions: [] };
const admin: AuthUser = { id: 'a', email: 'admin@orgo.test', role: 'admin', scope: null, permissions: [] };

describe('notificationRecipient', () => {
  it('answers with the caller’s own notifications by default', () => {
    expect(notificationRecipient(member, {})).toBe('rita@riverside.example');
    expect(notificationRecipient(admin, {})).toBe('admin@orgo.test');
  });

  it('lets a member name only themselves (in any case)', () => {
    expect(notificationRecipient(member, { recipient: 'Rita@Riverside.example' })).toBe('rita@riverside.example');
    expect(() => notificationRecipient(member, { recipient: 'lead@riverside.example' })).toThrow(ForbiddenException);
    expect(() => notificationRecipient(member, { all: true })).toThrow(/administrator role/);
  });

  it('lets an administrator see one person or everyone', () => {
    expect(notificationRecipient(admin, { recipient: ' Lead@Riverside.example ' })).toBe('lead@riverside.example');
    expect(notificationRecipient(admin, { all: true })).toBeNull();
    expect(notificationRecipient(admin, { all: false })).toBe('admin@orgo.test');
  });

  it('refuses a recipient together with all=true', () => {
    expect(() => notificationRecipient(admin, { all: true, recipient: 'lead@riverside.example' })).toThrow(BadRequestException);
  });
});
