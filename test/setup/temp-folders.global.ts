import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/** Every temporary folder the tests and their helpers make is named mic-…; pcscd's fixed-name logs are files. */
function micFolders(): Set<string> {
  const folders = new Set<string>();
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith('mic-')) continue;
    try {
      if (statSync(join(tmpdir(), name)).isDirectory()) folders.add(name);
    } catch {
      // removed while we looked
    }
  }
  return folders;
}

/**
 * A run leaves no temporary folder behind: the folders it added to the temp directory and did not remove are
 * listed by name and fail the run, so the test that made them can be found. Listed in the root config, which every project
 * extends; it does its work only for the root project, so a run checks once however many projects it runs.
 */
export default function setup(project: TestProject): (() => void) | undefined {
  if (!project.isRootProject()) return undefined;
  const before = micFolders();
  return () => {
    const left = [...micFolders()].filter((name) => !before.has(name)).sort();
    if (left.length === 0) return;
    console.error(
      `\nFAIL the tests left ${left.length} temporary folder(s) in ${tmpdir()}:\n${left.map((name) => `  ${name}`).join('\n')}\n` +
        'Remove each where it is made (afterEach/afterAll, the world’s close, try/finally), after stopping what uses it. ' +
        'A test run going on beside this one on the same machine leaves its folders here too while it runs.\n',
    );
    // An error thrown here is only printed: the run would still pass.
    process.exitCode = 1;
  };
}
