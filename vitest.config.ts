import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Nest's dependency injection needs decorator metadata, which esbuild does not emit.
const decorators = swc.vite({
  swcrc: false,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
  },
});

export default defineConfig({
  plugins: [decorators],
  test: {
    globalSetup: ['test/utils/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each end-to-end file boots whole instances; two at a time suits a 2-core machine.
    maxWorkers: 2,
    reporters: ['default', './test/utils/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'shoal',
          include: [
            'server/**/*.spec.ts',
            'shared/**/*.spec.ts',
            'client/**/*.spec.ts',
            'test/**/*.spec.ts',
            'test/**/*.e2e-spec.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          // Against the one real PeerTube peer (test/interop/utils/peertube-peer.ts), which a test may stop: one
          // file at a time.
          name: 'interop',
          include: ['test/interop/**/*.interop-spec.ts'],
          fileParallelism: false,
          testTimeout: 240_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
