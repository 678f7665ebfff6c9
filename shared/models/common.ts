/** Every list endpoint answers this shape (PeerTube REST v1). */
export interface ResultList<T> {
  total: number;
  data: T[];
}
