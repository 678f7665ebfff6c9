import type { Provider } from '@nestjs/common';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { SHOAL_VERSION } from '../../core/version.js';
import { FederationHttpClient } from './federation-http-client.js';

/** The federation HTTP client, configured from `federation.*`; closed with the application. */
export const federationHttpClientProvider: Provider = {
  provide: FederationHttpClient,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) =>
    new FederationHttpClient({
      allowPrivateAddresses: config.federation.allow_private_addresses,
      timeoutMs: config.federation.request_timeout,
      maxResponseBytes: config.federation.max_response_size,
      userAgent: `Shoal/${SHOAL_VERSION} (+${config.derived.url})`,
    }),
};
