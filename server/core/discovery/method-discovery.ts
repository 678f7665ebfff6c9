import type { DiscoveryService, MetadataScanner } from '@nestjs/core';

export interface DiscoveredMethod<K> {
  key: K;
  /** `Class.method`, for error messages. */
  owner: string;
  /** The method bound to its provider instance. */
  call: (...args: unknown[]) => Promise<unknown>;
}

/** Finds every provider method carrying `metadataKey` (set with SetMetadata), with the metadata value. */
export function discoverMethods<K>(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  metadataKey: string,
): DiscoveredMethod<K>[] {
  const found: DiscoveredMethod<K>[] = [];
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
    const prototype = Object.getPrototypeOf(instance) as object;
    for (const method of scanner.getAllMethodNames(prototype)) {
      const fn = instance[method];
      if (typeof fn !== 'function') continue;
      const key = Reflect.getMetadata(metadataKey, fn) as K | undefined;
      if (key === undefined) continue;
      found.push({
        key,
        owner: `${prototype.constructor.name}.${method}`,
        call: (fn as (...args: unknown[]) => Promise<unknown>).bind(instance),
      });
    }
  }
  return found;
}
