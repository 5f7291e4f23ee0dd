// ESM TypeScript through ts-jest; see notes/toolkit.md ("Jest with ESM").
const tsJest = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
};
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  resolver: 'ts-jest-resolver',
  transform: tsJest,
  testEnvironment: 'node',
};

export default {
  projects: [
    // Pure logic: fast, no external programs.
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'] },
    // Real programs (xorriso, qemu-img, QEMU) and the bundled CLI.
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/__tests__/integration/**/*.test.ts'] },
    // Whole bakes of the stand-in guest under QEMU/TCG: minutes each.
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts'],
      testTimeout: 900_000,
    },
  ],
};
