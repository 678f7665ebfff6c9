/** Peers of the files of a video, as the embedded tracker sees them. */
export interface SwarmFigures {
  /** Peers in the swarms, seeders included. */
  peers: number;
  /** Peers that have the whole file. */
  seeders: number;
}

/**
 * Implemented by server/tracker and injected into modules through SWARM_STATS (absent when the tracker is
 * disabled), so modules never depend on the subsystem. Asynchronous: a process without the tracker role reads
 * the figures the tracker process publishes in Redis.
 */
export interface SwarmStats {
  figures(infoHashes: string[]): Promise<SwarmFigures>;
}

export const SWARM_STATS = Symbol('SWARM_STATS');
