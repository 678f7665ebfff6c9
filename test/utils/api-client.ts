import request, { type Response, type Test } from 'supertest';
import type {
  Account,
  VideoChannel,
  VideoChannelCreate,
  VideoChannelUpdate,
} from '../../shared/models/actors/actor.model.js';
import type { ResultList } from '../../shared/models/common.js';
import type { About, ServerConfig } from '../../shared/models/server/server-config.model.js';
import type {
  OAuthClientLocal,
  User,
  UserCreate,
  UserCreateResult,
  UserRegister,
  UserRegistration,
  UserRegistrationResult,
  UserToken,
  UserUpdate,
} from '../../shared/models/users/user.model.js';

type Method = 'get' | 'post' | 'put' | 'delete';

export interface CallOptions {
  token?: string;
  /** JSON body. */
  json?: object;
  /** application/x-www-form-urlencoded body. */
  form?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  /** Expected status; the call fails with the response body otherwise. */
  status?: number;
}

/** A typed client of Shoal's REST API for tests; every call checks the expected status. */
export class ApiClient {
  private oauthClient?: OAuthClientLocal;

  constructor(readonly baseUrl: string) {}

  /** The bare request, for assertions on headers and error bodies. */
  raw(method: Method, path: string, options: Omit<CallOptions, 'status'> = {}): Test {
    let test = request(this.baseUrl)[method](path);
    if (options.token) test = test.set('Authorization', `Bearer ${options.token}`);
    if (options.query) test = test.query(options.query);
    if (options.form) test = test.type('form').send(options.form);
    else if (options.json) test = test.send(options.json);
    return test;
  }

  async call<T>(method: Method, path: string, options: CallOptions = {}): Promise<T> {
    const response: Response = await this.raw(method, path, options);
    const expected = options.status ?? 200;
    if (response.status !== expected) {
      throw new Error(
        `${method.toUpperCase()} ${path}: expected ${expected}, got ${response.status} ${JSON.stringify(response.body)}`,
      );
    }
    return response.body as T;
  }

  getConfig(): Promise<ServerConfig> {
    return this.call('get', '/api/v1/config');
  }

  getAbout(): Promise<About> {
    return this.call('get', '/api/v1/config/about');
  }

  async getOAuthClient(): Promise<OAuthClientLocal> {
    this.oauthClient ??= await this.call<OAuthClientLocal>('get', '/api/v1/oauth-clients/local');
    return this.oauthClient;
  }

  /** The token request's form, with the local client's credentials. */
  async tokenForm(fields: Record<string, string>): Promise<Record<string, string>> {
    const client = await this.getOAuthClient();
    return { client_id: client.client_id, client_secret: client.client_secret, ...fields };
  }

  async login(username: string, password: string): Promise<UserToken> {
    return this.call('post', '/api/v1/users/token', {
      form: await this.tokenForm({ grant_type: 'password', username, password }),
    });
  }

  async refresh(refreshToken: string): Promise<UserToken> {
    return this.call('post', '/api/v1/users/token', {
      form: await this.tokenForm({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    });
  }

  revoke(token: string): Promise<{ success: true }> {
    return this.call('post', '/api/v1/users/revoke-token', { token });
  }

  register(body: UserRegister, status = 200): Promise<UserRegistrationResult> {
    return this.call('post', '/api/v1/users/register', { json: body, status });
  }

  me(token: string): Promise<User> {
    return this.call('get', '/api/v1/users/me', { token });
  }

  /** Registers a user and logs it in. */
  async registerAndLogin(username: string, password = 'secret-password'): Promise<{ token: string; user: User }> {
    await this.register({ username, password, email: `${username}@example.test` });
    const { access_token: token } = await this.login(username, password);
    return { token, user: await this.me(token) };
  }

  createUser(token: string, body: UserCreate): Promise<UserCreateResult> {
    return this.call('post', '/api/v1/users', { token, json: body });
  }

  getUser(token: string, id: number): Promise<User> {
    return this.call('get', `/api/v1/users/${id}`, { token });
  }

  listUsers(token: string, query: Record<string, string | number | boolean> = {}): Promise<ResultList<User>> {
    return this.call('get', '/api/v1/users', { token, query });
  }

  updateUser(token: string, id: number, body: UserUpdate): Promise<void> {
    return this.call('put', `/api/v1/users/${id}`, { token, json: body, status: 204 });
  }

  deleteUser(token: string, id: number): Promise<void> {
    return this.call('delete', `/api/v1/users/${id}`, { token, status: 204 });
  }

  blockUser(token: string, id: number, reason?: string): Promise<void> {
    return this.call('post', `/api/v1/users/${id}/block`, { token, json: reason ? { reason } : {}, status: 204 });
  }

  listRegistrations(token: string): Promise<ResultList<UserRegistration>> {
    return this.call('get', '/api/v1/users/registrations', { token });
  }

  acceptRegistration(token: string, id: number, moderationResponse = 'Welcome'): Promise<void> {
    return this.call('post', `/api/v1/users/registrations/${id}/accept`, {
      token,
      json: { moderationResponse },
      status: 204,
    });
  }

  rejectRegistration(token: string, id: number, moderationResponse = 'Sorry'): Promise<void> {
    return this.call('post', `/api/v1/users/registrations/${id}/reject`, {
      token,
      json: { moderationResponse },
      status: 204,
    });
  }

  getAccount(name: string): Promise<Account> {
    return this.call('get', `/api/v1/accounts/${name}`);
  }

  listAccountChannels(name: string): Promise<ResultList<VideoChannel>> {
    return this.call('get', `/api/v1/accounts/${name}/video-channels`);
  }

  listChannels(query: Record<string, string | number> = {}): Promise<ResultList<VideoChannel>> {
    return this.call('get', '/api/v1/video-channels', { query });
  }

  createChannel(token: string, body: VideoChannelCreate): Promise<{ videoChannel: { id: number } }> {
    return this.call('post', '/api/v1/video-channels', { token, json: body });
  }

  getChannel(handle: string): Promise<VideoChannel> {
    return this.call('get', `/api/v1/video-channels/${handle}`);
  }

  updateChannel(token: string, handle: string, body: VideoChannelUpdate): Promise<void> {
    return this.call('put', `/api/v1/video-channels/${handle}`, { token, json: body, status: 204 });
  }

  deleteChannel(token: string, handle: string): Promise<void> {
    return this.call('delete', `/api/v1/video-channels/${handle}`, { token, status: 204 });
  }
}
