import { knownContextTerms } from '../activitypub/json-ld-contexts.js';

type JsonObject = Record<string, unknown>;

const TERM_DEFINITION_KEYS = new Set(['@id', '@type', '@container']);
const CONTAINERS = new Set(['@list', '@set', '@language', '@index']);

/**
 * Why the JSON-LD contexts of a document cannot be trusted to give its plain JSON keys the meaning they have in
 * ActivityStreams, or undefined when they can. A Linked Data signature covers the document's meaning (its RDF), not
 * its JSON: a relayer that unmaps `name` (`{"name": null}`) and maps a key of its own to `as:name` keeps the
 * signature valid while the `name` a handler reads is the relayer's. So a signed document may only use the contexts
 * shipped with the code and inline objects that add prefixes and terms (or restate a definition unchanged); never
 * `null`, keyword aliases, scoped contexts, `@vocab`/`@base`, nor `@context` anywhere but at the top.
 */
export function untrustedContextProblem(document: JsonObject): string | undefined {
  const context = document['@context'];
  const entries = context === undefined ? [] : Array.isArray(context) ? (context as unknown[]) : [context];
  const defined = new Map<string, string>();
  for (const entry of entries) {
    const problem = typeof entry === 'string' ? addKnownContext(entry, defined) : addInlineContext(entry, defined);
    if (problem) return problem;
  }
  return nestedContextProblem(document, true);
}

/** Adds the terms of a context shipped with the code, in their normalized form. */
function addKnownContext(url: string, defined: Map<string, string>): string | undefined {
  const terms = knownContextTerms(url);
  if (!terms) return `the context ${url} is not one this server knows`;
  const local = new Map(defined);
  // Prefixes first (a context may use a prefix it defines further down).
  for (const [term, definition] of Object.entries(terms)) {
    if (typeof definition === 'string' && !term.startsWith('@')) local.set(term, definition);
  }
  for (const [term, definition] of Object.entries(terms)) {
    if (!term.startsWith('@')) defined.set(term, normalized(definition, local) ?? '');
  }
  return undefined;
}

function addInlineContext(entry: unknown, defined: Map<string, string>): string | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'a context entry is not an object';
  for (const [term, definition] of Object.entries(entry as JsonObject)) {
    if (term === '@language' && typeof definition === 'string') continue;
    if (term.startsWith('@')) return `${term} in an inline context`;
    const form = normalized(definition, defined);
    if (form === undefined) return `the inline definition of ${term} is not a plain term`;
    const earlier = defined.get(term);
    if (earlier !== undefined && earlier !== form) return `the inline context redefines ${term}`;
    if (typeof definition === 'string' && definition.startsWith('@') && earlier === undefined) {
      return `the inline context makes ${term} an alias of ${definition}`;
    }
    defined.set(term, form);
  }
  return undefined;
}

/** `iri type container` of a plain term definition, prefixes expanded; undefined for anything else. */
function normalized(definition: unknown, defined: Map<string, string>): string | undefined {
  if (typeof definition === 'string') return `${expand(definition, defined)}  `;
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) return undefined;
  const fields = definition as JsonObject;
  if (!Object.keys(fields).every((key) => TERM_DEFINITION_KEYS.has(key))) return undefined;
  const { '@id': id, '@type': type, '@container': container } = fields;
  if (typeof id !== 'string' || id.startsWith('@')) return undefined;
  if (type !== undefined && typeof type !== 'string') return undefined;
  if (container !== undefined && (typeof container !== 'string' || !CONTAINERS.has(container))) return undefined;
  return `${expand(id, defined)} ${type === undefined ? '' : expand(type, defined)} ${container ?? ''}`;
}

function expand(value: string, defined: Map<string, string>): string {
  const colon = value.indexOf(':');
  if (colon === -1) return defined.get(value)?.split(' ')[0] ?? value;
  const prefix = defined.get(value.slice(0, colon))?.split(' ')[0];
  return prefix !== undefined && !value.startsWith('//', colon + 1) ? prefix + value.slice(colon + 1) : value;
}

function nestedContextProblem(value: unknown, top: boolean): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = nestedContextProblem(item, false);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value as JsonObject)) {
    if (key === '@context' && !top) return '@context inside the document';
    if (key === '@context') continue;
    const problem = nestedContextProblem(child, false);
    if (problem) return problem;
  }
  return undefined;
}
