/**
 * A vitest reporter for mutation runs only (vitest.mutation.config.ts): a test file that fails
 * to load counts as a failed test.
 *
 * StrykerJS 9's vitest runner decides "killed" from failed tests alone. A mutant that makes a
 * test file throw while it is collected (a module-level table built with the mutated code, a
 * `new Map()` of a mutated array, a `describe` body that calls it) leaves that file with an
 * error and no tests, so the runner saw nothing fail and reported the mutant "survived", although
 * `npm test` fails on it. Measured on src/masking/redact.ts: `BASE64_VALUES`'s
 * `.map(() => undefined)` makes every redaction test file fail to load, and was "survived".
 *
 * After the run, each file with an error of its own gets one failed test carrying that error,
 * which the runner reads like any other failure.
 */
import type { RunnerTestCase, RunnerTestFile } from "vitest";
import type { Vitest } from "vitest/node";
import type { Reporter } from "vitest/reporters";

export const LOAD_FAILURE_TEST_NAME = "(the test file loads)";

/** One reporter per vitest instance: it reads the files of the state the runner reads. */
export function loadFailuresAsTests(): Reporter {
  let vitest: Vitest | undefined;
  return {
    onInit(ctx) {
      vitest = ctx;
    },
    onTestRunEnd() {
      for (const file of vitest?.state.getFiles() ?? []) {
        const errors = file.result?.errors ?? [];
        if (errors.length === 0) continue;
        file.tasks.push(loadFailureTest(file, errors));
      }
    },
  };
}

function loadFailureTest(
  file: RunnerTestFile,
  errors: NonNullable<RunnerTestFile["result"]>["errors"],
): RunnerTestCase {
  return {
    type: "test",
    id: `${file.id}_load`,
    name: LOAD_FAILURE_TEST_NAME,
    fullName: LOAD_FAILURE_TEST_NAME,
    fullTestName: LOAD_FAILURE_TEST_NAME,
    mode: "run",
    file,
    suite: file,
    meta: {},
    timeout: 0,
    annotations: [],
    artifacts: [],
    context: undefined as unknown as RunnerTestCase["context"],
    result: { state: "fail", errors },
  } as unknown as RunnerTestCase;
}
