import { z } from 'zod';
import { parseDuration } from './duration.js';
import { PROCESS_ROLES } from './process-roles.js';

const duration = z.string().transform((text, context) => {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) {
    context.addIssue({ code: 'custom', message: `expected a duration such as '10 minutes', got '${text}'` });
    return z.NEVER;
  }
  return ms;
});

const port = z.number().int().min(1).max(65535);
const byteSize = z.number().int().min(-1);
const hostname = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i, 'expected a DNS hostname');

const rateLimit = z.strictObject({ window: duration, max: z.number().int().min(1) });

export const configSchema = z.strictObject({
  server: z.strictObject({
    hostname,
    port,
    public_port: port.nullable(),
    https: z.boolean(),
    bind: z.string().min(1),
    trust_proxy: z.array(z.string().min(1)),
    max_json_depth: z.number().int().min(8).max(1000),
    shutdown_grace: duration,
    roles: z
      .array(z.enum(PROCESS_ROLES))
      .min(1, `expected at least one of ${PROCESS_ROLES.join(', ')}`)
      .transform((roles) => [...new Set(roles)]),
  }),
  database: z.strictObject({
    url: z.union([z.literal(''), z.url({ protocol: /^postgres(ql)?$/ })]),
    pool_size: z.number().int().min(1).max(200),
  }),
  redis: z.strictObject({
    url: z.union([z.literal(''), z.url({ protocol: /^rediss?$/ })]),
    key_prefix: z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'expected letters, digits, _ . : -'),
  }),
  storage: z.strictObject({
    dir: z.string().min(1),
    s3: z.strictObject({
      endpoint: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]),
      region: z.string().min(1),
      bucket: z.string(),
      access_key_id: z.string(),
      secret_access_key: z.string(),
      force_path_style: z.boolean(),
      public_url: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]),
    }),
  }),
  admin: z.strictObject({
    email: z.string().regex(/^[^@\s]+@[^@\s]+$/, 'expected an e-mail address'),
    password: z.union([z.literal(''), z.string().min(6, 'expected at least 6 characters')]),
  }),
  instance: z.strictObject({
    name: z.string().min(1).max(120),
    short_description: z.string().max(250),
    description: z.string(),
    terms: z.string(),
    languages: z.array(z.string()),
  }),
  signup: z.strictObject({
    enabled: z.boolean(),
    requires_approval: z.boolean(),
    limit: z.number().int().min(-1),
  }),
  user: z.strictObject({ video_quota: byteSize, video_quota_daily: byteSize }),
  video_channels: z.strictObject({ max_per_user: z.number().int().min(1) }),
  videos: z.strictObject({
    max_upload_size: z.number().int().min(1),
    upload_session_lifetime: duration,
    view_window: duration,
    source_limits: z.strictObject({
      max_width: z.number().int().min(16),
      max_height: z.number().int().min(16),
      max_fps: z.number().min(1),
      max_duration: duration,
    }),
    probe_concurrency: z.number().int().min(1).max(64),
  }),
  captions: z.strictObject({
    max_file_size: z.number().int().min(1),
    max_cues: z.number().int().min(1),
  }),
  storyboards: z.strictObject({ enabled: z.boolean() }),
  views: z.strictObject({
    flush_interval: duration,
    viewer_window: duration,
    trust_viewer_session_id: z.boolean(),
    remote_history_max_age: duration,
  }),
  trending: z.strictObject({ interval_days: z.number().int().min(1).max(365) }),
  stats: z.strictObject({ cache_duration: duration }),
  transcoding: z.strictObject({
    resolutions: z.array(z.number().int().min(144).max(4320)).min(1),
    max_fps: z.number().int().min(1).max(120),
    segment_seconds: z.number().int().min(1).max(30),
    x264_preset: z.enum([
      'ultrafast',
      'superfast',
      'veryfast',
      'faster',
      'fast',
      'medium',
      'slow',
      'slower',
      'veryslow',
    ]),
    timeout: duration,
    concurrency: z.number().int().min(1).max(16),
    keep_source: z.boolean(),
  }),
  tracker: z.strictObject({
    enabled: z.boolean(),
    private: z.boolean(),
    announce_interval: duration,
    trust_proxy: z.boolean(),
    max_message_size: z.number().int().min(1024),
    max_scrape_infohashes: z.number().int().min(1).max(10_000),
    swarm_stats_interval: duration,
    rate_limit: z.strictObject({
      per_ip: rateLimit,
      per_ip_infohash: rateLimit,
      ban_after_refusals: z.number().int().min(1),
      ban_duration: duration,
    }),
  }),
  p2p: z.strictObject({
    enabled: z.boolean(),
    ice_servers: z.array(
      z.strictObject({
        urls: z.union([z.string().regex(/^(stun|turns?):/), z.array(z.string().regex(/^(stun|turns?):/)).min(1)]),
        username: z.string().optional(),
        credential: z.string().optional(),
      }),
    ),
  }),
  federation: z
    .strictObject({
      allow_private_addresses: z.boolean(),
      request_timeout: duration,
      max_response_size: z.number().int().min(1024),
      signature_max_age: duration,
      relayed_signature_max_age: duration,
      activity_dedup_ttl: duration,
      concurrency: z.number().int().min(1).max(64),
      delivery: z.strictObject({ attempts: z.number().int().min(1).max(30), first_retry: duration }),
      breaker: z.strictObject({ failures: z.number().int().min(1), pause: duration }),
      followers: z.strictObject({ auto_accept: z.boolean(), auto_follow_back: z.boolean() }),
      remote_video_refresh: duration,
    })
    // An activity must not be acceptable again once its id is forgotten.
    .refine(
      (federation) =>
        federation.activity_dedup_ttl >= federation.relayed_signature_max_age + federation.signature_max_age &&
        federation.activity_dedup_ttl >= 2 * federation.signature_max_age,
      {
        path: ['activity_dedup_ttl'],
        message: 'must be at least relayed_signature_max_age + signature_max_age (and twice signature_max_age)',
      },
    ),
  oauth: z.strictObject({ access_token_lifetime: duration, refresh_token_lifetime: duration }),
  rate_limit: z.strictObject({ login: rateLimit, signup: rateLimit }),
  jobs: z.strictObject({ concurrency: z.number().int().min(1).max(64) }),
  events: z.strictObject({ sweep_interval: duration, keep_relayed: duration }),
  log: z.strictObject({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']) }),
});

