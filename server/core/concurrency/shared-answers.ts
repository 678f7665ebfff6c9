/**
 * Answers shared by the callers asking the same thing within `ttlMs`: the first caller computes, callers arriving
 * while it runs wait for the same promise (single flight), later ones reuse the result until it expires. A failed
 * computation is shared with its waiters only, never kept. `clear` forgets everything at once, including answers
 * still being computed, so no caller arriving after it gets an answer started before it.
 */
export class SharedAnswers<T> {
  private readonly entries = new Map<string, { answer: Promise<T>; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.answer;
    if (cached) this.entries.delete(key);
    const answer = compute();
    if (this.entries.size >= this.maxEntries) this.dropExpired();
    // Full of live answers (many distinct queries within one TTL): this one is not shared rather than evicting.
    if (this.entries.size >= this.maxEntries) return answer;
    // Pending answers never expire; the TTL starts when the answer is known.
    const entry = { answer, expiresAt: Number.POSITIVE_INFINITY };
    this.entries.set(key, entry);
    answer.then(
      () => {
        entry.expiresAt = this.now() + this.ttlMs;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return answer;
  }

  clear(): void {
    this.entries.clear();
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
