import { Inject, Injectable } from '@nestjs/common';
import type { About, ServerConfig } from '../../../shared/models/server/server-config.model.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { PEERTUBE_API_VERSION, SHOAL_VERSION } from '../../core/version.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../users/dto/user.dto.js';
import { UsersRepository } from '../users/users.repository.js';

@Injectable()
export class ServerConfigService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
  ) {}

  async getConfig(): Promise<ServerConfig> {
    const { instance, signup, user, p2p, tracker } = this.config;
    const belowLimit = signup.limit === -1 || (await this.users.countAll()) < signup.limit;
    return {
      serverVersion: PEERTUBE_API_VERSION,
      shoal: { version: SHOAL_VERSION },
      instance: {
        name: instance.name,
        shortDescription: instance.short_description,
        isNSFW: false,
        defaultNSFWPolicy: 'display',
        defaultClientRoute: '/videos/trending',
        customizations: { javascript: '', css: '' },
      },
      signup: {
        allowed: signup.enabled && belowLimit,
        allowedForCurrentIP: signup.enabled && belowLimit,
        requiresApproval: signup.requires_approval,
        requiresEmailVerification: false,
        minimumAge: 16,
      },
      user: { videoQuota: user.video_quota, videoQuotaDaily: user.video_quota_daily },
      email: { enabled: false },
      contactForm: { enabled: false },
      federation: { enabled: true },
      tracker: { enabled: tracker.enabled },
      // Without the embedded tracker viewers cannot find each other.
      defaults: {
        p2p: {
          webapp: { enabled: p2p.enabled && tracker.enabled },
          embed: { enabled: p2p.enabled && tracker.enabled },
        },
      },
      webrtc: { iceServers: p2p.ice_servers.map((server) => ({ ...server })) },
      fieldsConstraints: { users: { password: { minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH } } },
    };
  }

  getAbout(): About {
    const { instance } = this.config;
    return {
      instance: {
        name: instance.name,
        shortDescription: instance.short_description,
        description: instance.description,
        terms: instance.terms,
        languages: [...instance.languages],
      },
    };
  }
}
