import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Nest's dependency injection needs decorator metadata, which esbuild does not emit.
  plugins: [
    swc.vite({
      swcrc: false,
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        keepClassNames: true,
      },
    }),
  ],
  test: {
    include: [
      'server/**/*.spec.ts',
      'shared/**/*.spec.ts',
      'client/**/*.spec.ts',
      'test/**/*.spec.ts',
      'test/**/*.e2e-spec.ts',
      'test/**/*.interop-spec.ts',
    ],
    globalSetup: ['test/utils/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each end-to-end file boots whole instances; two at a time suits a 2-core machine.
    maxWorkers: 2,
    reporters: ['default', './test/utils/summary-reporter.ts'],
  },
});
