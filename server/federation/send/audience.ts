/** Who an activity about another instance's video is addressed to: that video's account, as PeerTube does. */
export function originAudience(accountActorUrl: string): { to: string[]; cc: string[] } {
  return { to: [accountActorUrl], cc: [] };
}
