import type { AppConfig } from './config.js';

/** The parts of an instance one process can take on (`server.roles`). */
export const PROCESS_ROLES = ['api', 'worker', 'tracker', 'live'] as const;

export type ProcessRole = (typeof PROCESS_ROLES)[number];

export function hasRole(config: AppConfig, role: ProcessRole): boolean {
  return config.server.roles.includes(role);
}
