import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserRole } from '../../shared/models/users/user-role.js';
import { TestInstance } from '../utils/instance.js';

describe('user administration', () => {
  let instance: TestInstance;
  let admin: string;

  beforeAll(async () => {
    instance = await TestInstance.create();
    await instance.start();
    admin = await instance.adminToken();
  });

  afterAll(async () => {
    await instance?.destroy();
  });

  it('creates the root administrator at first boot', async () => {
    const me = await instance.api.me(admin);
    expect(me).toMatchObject({ id: 1, username: 'root', role: { id: 0, label: 'Administrator' } });
  });

  it('creates, lists, updates and deletes users', async () => {
    const created = await instance.api.createUser(admin, {
      username: 'erin',
      password: 'erin-password',
      email: 'erin@example.test',
      role: UserRole.User,
      videoQuota: 1_000_000,
      channelName: 'erin_videos',
    });
    const id = created.user.id;
    expect(created.user.account.id).toBeGreaterThan(0);

    const user = await instance.api.getUser(admin, id);
    expect(user).toMatchObject({ username: 'erin', videoQuota: 1_000_000, videoQuotaDaily: -1, role: { id: 2 } });
    expect(user.videoChannels.map((channel) => channel.name)).toEqual(['erin_videos']);

    const search = await instance.api.listUsers(admin, { search: 'eri', sort: '-createdAt' });
    expect(search.total).toBe(1);
    expect(search.data[0].username).toBe('erin');

    await instance.api.updateUser(admin, id, { videoQuotaDaily: 5000, role: UserRole.Moderator });
    expect(await instance.api.getUser(admin, id)).toMatchObject({
      videoQuotaDaily: 5000,
      role: { id: 1, label: 'Moderator' },
    });

    await instance.api.deleteUser(admin, id);
    expect((await instance.api.raw('get', `/api/v1/users/${id}`, { token: admin })).status).toBe(404);
    expect((await instance.api.raw('get', '/api/v1/video-channels/erin_videos')).status).toBe(404);
    expect((await instance.api.raw('get', '/api/v1/accounts/erin')).status).toBe(404);
  });

  it('refuses duplicates and the channel name equal to the username', async () => {
    const body = { username: 'frank', password: 'frank-password', email: 'frank@example.test', role: UserRole.User };
    await instance.api.createUser(admin, body);
    const duplicate = await instance.api.raw('post', '/api/v1/users', {
      token: admin,
      json: { ...body, email: 'other@example.test' },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('user_exists');

    const sameName = await instance.api.raw('post', '/api/v1/users', {
      token: admin,
      json: { ...body, username: 'gina', email: 'gina@example.test', channelName: 'gina' },
    });
    expect(sameName.status).toBe(400);
    expect(sameName.body.code).toBe('channel_name_same_as_username');
  });

  it('names each invalid field of a user creation', async () => {
    const response = await instance.api.raw('post', '/api/v1/users', {
      token: admin,
      json: { username: 'ok_name', password: '123', email: 'not-an-email', role: 7 },
    });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body['invalid-params']).sort()).toEqual(['email', 'password', 'role']);
  });

  it('lets moderators manage only users with the User role', async () => {
    await instance.api.createUser(admin, {
      username: 'mod',
      password: 'mod-password',
      email: 'mod@example.test',
      role: UserRole.Moderator,
    });
    const moderator = (await instance.api.login('mod', 'mod-password')).access_token;

    expect((await instance.api.listUsers(moderator)).total).toBeGreaterThan(0);
    const createAdmin = await instance.api.raw('post', '/api/v1/users', {
      token: moderator,
      json: { username: 'evil', password: 'evil-password', email: 'evil@example.test', role: UserRole.Administrator },
    });
    expect(createAdmin.status).toBe(403);
    expect(createAdmin.body.code).toBe('role_not_manageable');
    expect((await instance.api.raw('delete', '/api/v1/users/1', { token: moderator })).status).toBe(403);
  });

  it('never deletes root', async () => {
    const response = await instance.api.raw('delete', '/api/v1/users/1', { token: admin });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('cannot_delete_root');
  });

  it('ends the sessions of a blocked user and refuses its logins', async () => {
    const { token, user } = await instance.api.registerAndLogin('henry', 'henry-password');
    await instance.api.blockUser(admin, user.id, 'spam');
    expect((await instance.api.raw('get', '/api/v1/users/me', { token })).status).toBe(401);

    const login = await instance.api.raw('post', '/api/v1/users/token', {
      form: await instance.api.tokenForm({ grant_type: 'password', username: 'henry', password: 'henry-password' }),
    });
    expect(login.status).toBe(400);
    expect(login.body.code).toBe('account_blocked');
    expect((await instance.api.getUser(admin, user.id)).blockedReason).toBe('spam');
  });

  it('ends existing sessions when an administrator changes the password', async () => {
    const { token, user } = await instance.api.registerAndLogin('iris', 'iris-password');
    await instance.api.updateUser(admin, user.id, { password: 'new-iris-password' });
    expect((await instance.api.raw('get', '/api/v1/users/me', { token })).status).toBe(401);
    await instance.api.login('iris', 'new-iris-password');
  });
});

