/** GET /api/v1/config: the subset of PeerTube's ServerConfig that Shoal implements. */
export interface ServerConfig {
  /** The PeerTube version whose API Shoal implements (what PeerTube clients check), not Shoal's own. */
  serverVersion: string;
  /** Shoal's own release (package.json), beside the PeerTube API level it speaks. */
  shoal: { version: string };
  instance: {
    name: string;
    shortDescription: string;
    isNSFW: boolean;
    defaultNSFWPolicy: 'display' | 'blur' | 'do_not_list';
    defaultClientRoute: string;
    customizations: { javascript: string; css: string };
  };
  signup: {
    allowed: boolean;
    allowedForCurrentIP: boolean;
    requiresApproval: boolean;
    requiresEmailVerification: boolean;
    minimumAge: number;
  };
  user: { videoQuota: number; videoQuotaDaily: number };
  email: { enabled: boolean };
  contactForm: { enabled: boolean };
  federation: { enabled: boolean };
  tracker: { enabled: boolean };
  defaults: { p2p: { webapp: { enabled: boolean }; embed: { enabled: boolean } } };
  /** Shoal: the ICE servers browsers use for WebRTC between viewers (none unless the admin configured some). */
  webrtc: { iceServers: IceServer[] };
  fieldsConstraints: { users: { password: { minLength: number; maxLength: number } } };
}

/** GET /api/v1/config/about */
export interface About {
  instance: {
    name: string;
    shortDescription: string;
    description: string;
    terms: string;
    languages: string[];
  };
}

/** An RTCIceServer as browsers take it. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}
