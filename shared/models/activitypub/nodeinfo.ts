/** GET /.well-known/nodeinfo: where the NodeInfo documents are. */
export interface NodeInfoDiscovery {
  links: { rel: string; href: string }[];
}

/** NodeInfo 2.0 (http://nodeinfo.diaspora.software/ns/schema/2.0). */
export interface NodeInfo20 {
  version: '2.0';
  software: { name: string; version: string };
  protocols: string[];
  services: { inbound: string[]; outbound: string[] };
  openRegistrations: boolean;
  usage: {
    users: { total: number; activeMonth: number; activeHalfyear: number };
    localPosts: number;
    localComments: number;
  };
  metadata: Record<string, unknown>;
}