describe('registration approval', () => {
  let instance: TestInstance;

  beforeAll(async () => {
    instance = await TestInstance.create({ env: { SHOAL_SIGNUP_REQUIRES_APPROVAL: 'true' } });
    await instance.start();
  });

  afterAll(async () => {
    await instance?.destroy();
  });

  it('advertises approval in /config and requires a reason', async () => {
    expect((await instance.api.getConfig()).signup).toMatchObject({ allowed: true, requiresApproval: true });
    const response = await instance.api.raw('post', '/api/v1/users/register', {
      json: { username: 'jack', password: 'jack-password', email: 'jack@example.test' },
    });
    expect(response.status).toBe(400);
    expect(response.body['invalid-params']).toHaveProperty('registrationReason');
  });

  it('keeps the request pending until a moderator accepts it', async () => {
    const result = await instance.api.register({
      username: 'jack',
      password: 'jack-password',
      email: 'jack@example.test',
      registrationReason: 'I make documentaries',
      channel: { name: 'jack_docs', displayName: 'Documentaries' },
    });
    expect(result.state).toEqual({ id: 1, label: 'Pending' });

    const pendingLogin = await instance.api.raw('post', '/api/v1/users/token', {
      form: await instance.api.tokenForm({ grant_type: 'password', username: 'jack', password: 'jack-password' }),
    });
    expect(pendingLogin.status).toBe(400);
    expect(pendingLogin.body.code).toBe('account_waiting_for_approval');

    const admin = await instance.adminToken();
    const registrations = await instance.api.listRegistrations(admin);
    const request = registrations.data.find((registration) => registration.username === 'jack')!;
    expect(request).toMatchObject({
      state: { id: 1 },
      registrationReason: 'I make documentaries',
      channelHandle: 'jack_docs',
    });
    expect(JSON.stringify(registrations)).not.toMatch(/password/i);

    await instance.api.acceptRegistration(admin, request.id);
    const token = await instance.api.login('jack', 'jack-password');
    const me = await instance.api.me(token.access_token);
    expect(me.videoChannels.map((channel) => channel.name)).toEqual(['jack_docs']);

    const again = await instance.api.raw('post', `/api/v1/users/registrations/${request.id}/accept`, {
      token: admin,
      json: { moderationResponse: 'twice' },
    });
    expect(again.status).toBe(409);
  });

  it('tells a rejected applicant so at login', async () => {
    await instance.api.register({
      username: 'kate',
      password: 'kate-password',
      email: 'kate@example.test',
      registrationReason: 'spam?',
    });
    const admin = await instance.adminToken();
    const request = (await instance.api.listRegistrations(admin)).data.find(
      (registration) => registration.username === 'kate',
    )!;
    await instance.api.rejectRegistration(admin, request.id);
    const login = await instance.api.raw('post', '/api/v1/users/token', {
      form: await instance.api.tokenForm({ grant_type: 'password', username: 'kate', password: 'kate-password' }),
    });
    expect(login.body.code).toBe('account_approval_rejected');
  });
});

describe('closed registrations', () => {
  let instance: TestInstance;

  beforeAll(async () => {
    instance = await TestInstance.create({ env: { SHOAL_SIGNUP_ENABLED: 'false' } });
    await instance.start();
  });

  afterAll(async () => {
    await instance?.destroy();
  });

  it('refuses signups with 403 and says so in /config', async () => {
    expect((await instance.api.getConfig()).signup.allowed).toBe(false);
    const response = await instance.api.raw('post', '/api/v1/users/register', {
      json: { username: 'leo', password: 'leo-password', email: 'leo@example.test' },
    });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('signup_not_allowed');
    expect((await instance.api.listUsers(await instance.adminToken())).total).toBe(1);
  });
});
