export type JobState = 'active' | 'completed' | 'failed' | 'waiting' | 'delayed';

/** An element of GET /api/v1/jobs/{state} (PeerTube's shape). */
export interface Job {
  id: string;
  state: JobState;
  type: string;
  data: unknown;
  progress: number;
  error: string | null;
  attempts: number;
  createdAt: string;
  processedOn: string | null;
  finishedOn: string | null;
}
