import { requestedPermissions } from './user-permissions';

describe('requestedPermissions', () => {
  it('takes a permissions list as it is, or privacy_officer on top of the current ones', () => {
    expect(requestedPermissions({ permissions: ['privacy_officer', 'privacy_officer'] })).toEqual(['privacy_officer']);
    expect(requestedPermissions({ privacy_officer: true })).toEqual(['privacy_officer']);
    expect(requestedPermissions({ privacy_officer: false }, ['privacy_officer'])).toEqual([]);
    expect(requestedPermissions({}, ['privacy_officer'])).toEqual(['privacy_officer']);
  });
});
