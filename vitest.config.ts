import { defineConfig } from "vitest/config";

/** End-to-end specs: the real bot in a child process against the emulated Bot API. */
const E2E = ["test/e2e/**/*.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
    // The bot compiled once for the processes the specs start (testkit/bot-build.ts).
    globalSetup: ["test/global-setup.ts"],
    // Vitest's default on 2 cores is one worker, so the suite ran one file after another while
    // most end-to-end files wait on child processes and timers. Three files at once keep both
    // cores busy without starving the timing assertions.
    maxWorkers: 3,
    // A worker keeps the modules it loaded (grammY, the search engine, the shipped knowledge)
    // from one file to the next instead of loading them again per file: a third of the unit
    // run's time. Specs share no mutable module state (no mocks; ids come from counters).
    isolate: false,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/**/*.test.ts"], exclude: E2E },
      },
      {
        extends: true,
        test: { name: "e2e", include: E2E },
      },
    ],
  },
});