export type ConfigFile = z.output<typeof configSchema>;

/** `list`: comma-separated words, e.g. SHOAL_ROLES=api,tracker. */
type ValueKind = 'string' | 'integer' | 'boolean' | 'list';

/** Environment variables that override a configuration key. */
export const ENV_OVERRIDES: readonly { env: string; path: string; kind: ValueKind }[] = [
  { env: 'SHOAL_HOSTNAME', path: 'server.hostname', kind: 'string' },
  { env: 'SHOAL_PORT', path: 'server.port', kind: 'integer' },
  { env: 'SHOAL_PUBLIC_PORT', path: 'server.public_port', kind: 'integer' },
  { env: 'SHOAL_HTTPS', path: 'server.https', kind: 'boolean' },
  { env: 'SHOAL_BIND', path: 'server.bind', kind: 'string' },
  { env: 'SHOAL_ROLES', path: 'server.roles', kind: 'list' },
  { env: 'SHOAL_DATABASE_URL', path: 'database.url', kind: 'string' },
  { env: 'SHOAL_REDIS_URL', path: 'redis.url', kind: 'string' },
  { env: 'SHOAL_REDIS_KEY_PREFIX', path: 'redis.key_prefix', kind: 'string' },
  { env: 'SHOAL_STORAGE_DIR', path: 'storage.dir', kind: 'string' },
  { env: 'SHOAL_S3_ENDPOINT', path: 'storage.s3.endpoint', kind: 'string' },
  { env: 'SHOAL_S3_REGION', path: 'storage.s3.region', kind: 'string' },
  { env: 'SHOAL_S3_BUCKET', path: 'storage.s3.bucket', kind: 'string' },
  { env: 'SHOAL_S3_ACCESS_KEY_ID', path: 'storage.s3.access_key_id', kind: 'string' },
  { env: 'SHOAL_S3_SECRET_ACCESS_KEY', path: 'storage.s3.secret_access_key', kind: 'string' },
  { env: 'SHOAL_S3_FORCE_PATH_STYLE', path: 'storage.s3.force_path_style', kind: 'boolean' },
  { env: 'SHOAL_S3_PUBLIC_URL', path: 'storage.s3.public_url', kind: 'string' },
  { env: 'SHOAL_ADMIN_EMAIL', path: 'admin.email', kind: 'string' },
  { env: 'SHOAL_ADMIN_PASSWORD', path: 'admin.password', kind: 'string' },
  { env: 'SHOAL_INSTANCE_NAME', path: 'instance.name', kind: 'string' },
  { env: 'SHOAL_SIGNUP_ENABLED', path: 'signup.enabled', kind: 'boolean' },
  { env: 'SHOAL_SIGNUP_REQUIRES_APPROVAL', path: 'signup.requires_approval', kind: 'boolean' },
  { env: 'SHOAL_P2P_ENABLED', path: 'p2p.enabled', kind: 'boolean' },
  { env: 'SHOAL_FEDERATION_ALLOW_PRIVATE_ADDRESSES', path: 'federation.allow_private_addresses', kind: 'boolean' },
  { env: 'SHOAL_LOG_LEVEL', path: 'log.level', kind: 'string' },
];

export function parseEnvValue(kind: ValueKind, raw: string): string | number | boolean | string[] | undefined {
  switch (kind) {
    case 'string':
      return raw;
    case 'list':
      return raw
        .split(',')
        .map((word) => word.trim())
        .filter((word) => word !== '');
    case 'integer':
      return /^-?\d+$/.test(raw.trim()) ? Number(raw) : undefined;
    case 'boolean': {
      const normalized = raw.trim().toLowerCase();
      if (['true', '1', 'yes'].includes(normalized)) return true;
      if (['false', '0', 'no'].includes(normalized)) return false;
      return undefined;
    }
  }
}
