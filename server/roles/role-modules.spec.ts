import { describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config/config.js';
import { consumedQueues, QueueName } from '../core/jobs/job-catalog.js';
import { CONFIG_DIR } from '../core/paths.js';
import { roleModules } from './role-modules.js';

const URLS = { SHOAL_DATABASE_URL: 'postgres://db.example.org/shoal', SHOAL_REDIS_URL: 'redis://redis.example.org' };

/** The names of the modules a process with these roles imports. */
function modulesOf(roles: string): string[] {
  return roleModules(loadConfig(CONFIG_DIR, { ...URLS, SHOAL_ROLES: roles })).map((module) =>
    'module' in module ? module.module.name : module.name,
  );
}

describe('roleModules', () => {
  it('gives a process with every role every module, the client pages last', () => {
    const all = modulesOf('api,worker,tracker,live');
    expect(all).toEqual(expect.arrayContaining(['TranscodingModule', 'TrackerModule', 'FederationModule']));
    expect(all.at(-1)).toBe('ClientModule');
  });

  it('leaves the transcoding job out of api processes, and the HTTP-only modules out of workers', () => {
    const api = modulesOf('api');
    expect(api).not.toContain('TranscodingModule');
    expect(api).toEqual(expect.arrayContaining(['MediaToolsModule', 'VideosModule', 'StaticFilesModule']));
    const worker = modulesOf('worker');
    expect(worker).toContain('TranscodingModule');
    for (const httpOnly of ['HealthModule', 'ClientModule', 'StaticFilesModule', 'JobsAdminModule', 'TrackerModule']) {
      expect(worker).not.toContain(httpOnly);
    }
  });

  it('gives a tracker process the tracker and the health probes only, and a live process nothing yet', () => {
    expect(modulesOf('tracker')).toEqual(['HealthModule', 'TrackerModule']);
    expect(modulesOf('live')).toEqual([]);
  });
});

describe('consumedQueues', () => {
  it('has workers consume every queue, and the other roles none', () => {
    expect(consumedQueues(['worker'])).toEqual(Object.values(QueueName));
    expect(consumedQueues(['api', 'tracker', 'live'])).toEqual([]);
  });
});
