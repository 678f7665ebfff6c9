import { signRequest } from '../../server/federation/signatures/http-signatures.js';
import type { TestInstance } from './instance.js';
import { queryDatabase } from './services.js';

/** The private key of an instance's own actor (`peertube`), read from its database. */
export async function instanceActorKey(instance: TestInstance): Promise<string> {
  const [row] = await queryDatabase<{ private_key: string }>(
    instance.databaseName,
    `SELECT private_key FROM actors WHERE preferred_username = 'peertube' AND server_id IS NULL`,
  );
  return row.private_key;
}

/** Posts an activity to `target`'s shared inbox, signed as `sender`'s instance actor would sign it. */
export async function postSignedActivity(
  sender: TestInstance,
  target: TestInstance,
  activity: object,
): Promise<Response> {
  const body = JSON.stringify(activity);
  const headers = signRequest({
    method: 'POST',
    url: `${target.url}/inbox`,
    body,
    keyId: `${sender.url}/accounts/peertube#main-key`,
    privateKeyPem: await instanceActorKey(sender),
  });
  return fetch(`${target.url}/inbox`, {
    method: 'POST',
    body,
    headers: { ...headers, 'Content-Type': 'application/activity+json' },
  });
}
